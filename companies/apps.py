from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Companies and cities")

    def ready(self):
        # Keeps the search data and the cached facet counts current.
        from . import signals  # noqa: F401
