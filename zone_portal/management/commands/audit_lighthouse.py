"""Audit one page of each public kind in English, German and Chinese with Lighthouse.

Starts gunicorn as the README's production recipe does (debug off, hashed static files,
HTTPS as nginx reports it; see zone_portal.production_server) on a scratch SQLite database
filled with the demo content, with the uploads served as nginx would serve them. Lighthouse
(npm, package.json; ``make checkers``) then runs with its default mobile configuration
(an emulated mid-range phone, simulated slow 4G, 4x slower CPU) in Debian's Chromium, one
page after another, and the command prints the four category scores and the cumulative
layout shift of each page. It exits non-zero when a page is below the targets of issue 11:
100 in accessibility, best practices and SEO, 98 or more in performance, CLS 0.

Scores depend on the machine's load, which is printed before and after; this is a command
to run on a quiet machine, not a test.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zone_portal.production_server import (
    MEDIA_APP,
    PROXY_HEADER,
    gunicorn,
    load_average,
    manage,
    production_environment,
)

LIGHTHOUSE = settings.BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
LANGUAGES = ("en", "de", "zh-hans")

# The addresses the demo content gives, read from the scratch database (and one registration
# made there, for the registrant's own page). Printed as JSON by ``manage.py shell``.
DEMO_ADDRESSES = """
import json
from companies.models import City, Company, Cooperation
from events import services
from events.models import Announcement, Event
company = Company.objects.published().filter(logo_small__gt="").order_by("pk").first()
event = next(event for event in Event.objects.published().upcoming() if not event.registration_refusal())
registration = services.register_for_event(event=event, name="Lighthouse", email="lighthouse@example.com")
print(json.dumps({
    "company": company.slug,
    "sector": company.sectors.order_by("pk").first().slug,
    "country": company.country,
    "city": City.objects.order_by("pk").first().slug,
    "cooperation": Cooperation.objects.visible().order_by("pk").first().slug,
    "event": event.slug,
    "announcement": Announcement.objects.published().order_by("pk").first().slug,
    "registration": registration.token,
}))
"""

# One address of each public page kind, below the language prefix.
PAGES = {
    "home": "",
    "search": "search/?q=logistics",
    "search, nothing found": "search/?q=qqqqxyz",
    "directory": "companies/",
    "directory, filtered": "companies/?q=service&country={country}&sector={sector}",
    "directory, nothing found": "companies/?q=qqqqxyz",
    "profile": "companies/{company}/",
    "contact a company": "companies/{company}/contact/",
    "cooperation board": "cooperation/",
    "cooperation entry": "cooperation/{cooperation}/",
    "propose cooperation": "cooperation/propose/",
    "contact the zone": "contact/",
    "inquiry sent": "contact/sent/",
    "cities": "cities/",
    "city": "cities/{city}/",
    "events": "events/",
    "past events": "events/past/",
    "event": "events/{event}/",
    "registration": "events/registration/{registration}/",
    "announcements": "events/announcements/",
    "announcement": "events/announcements/{announcement}/",
    "imprint": "imprint/",
    "privacy": "privacy/",
}
# Pages that ask search engines not to index them, on purpose (Lighthouse's SEO category
# counts that against them): search results (Google asks sites to keep them out of its
# index), a form reached from a profile, and a registrant's own page (personal data).
NOT_INDEXED = {"search", "search, nothing found", "contact a company", "registration"}
# Not here: the "page not found" page, which Lighthouse refuses to audit (a page that answers
# 404 is "unable to reliably load"); tests/test_html_validity.py checks its markup.


class Command(BaseCommand):
    help = "Run Lighthouse (mobile) on each public page kind in three languages against gunicorn as in production."

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", choices=LANGUAGES, help="Only this language (repeatable).")
        parser.add_argument("--page", action="append", choices=list(PAGES), help="Only this page kind (repeatable).")
        parser.add_argument(
            "--runs", type=int, default=1, help="Lighthouse runs per page; the median performance run counts."
        )
        parser.add_argument("--chromium", default=os.environ.get("CHROME_PATH") or shutil.which("chromium"))
        parser.add_argument("--reports", help="Keep each page's Lighthouse report (JSON) in this folder.")

    def handle(self, *args, **options):
        if not LIGHTHOUSE.exists():
            raise CommandError(f"No Lighthouse at {LIGHTHOUSE}: run `make checkers` (npm ci).")
        if not options["chromium"] or not Path(options["chromium"]).exists():
            raise CommandError("No Chromium: install Debian's chromium or pass --chromium.")
        self.options = options
        languages = options["language"] or LANGUAGES
        kinds = options["page"] or list(PAGES)
        self.say(f"load average before: {load_average()}")
        with tempfile.TemporaryDirectory(prefix="zone-lighthouse-") as name:
            folder = Path(name)
            self.reports = Path(options["reports"]) if options["reports"] else folder / "reports"
            self.reports.mkdir(parents=True, exist_ok=True)
            env = self.scratch_database(folder)
            addresses = json.loads(manage("shell", "-v0", "-c", DEMO_ADDRESSES, env=env).splitlines()[-1])
            with gunicorn(folder, env, app=MEDIA_APP, say=self.say) as base:
                results = [
                    (
                        kind,
                        language,
                        self.audit(f"{base}/{language}/{PAGES[kind].format(**addresses)}", kind, language),
                    )
                    for kind in kinds
                    for language in languages
                ]
        self.say(f"load average after: {load_average()}")
        failed = self.table(results)
        if failed:
            raise CommandError(f"{failed} of {len(results)} pages below the targets.")
        self.say(f"All {len(results)} pages meet the targets.")

    # --- The server -------------------------------------------------------------------------

    def scratch_database(self, folder):
        """Return production's environment on a new SQLite database in ``folder`` with the demo content."""
        env = {
            **os.environ,
            **production_environment(folder, database=f"sqlite:///{folder / 'audit.sqlite3'}"),
            # Lighthouse sends the proxy's header with the page's requests but not when it reads
            # /robots.txt, which would then be redirected to https://, where nothing listens.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
        }
        self.say("Migrating a scratch database and loading the demo content ...")
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_demo", env=env)
        return env

    # --- Lighthouse -------------------------------------------------------------------------

    def audit(self, url, kind, language):
        """Return the scores, CLS and failing audits of ``url`` (the median run by performance)."""
        runs = [
            self.lighthouse(url, f"{kind}-{language}-{run}".replace(" ", "-").replace(",", ""))
            for run in range(self.options["runs"])
        ]
        runs.sort(key=lambda run: run["scores"]["performance"])
        result = runs[len(runs) // 2]
        result["performance runs"] = [run["scores"]["performance"] for run in runs]
        self.say(
            f"  {kind:<26} {language:<8} "
            + "  ".join(f"{result['scores'][c]:3d}" for c in CATEGORIES)
            + f"  CLS {result['cls']:.3f}"
        )
        return result

    def lighthouse(self, url, name, attempts=3):
        """Run Lighthouse once on ``url``; again if the run fails (it now and then loses the trace)."""
        for attempt in range(1, attempts + 1):
            try:
                return self.lighthouse_run(url, name)
            except CommandError as error:
                if attempt == attempts:
                    raise
                self.say(f"  ({error}; trying again)")

    def lighthouse_run(self, url, name):
        report = self.reports / f"{name}.json"
        report.unlink(missing_ok=True)
        command = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless --no-sandbox",
            # As nginx tells the app: the request came in over HTTPS (no redirect to https://).
            f"--extra-headers={json.dumps(dict([PROXY_HEADER]))}",
        ]
        env = {**os.environ, "CHROME_PATH": self.options["chromium"]}
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
        if result.returncode or not report.exists():
            raise CommandError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        data = json.loads(report.read_text())
        if data.get("runtimeError"):
            raise CommandError(f"Lighthouse could not audit {url}: {data['runtimeError']}")
        categories = data["categories"]
        failing = {}
        for category in CATEGORIES:
            for ref in categories[category]["auditRefs"]:
                audit = data["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    failing.setdefault(category, []).append(f"{ref['id']} ({audit['score']:.2f})")
        return {
            "url": url,
            "scores": {category: round(categories[category]["score"] * 100) for category in CATEGORIES},
            "cls": data["audits"]["cumulative-layout-shift"]["numericValue"],
            "failing": failing,
        }

    # --- The table --------------------------------------------------------------------------

    def table(self, results):
        """Print the table of scores and what keeps a page below its target; return how many are."""
        self.say("")
        self.say("| page | language | performance | accessibility | best practices | SEO | CLS |")
        self.say("|---|---|---|---|---|---|---|")
        failed = 0
        notes = []
        for kind, language, result in results:
            scores, cls = result["scores"], result["cls"]
            below = [category for category in CATEGORIES if scores[category] < TARGETS[category]]
            seo_failures = {entry.split()[0] for entry in result["failing"].get("seo", [])}
            if kind in NOT_INDEXED and "seo" in below and seo_failures == {"is-crawlable"}:
                below.remove("seo")
                notes.append(f"{kind} ({language}): SEO {scores['seo']} only for its noindex, on purpose")
            if round(cls, 3) > 0:
                below.append("CLS")
            cells = [f"**{scores[c]}**" if c in below else str(scores[c]) for c in CATEGORIES]
            runs = result["performance runs"]
            if len(runs) > 1:
                cells[0] += f" ({', '.join(map(str, runs))})"
            self.say(
                f"| {kind} | {language} | {' | '.join(cells)} | {'**' if 'CLS' in below else ''}{cls:.3f}"
                f"{'**' if 'CLS' in below else ''} |"
            )
            if below:
                failed += 1
                reasons = "; ".join(
                    f"{category}: {', '.join(result['failing'].get(category, []))}"
                    for category in CATEGORIES
                    if category in below
                )
                notes.append(f"{kind} ({language}) below target: {reasons or 'CLS'}  {result['url']}")
        for note in notes:
            self.say(f"- {note}")
        return failed

    def say(self, text):
        self.stdout.write(text)
        self.stdout.flush()
