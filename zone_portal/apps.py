from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ZonePortalConfig(AppConfig):
    name = "zone_portal"
    verbose_name = _("Zone portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_session_on_login
        from .roles import sync_roles

        # Sent for this app last (it is last in INSTALLED_APPS), when every app's
        # permissions already exist.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="zone_portal.sync_roles")
        # Where a staff session's working day starts (zone_portal.middleware).
        user_logged_in.connect(stamp_session_on_login, dispatch_uid="zone_portal.stamp_session_on_login")


class ZoneAdminConfig(admin_apps.AdminConfig):
    """Django's admin with zone_portal.admin_site.ZoneAdminSite as ``admin.site``, so the
    optional second factor applies to every model registered with ``@admin.register``."""

    # Named explicitly in INSTALLED_APPS; "zone_portal" alone still means ZonePortalConfig.
    default = False
    default_site = "zone_portal.admin_site.ZoneAdminSite"
