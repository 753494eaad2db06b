"""Erase or delete personal data kept past its retention period (run daily)."""

from django.core.management.base import BaseCommand

from zone_portal.privacy import enforce_retention, retention


class Command(BaseCommand):
    help = "Erase or delete personal data kept past its retention period. Run it daily (README: Privacy)."

    def handle(self, *args, **options):
        counts = enforce_retention()
        self.stdout.write(f"Retention periods in days: {retention()}")
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
