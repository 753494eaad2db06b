"""Fill the configured database with synthetic companies, to try the directory at scale.

    python manage.py seed_directory --companies 100000

Refuses to run on a database holding companies it did not make (real or demo data)
unless given ``--force``; ``--remove`` takes the seeded companies out again.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from companies.seeding import Seeder, real_companies, seeded_companies
from core import versions


def progress_bar(stream, label):
    """Return a ``progress(done, total)`` that draws a bar with the rate and time left on ``stream``."""
    started = time.monotonic()

    def progress(done, total):
        width = 40
        filled = width * done // total if total else width
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed and done else 0
        left = f"{(total - done) / rate:4.0f} s left" if rate and done < total else f"{elapsed:4.0f} s"
        bar = "#" * filled + "." * (width - filled)
        line = f"\r{label} [{bar}] {done * 100 // max(total, 1):3d}% {done:,}/{total:,} {left}"
        stream.write(line + ("\n" if done >= total else ""), style_func=str, ending="")
        stream.flush()

    return progress


class Command(BaseCommand):
    help = "Add synthetic companies (three languages, sectors, cities, sizes, members) to the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=1000, help="How many companies to add (default 1,000).")
        parser.add_argument("--seed", type=int, default=2016, help="Random seed: the same seed, the same companies.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database holds companies seed_directory did not make.",
        )
        parser.add_argument("--remove", action="store_true", help="Delete the seeded companies instead.")

    def handle(self, *args, **options):
        if options["remove"]:
            with transaction.atomic():
                removed, _details = seeded_companies().delete()
                versions.bump(versions.DIRECTORY)
            self.stdout.write(f"Removed the seeded companies ({removed:,} rows with their sector links).")
            return
        count = options["companies"]
        if count < 1:
            raise CommandError("--companies must be 1 or more.")
        others = real_companies()
        if others.exists() and not options["force"]:
            examples = ", ".join(others.order_by("name_en").values_list("name_en", flat=True)[:3])
            raise CommandError(
                f"This database holds {others.count():,} companies that seed_directory did not make "
                f"({examples}, …). Synthetic companies would show beside them in the directory. "
                "Use a scratch database (DATABASE_URL), or pass --force if that is what you want."
            )
        started = time.monotonic()
        seeder = Seeder(seed=options["seed"], progress=progress_bar(self.stderr, f"Seeding {count:,} companies"))
        made = seeder.add(count)
        versions.bump(versions.DIRECTORY)
        self.stdout.write(
            f"Added {made:,} companies in {time.monotonic() - started:.0f} s; "
            f"the directory now holds {seeded_companies().count():,} seeded companies."
        )
