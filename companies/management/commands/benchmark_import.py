"""Time the admin's spreadsheet import of a generated file of companies (docs/BENCHMARKS.md).

Everything happens inside one transaction that is rolled back at the end: the sectors, cities
and user it needs, and the imported companies, are gone afterwards, whichever database is
configured. It times what the admin does: reading the XLSX, the dry run behind the preview,
and the confirmed import (which reads the file again).
"""

import os
import time

import tablib
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from companies import services
from companies.models import City, Company, Country, Sector
from companies.resources import CompanyResource
from core.spreadsheets import ExcelXLSX

SECTORS = [
    ("Machinery", "Maschinenbau", "机械制造"),
    ("Logistics", "Logistik", "物流"),
    ("Lighting", "Beleuchtung", "照明"),
]
CITIES = [("Foshan", "Foshan", "佛山", Country.CHINA), ("Duisburg", "Duisburg", "杜伊斯堡", Country.GERMANY)]
PLACES = ["Foshan", "Hamburg", "Nanhai", "Köln", "Shunde", "Ulm", "Taicang", "Essen", "Jieyang", "Jena"]
TRADES = [("Machinery", "Maschinenbau", "机械"), ("Logistics", "Logistik", "物流"), ("Lighting", "Licht", "照明")]


class Rollback(Exception):
    """Raised to leave the transaction without keeping anything."""


def company_rows(count):
    """Return ``count`` rows of new companies, in three languages, as a staff member's file has them."""
    rows = []
    for number in range(count):
        place = PLACES[number % len(PLACES)]
        trade = TRADES[number % len(TRADES)]
        sector = SECTORS[number % len(SECTORS)]
        rows.append(
            {
                "slug": "",
                "name_en": f"{place} {trade[0]} {number}",
                "name_de": f"{place} {trade[1]} {number} GmbH",
                "name_zh_hans": f"{place}{trade[2]}{number}有限公司",
                "country": Country.CHINA if number % 2 else Country.GERMANY,
                "city": CITIES[number % len(CITIES)][2],
                "sectors": f"{sector[1]}; {SECTORS[(number + 1) % len(SECTORS)][0]}",
                "status": "published",
                "size": "small",
                "founded_year": 1950 + number % 70,
                "member_since": "",
                "website": f"www.company-{number}.example",
                "email": f"info@company-{number}.example",
                "phone": f"+86 757 {number:08d}",
                "summary_en": f"{trade[0]} from {place}.",
                "summary_de": f"{trade[1]} aus {place}.",
                "summary_zh_hans": f"来自{place}的{trade[2]}。",
            }
        )
    return rows


class Command(BaseCommand):
    help = "Time importing a generated XLSX of companies (dry run and real import), then roll everything back."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000, help="companies in the generated file (5,000)")

    def handle(self, *args, rows, **options):
        self.out(f"Database: {connection.vendor}; load average before: {self.load()}")
        try:
            with transaction.atomic():
                self.run(rows)
                raise Rollback
        except Rollback:
            pass
        self.out(f"Rolled back. Load average after: {self.load()}")

    def run(self, count):
        user = get_user_model().objects.create(username="benchmark-import", is_staff=True)
        for names in SECTORS:
            services.save_sector(sector=Sector(name_en=names[0], name_de=names[1], name_zh_hans=names[2]), user=None)
        for en, de, zh, country in CITIES:
            services.save_city(city=City(name_en=en, name_de=de, name_zh_hans=zh, country=country), user=None)
        before = Company.objects.count()

        started = time.perf_counter(), time.process_time()
        resource = CompanyResource()
        headers = resource.get_export_headers()
        data = company_rows(count)
        dataset = tablib.Dataset(*[[row.get(header, "") for header in headers] for row in data], headers=headers)
        content = ExcelXLSX().export_data(dataset)
        self.timed(f"Generated a {count:,}-row XLSX ({len(content) / 1e6:.1f} MB)", started)

        started = time.perf_counter(), time.process_time()
        result = CompanyResource().import_data(ExcelXLSX().create_dataset(content), dry_run=True, user=user)
        self.ensure_no_errors(result, "dry run")
        self.timed(f"Preview (read the file, dry run): {result.totals['new']:,} new", started)
        if Company.objects.count() != before:
            raise CommandError("The dry run left companies behind.")

        started = time.perf_counter(), time.process_time()
        result = CompanyResource().import_data(
            ExcelXLSX().create_dataset(content), dry_run=False, rollback_on_validation_errors=True, user=user
        )
        self.ensure_no_errors(result, "import")
        self.timed(
            f"Confirmed import (read the file, save through the service): {result.totals['new']:,} new", started
        )
        if Company.objects.count() != before + count:
            raise CommandError("The import did not save every row.")

    def ensure_no_errors(self, result, what):
        if result.has_errors() or result.has_validation_errors():
            raise CommandError(f"The {what} reported errors: {result.base_errors or result.invalid_rows[:3]}")

    def timed(self, label, started):
        # CPU time as well: on a shared machine the wall-clock time says as much about the others.
        wall, cpu = time.perf_counter() - started[0], time.process_time() - started[1]
        self.out(f"{label}: {wall:.1f} s ({cpu:.1f} s CPU in this process)")

    def load(self):
        return " ".join(f"{value:.2f}" for value in os.getloadavg())

    def out(self, text):
        self.stdout.write(text)
