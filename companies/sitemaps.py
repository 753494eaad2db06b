"""Site map entries for published companies, alliance cities and cooperation entries, in every language."""

from django.contrib.sitemaps import Sitemap

from .models import City, Company, Cooperation


class CompanySitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Company.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, company):
        return company.updated_at


class CitySitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return City.objects.only("slug").order_by("pk")


class CooperationSitemap(Sitemap):
    """The entries on the board; the URL is made from the title, never from a withheld name."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Cooperation.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, entry):
        return entry.updated_at
