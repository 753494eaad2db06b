"""Load the demo content: alliance cities, companies, events. Safe to run again."""

import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zone_portal.roles import ORGANISERS, ZONE_STAFF

# Each app that has demo content keeps it in its own demo module, with a load() function
# that creates or updates rows by slug, so a second run creates no duplicates.
DEMO_APPS = ["companies", "events"]
DEMO_ADMIN = "demo-admin"


class Command(BaseCommand):
    help = "Load the demo content (idempotent). With --with-demo-admin, also a staff login for the demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-admin",
            action="store_true",
            help="Create a superuser 'demo-admin' with a random password (debug mode only).",
        )

    def handle(self, *args, with_demo_admin=False, **options):
        with transaction.atomic():
            for app_label in DEMO_APPS:
                module = import_module(f"{app_label}.demo")
                summary = module.load()
                self.stdout.write(f"{app_label}: {summary}")
        if with_demo_admin:
            self.ensure_demo_admin()

    def ensure_demo_admin(self):
        if not settings.DEBUG:
            raise CommandError("The demo admin is only created with DJANGO_DEBUG=true, never in production.")
        # The password lives next to the demo database, outside the repository.
        password_file = settings.BASE_DIR / "var" / "demo-admin-password.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=DEMO_ADMIN).first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            user = user or user_model(username=DEMO_ADMIN, email="demo-admin@localhost")
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=[ZONE_STAFF, ORGANISERS]))
        password = password_file.read_text().strip()
        self.stdout.write(
            self.style.SUCCESS(f"Admin login at /admin/ — user {DEMO_ADMIN}, password {password} (demo database only)")
        )
