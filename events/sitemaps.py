"""Site-map entries for published events and announcements, in every language."""

from django.contrib.sitemaps import Sitemap

from .models import Announcement, Event


class EventSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("-starts_at", "pk")

    def lastmod(self, event):
        return event.updated_at


class AnnouncementSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Announcement.objects.published()

    def lastmod(self, announcement):
        return announcement.updated_at
