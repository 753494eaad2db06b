"""Site map entries for published companies and alliance cities, in every language."""

from django.contrib.sitemaps import Sitemap

from .models import City, Company


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
