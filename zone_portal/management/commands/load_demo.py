"""Add the demo content (zone_portal/demo_data/) that is missing; never change an existing row."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zone_portal.demo import database_is_empty, load_demo_data
from zone_portal.roles import ORGANISERS, ZONE_STAFF

DEMO_ADMIN = "demo-admin"


def password_file():
    """Return where the demo admin's password of the database in use is kept.

    One file per database (named by a hash of its engine, host, port and name), outside
    the repository, so a SQLite and a PostgreSQL demo database each keep their own.
    """
    database = connection.settings_dict
    identity = "|".join(str(database.get(key) or "") for key in ("ENGINE", "HOST", "PORT", "NAME"))
    digest = hashlib.sha256(identity.encode()).hexdigest()[:12]
    return settings.BASE_DIR / "var" / f"demo-admin-password-{digest}.txt"


class Command(BaseCommand):
    help = (
        "Add the demo content that is missing, leaving every existing row as it is. "
        "With --with-demo-admin, also a staff login for the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing when the database already has a company or an event (what 'make run' uses).",
        )
        parser.add_argument(
            "--with-demo-admin",
            action="store_true",
            help="Create a superuser 'demo-admin' with a random password (debug mode only).",
        )

    def handle(self, *args, if_empty=False, with_demo_admin=False, **options):
        if with_demo_admin and not settings.DEBUG:
            raise CommandError("The demo admin is only created with DJANGO_DEBUG=true, never in production.")
        if if_empty and not database_is_empty():
            self.stdout.write(
                "The database already has companies or events: demo content not loaded "
                "(run 'python manage.py load_demo' to add missing demo rows; existing rows are never changed)."
            )
        else:
            report = load_demo_data()
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(
                self.style.SUCCESS(f"Demo content: {report.total_added} rows added; existing rows left as they were.")
            )
        if with_demo_admin:
            self.ensure_demo_admin()

    def ensure_demo_admin(self):
        path = password_file()
        password = path.read_text().strip() if path.exists() else ""
        user_model = get_user_model()
        user = user_model.objects.filter(username=DEMO_ADMIN).first()
        if user is None:
            user = user_model(username=DEMO_ADMIN, email="demo-admin@localhost", is_staff=True, is_superuser=True)
            user.set_unusable_password()
            user.save()
            user.groups.set(Group.objects.filter(name__in=[ZONE_STAFF, ORGANISERS]))
        if not password or not user.check_password(password):
            # A new database, a lost file or a file written for another database: start afresh.
            password = secrets.token_urlsafe(12)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(password + "\n")
            path.chmod(0o600)
            user.set_password(password)
            user.save(update_fields=["password"])
        kept_in = path.relative_to(settings.BASE_DIR)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login at /{settings.ZONE_ADMIN_PATH} — user {DEMO_ADMIN}, password {password} "
                f"(demo database only; kept in {kept_in})"
            )
        )
