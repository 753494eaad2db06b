"""The Atom feed of events and announcements."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .models import Announcement, Event

FEED_LENGTH = 20


class LatestEventsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Events and announcements of the Sino-German Industrial City Alliance")
    subtitle = _("Forums, exhibitions, company visits and news from the Sino-German Industrial Services Zone.")

    def link(self):
        return reverse("events:list")

    def items(self):
        events = list(Event.objects.published().order_by("-created_at", "-pk")[:FEED_LENGTH])
        announcements = list(Announcement.objects.published()[:FEED_LENGTH])
        items = events + announcements
        items.sort(key=self.item_updateddate, reverse=True)
        return items[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, Event) and item.is_cancelled:
            return f"{item.title} ({_('cancelled')})"
        return item.title

    def item_description(self, item):
        if isinstance(item, Event):
            return item.summary or strip_tags(item.body)[:300]
        return strip_tags(item.body)[:300]

    def item_guid(self, item):
        return f"{type(item).__name__.lower()}-{item.pk}@zone-portal"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at if isinstance(item, Announcement) else item.created_at

    def item_updateddate(self, item):
        return item.published_at if isinstance(item, Announcement) else item.updated_at
