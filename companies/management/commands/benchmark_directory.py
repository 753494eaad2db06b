"""Measure the directory, search and profile pages with 1,000 and then 100,000 companies.

Runs against a throw-away database the command creates (``benchmark_<name>``) and drops
at the end, never against the real one. PostgreSQL only: the figures matter for
production, and SQLite has none of the search indexes.
"""

import os
import random
import statistics
import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from companies.models import City, Company, CompanyStatus, Country, SearchWord, Sector, SizeClass
from companies.search import build_documents, name_words, search_vector_expression

BATCH = 2000

SECTORS = [
    ("machinery", "Machinery", "Maschinenbau", "机械制造"),
    ("logistics", "Logistics", "Logistik", "物流"),
    ("lighting", "Lighting", "Beleuchtung", "照明"),
    ("automation", "Industrial automation", "Industrieautomation", "工业自动化"),
    ("recycling", "Recycling and environmental services", "Recycling und Umweltdienstleistungen", "回收与环境服务"),
    ("insurance", "Insurance", "Versicherung", "保险"),
    ("engineering", "Engineering services", "Ingenieurdienstleistungen", "工程服务"),
    ("trade-fairs", "Trade fairs", "Messen", "展会"),
    ("training", "Education and training", "Aus- und Weiterbildung", "教育培训"),
]
CITIES = [
    ("foshan", Country.CHINA, "Foshan", "佛山", 23.02, 113.12),
    ("taicang", Country.CHINA, "Taicang", "太仓", 31.46, 121.13),
    ("shenyang", Country.CHINA, "Shenyang", "沈阳", 41.8, 123.43),
    ("jieyang", Country.CHINA, "Jieyang", "揭阳", 23.55, 116.37),
    ("ludwigshafen", Country.GERMANY, "Ludwigshafen", "路德维希港", 49.48, 8.44),
    ("nuremberg", Country.GERMANY, "Nuremberg", "纽伦堡", 49.45, 11.08),
    ("duisburg", Country.GERMANY, "Duisburg", "杜伊斯堡", 51.43, 6.76),
    ("augsburg", Country.GERMANY, "Augsburg", "奥格斯堡", 48.37, 10.9),
]
PLACES = ["Rhein", "Main", "Alpen", "Hanse", "Elbe", "Pearl River", "Lingnan", "Shunde", "Nanhai", "Delta"]
PLACES_ZH = ["莱茵", "美因", "阿尔卑斯", "汉莎", "易北", "珠江", "岭南", "顺德", "南海", "三角洲"]
TRADES = [
    ("Maschinenbau", "Maschinenbau", "机械"),
    ("Logistics", "Logistik", "物流"),
    ("Lighting", "Lichttechnik", "照明"),
    ("Automation", "Automatisierung", "自动化"),
    ("Recycling", "Abfallwirtschaft", "环保"),
    ("Auto Parts", "Autoteile", "汽车零部件"),
    ("Precision Tools", "Präzisionswerkzeuge", "精密工具"),
    ("Energy Systems", "Energiesysteme", "能源系统"),
    ("Consulting", "Beratung", "咨询"),
    ("Electronics", "Elektronik", "电子"),
]
FORMS = [
    ("GmbH", "GmbH", "有限公司"),
    ("AG", "AG", "股份公司"),
    ("Co. Ltd.", "Co. Ltd.", "有限公司"),
    ("Group", "Gruppe", "集团"),
]

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
        self.random = random.Random(options["seed"])  # noqa: S311 - repeatable fake data, not secrets
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

    # --- Seeding ------------------------------------------------------------------------

    def progress(self, done, total, label):
        width = 40
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "." * (width - filled)
        sys.stderr.write(f"\r{label} [{bar}] {done * 100 // max(total, 1):3d}% {done:,}/{total:,}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def seed_to(self, size):
        if not Sector.objects.exists():
            self.sectors = [
                Sector.objects.create(slug=slug, name_en=en, name_de=de, name_zh_hans=zh)
                for slug, en, de, zh in SECTORS
            ]
            self.cities = [
                City.objects.create(
                    slug=slug, country=country, name_en=en, name_zh_hans=zh, latitude=lat, longitude=lon
                )
                for slug, country, en, zh, lat, lon in CITIES
            ]
            osram = Company.objects.create(
                name_en="Osram",
                name_zh_hans="欧司朗",
                slug="osram",
                country=Country.GERMANY,
                status=CompanyStatus.PUBLISHED,
                summary_en="Lighting and optical semiconductors.",
                city=self.cities[0],
            )
            osram.sectors.add(self.sectors[2])
        existing = Company.objects.count()
        made, label = existing, f"Seeding {size:,} companies"
        self.progress(made, size, label)
        while made < size:
            count = min(BATCH, size - made)
            self.create_batch(made, count)
            made += count
            self.progress(made, size, label)
        sys.stderr.write("Building search vectors and statistics ...\n")
        Company.objects.filter(search_vector__isnull=True).update(search_vector=search_vector_expression())
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum would have them on a live database.
            cursor.execute("ANALYZE")

    def create_batch(self, start, count):
        rng = self.random
        companies, memberships, words = [], [], set()
        for number in range(start, start + count):
            place = rng.randrange(len(PLACES))
            trade = rng.randrange(len(TRADES))
            form = rng.choice(FORMS)
            en, de, zh = TRADES[trade]
            sectors = rng.sample(self.sectors, rng.randint(1, 3))
            city = rng.choice(self.cities)
            country = rng.choice([Country.GERMANY, Country.CHINA, Country.GERMANY, Country.AUSTRIA])
            company = Company(
                slug=f"company-{number}",
                name_en=f"{PLACES[place]} {en} {form[0]} {number}",
                name_de=f"{PLACES[place]} {de} {form[1]} {number}",
                name_zh_hans=f"{PLACES_ZH[place]}{zh}{form[2]}{number}",
                summary_en=f"{en} services for industry in China and Germany.",
                summary_de=f"{de} für die Industrie in China und Deutschland.",
                summary_zh_hans=f"为中德工业提供{zh}服务。",
                country=country,
                city=city,
                size=rng.choice(SizeClass.values),
                status=CompanyStatus.PUBLISHED if rng.random() < 0.95 else CompanyStatus.DRAFT,
                member_since=None if rng.random() < 0.6 else f"{rng.randint(2016, 2026)}-0{rng.randint(1, 9)}-01",
                founded_year=rng.randint(1900, 2024),
            )
            company.search_names, company.search_text = build_documents(company, sectors, city)
            companies.append(company)
            memberships.append(sectors)
            words |= name_words(company.name_en, company.name_de)
        Company.objects.bulk_create(companies)
        through = Company.sectors.through
        through.objects.bulk_create(
            [
                through(company_id=company.pk, sector_id=sector.pk)
                for company, sectors in zip(companies, memberships, strict=True)
                for sector in sectors
            ]
        )
        SearchWord.objects.bulk_create([SearchWord(word=word) for word in words], ignore_conflicts=True)

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
