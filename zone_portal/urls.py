from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.antispam import altcha_challenge

from . import privacy_views, search_views, views
from .sitemaps import sitemaps

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
    # The admin's address comes from DJANGO_ADMIN_PATH; its own pages move with it.
    path(f"{settings.ZONE_ADMIN_PATH}privacy/", privacy_views.personal_data_view, name="privacy_personal_data"),
    path(settings.ZONE_ADMIN_PATH, admin.site.urls),
    # The proof-of-work challenge for public forms, the same in every language.
    path("altcha/challenge/", altcha_challenge, name="altcha_challenge"),
]

# Every public page lives under a language prefix; "/" redirects by Accept-Language.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path(
        "imprint/",
        TemplateView.as_view(
            template_name="pages/imprint.html", extra_context={"breadcrumbs": [(_("Imprint"), None)]}
        ),
        name="imprint",
    ),
    path(
        "privacy/",
        TemplateView.as_view(
            template_name="pages/privacy.html", extra_context={"breadcrumbs": [(_("Privacy"), None)]}
        ),
        name="privacy",
    ),
    path("", include("companies.urls")),
    path("events/", include("events.urls")),
)

if settings.DEBUG:
    # Production serves uploads from the web server (see README), never from Django.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
