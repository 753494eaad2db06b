from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ZonePortalConfig(AppConfig):
    name = "zone_portal"
    verbose_name = _("Zone portal")

    def ready(self):
        from .roles import sync_roles

        # Sent for this app last (it is last in INSTALLED_APPS), when every app's
        # permissions already exist.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="zone_portal.sync_roles")
