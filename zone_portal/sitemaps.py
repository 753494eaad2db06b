"""The site map: static pages here, each app's pages from its own sitemaps module."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from companies.sitemaps import CitySitemap, CompanySitemap, CooperationSitemap
from events.sitemaps import AnnouncementSitemap, EventSitemap


class StaticViewSitemap(Sitemap):
    """The fixed pages, in every language with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return ["home", "imprint", "privacy", "companies:cooperation_list", "companies:contact_zone"]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "static": StaticViewSitemap,
    "companies": CompanySitemap,
    "cities": CitySitemap,
    "cooperation": CooperationSitemap,
    "events": EventSitemap,
    "announcements": AnnouncementSitemap,
}
