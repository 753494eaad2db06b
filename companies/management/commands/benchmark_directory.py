"""Measure the directory, search and profile pages with 1,000 and then 100,000 companies.

Runs against a throw-away database the command creates (``benchmark_<name>``) and drops
at the end, never against the real one. PostgreSQL only: the figures matter for
production, and SQLite has none of the search indexes.
"""

import os
import random
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from companies.management.commands.seed_directory import progress_bar
from companies.models import Company, CompanyStatus, Country, Sector, SizeClass
from companies.search import refresh_search_data
from companies.seeding import CITIES, PLACES, PLACES_ZH, SECTORS, TRADES, Seeder
from core import chinese

SCENARIOS = [
    ("directory, unfiltered", "/en/companies/", {}),
    ("directory, three filters", "/en/companies/", {"country": "DE", "sector": "machinery", "size": "medium"}),
    ("search, English 'logistics'", "/en/companies/", {"q": "logistics"}),
    ("search, German fragment 'maschine'", "/de/companies/", {"q": "maschine"}),
    ("search, Chinese two characters '汽车'", "/zh-hans/companies/", {"q": "汽车"}),
    ("search, typo 'Osrma'", "/en/companies/", {"q": "Osrma"}),
    ("profile page", None, {}),
]


class Command(BaseCommand):
    help = "Seed 1,000 then 100,000 companies into a throw-away PostgreSQL database and time the directory."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,100000", help="Comma-separated directory sizes, ascending.")
        parser.add_argument("--requests", type=int, default=60, help="Timed requests per scenario.")
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep the throw-away database afterwards and reuse it next time (seeding takes minutes).",
        )
        parser.add_argument(
            "--cold",
            type=int,
            default=60,
            help="Distinct searches and filter combinations, each timed once on its first request (0: none).",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "benchmark_directory needs PostgreSQL (set DATABASE_URL=postgres://...): the figures are meant "
                "for production, and SQLite has none of the search indexes being measured."
            )
        sizes = sorted(int(size) for size in options["sizes"].split(","))
        self.seed = options["seed"]
        self.requests = options["requests"]
        real_name = connection.settings_dict["NAME"]
        test_settings = connection.settings_dict.setdefault("TEST", {})
        test_settings["NAME"] = f"benchmark_{real_name}"
        self.stderr.write(f"Creating the throw-away database {test_settings['NAME']} ...")
        keep = options["keep"]
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keep)
        try:
            results = {}
            for size in sizes:
                self.seed_to(size)
                results[size] = self.measure(size)
            self.report(sizes, results)
            if options["cold"]:
                self.measure_cold(sizes[-1], options["cold"])
        finally:
            if keep:
                connection.close()
                self.stderr.write(f"Kept the database {test_settings['NAME']} (--keep).")
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
                self.stderr.write("Dropped the throw-away database.")

    # --- Seeding (companies.seeding, as ``manage.py seed_directory`` does) ------------

    def seed_to(self, size):
        if not Company.objects.filter(slug="osram").exists():
            # One real name for the typo and pinyin requests ("Osarm", "ousilang").
            osram = Company.objects.create(
                name_en="Osram",
                name_zh_hans="欧司朗",
                slug="osram",
                country=Country.GERMANY,
                status=CompanyStatus.PUBLISHED,
                summary_en="Lighting and optical semiconductors.",
            )
            osram.sectors.add(Sector.objects.get_or_create(slug="lighting", defaults={"name_en": "Lighting"})[0])
            refresh_search_data([osram])
        missing = size - Company.objects.count()
        if missing > 0:
            Seeder(seed=self.seed, progress=progress_bar(self.stderr, f"Seeding to {size:,} companies")).add(missing)

    # --- Measuring ----------------------------------------------------------------------

    def measure(self, size):
        cache.clear()
        client = Client()
        slugs = list(Company.objects.published().order_by("?").values_list("slug", flat=True)[: self.requests])
        rows = []
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
            for name, path, params in SCENARIOS:
                timings = []
                for index in range(self.requests + 1):
                    url = path or f"/en/companies/{slugs[index % len(slugs)]}/"
                    started = time.perf_counter()
                    response = client.get(url, params)
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise CommandError(f"{name}: {url} answered {response.status_code}")
                    timings.append(elapsed)
                first, timed = timings[0], sorted(timings[1:])
                p95 = timed[max(0, round(0.95 * len(timed)) - 1)]
                rows.append((name, first, statistics.median(timed), p95))
                self.stderr.write(f"  {size:>7,}  {name:<40} median {rows[-1][2]:6.1f} ms  p95 {p95:6.1f} ms")
        return rows

    def cold_requests(self, count):
        """Return ``count`` distinct directory requests as visitors make them: words of the
        seeded names in three languages, pinyin, typos, several words, Chinese compounds,
        alone or with filters, and filters alone."""
        rng = random.Random(7)  # noqa: S311 - a repeatable choice of requests, not secrets
        words = [
            *(place.lower() for place in PLACES),
            *PLACES_ZH,
            *(trade for trio in TRADES for trade in trio),
            "foshan",
            "shunde",
            "zhujiang",
            "nanhai",
            "ousilang",
            "Osarm",
            "Logistk",
            "Maschienbau",
            "Elektronk",
            "Beratnug",
        ]
        compounds = [f"{place}{trade[2]}" for place in PLACES_ZH for trade in TRADES]
        filters = {
            "country": [Country.GERMANY, Country.CHINA, Country.AUSTRIA],
            "sector": [slug for slug, *_names in SECTORS],
            "city": [slug for slug, *_rest in CITIES],
            "size": list(SizeClass.values),
            "members": ["on"],
        }
        seen, requests = set(), []
        while len(requests) < count:
            params = {}
            kind = rng.random()
            if kind < 0.35:
                params["q"] = rng.choice(words)
            elif kind < 0.6:
                params["q"] = f"{rng.choice(words)} {rng.choice(words)}"
            elif kind < 0.75:
                params["q"] = rng.choice(compounds)
            if kind >= 0.4 or not params:
                for name in rng.sample(sorted(filters), rng.randint(1, 3)):
                    params[name] = rng.choice(filters[name])
            key = tuple(sorted(params.items()))
            if key not in seen:
                seen.add(key)
                requests.append(params)
        return requests

    def measure_cold(self, size, count):
        """Time each of ``count`` distinct requests once, on its first request, caches cleared."""
        chinese.warm_up()  # as gunicorn does when it loads zone_portal/wsgi.py
        load_before = os.getloadavg()
        cache.clear()
        client = Client()
        timings = []
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
            client.get("/en/companies/")  # the process's first request: imports, templates
            for params in self.cold_requests(count):
                started = time.perf_counter()
                response = client.get("/en/companies/", params)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise CommandError(f"{params} answered {response.status_code}")
                timings.append((elapsed, params))
        ordered = sorted(timings, key=lambda pair: pair[0])
        p50 = statistics.median(elapsed for elapsed, _params in timings)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)][0]
        load_after = os.getloadavg()
        lines = [
            "",
            f"First requests at {size:,} companies: {count} distinct searches and filter combinations, "
            f"caches cleared, each asked once.",
            f"p50 {p50:.1f} ms (target <= 50), p95 {p95:.1f} ms (target <= 100), max {ordered[-1][0]:.1f} ms",
            f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)",
            "slowest:",
            *(f"  {elapsed:7.1f} ms  {params}" for elapsed, params in ordered[-8:]),
        ]
        self.stdout.write("\n".join(lines))

    def report(self, sizes, results):
        targets = {"directory": 50, "profile": 50, "search": 100}
        header = f"{'page':<40}" + "".join(f" | {f'{size:,} first/median/p95 ms':>30}" for size in sizes)
        lines = [header, "-" * len(header)]
        for index, (name, *_rest) in enumerate(results[sizes[0]]):
            cells = "".join(
                " | {:>30}".format("{:.1f} / {:.1f} / {:.1f}".format(*results[size][index][1:])) for size in sizes
            )
            lines.append(f"{name:<40}{cells}")
        lines.append("")
        smallest, largest = sizes[0], sizes[-1]
        for index, (name, *_rest) in enumerate(results[largest]):
            p95_small, p95_large = results[smallest][index][3], results[largest][index][3]
            target = targets[name.split(",")[0].split(" ")[0]]
            ratio = p95_large / p95_small if p95_small else float("inf")
            verdict = "ok" if p95_large < target and ratio <= 2 else "MISSED"
            lines.append(
                f"{name:<40} p95 {p95_large:6.1f} ms (target < {target} ms), "
                f"{largest:,}/{smallest:,} ratio {ratio:4.2f} (target <= 2): {verdict}"
            )
        self.stdout.write("\n".join(lines))
