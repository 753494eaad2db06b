"""The Atom feed of events and announcements (RFC 4287), one feed per language."""

import html

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, rfc3339_date
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.languages import shown_language

from .models import Announcement, Event

FEED_LENGTH = 20
SUMMARY_LENGTH = 300


def tag_uri(specific):
    """Return the tag: URI (RFC 4151) of ``specific`` under the zone's tagging entity."""
    return f"tag:{settings.ZONE_TAG_ENTITY}:{specific}"


def whole_seconds(moment):
    return moment.replace(microsecond=0)


class ZoneAtomFeed(Atom1Feed):
    """Django's Atom feed with what its entries lack: plain-text summaries, an ``xml:lang`` on
    a title or summary shown in the fallback language, and the alternate link's type and language.
    """

    def latest_post_date(self):
        # Without entries Django takes the current time, microseconds and all.
        return whole_seconds(super().latest_post_date())

    def add_item_elements(self, handler, item):
        feed_language = self.feed["language"]

        def language_of(part):
            code = item["languages"].get(part)
            return {"xml:lang": code} if code and code != feed_language else {}

        handler.addQuickElement("title", item["title"], {"type": "text", **language_of("title")})
        handler.addQuickElement(
            "link", "", {"rel": "alternate", "type": "text/html", "hreflang": feed_language, "href": item["link"]}
        )
        handler.addQuickElement("id", item["unique_id"])
        handler.addQuickElement("published", rfc3339_date(item["pubdate"]))
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        handler.startElement("author", {})
        handler.addQuickElement("name", item["author_name"])
        if item["author_link"] is not None:
            handler.addQuickElement("uri", item["author_link"])
        handler.endElement("author")
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text", **language_of("summary")})
        for category in item["categories"]:
            handler.addQuickElement("category", "", {"term": category})


class LatestEventsFeed(Feed):
    """The latest published events and announcements, newest publication first.

    Each language has its own feed (/en/events/feed/, /de/…): entries are in the feed's language,
    or in English where a text has no translation, marked with ``xml:lang``. Entry ids are tag:
    URIs with the language, the kind and the primary key, so they never change when a title or
    slug is edited, and a reader following two languages keeps both (the same id in two feeds
    would tell it they were one entry).
    """

    feed_type = ZoneAtomFeed
    title = _("Events and announcements of the Sino-German Industrial City Alliance")
    subtitle = _("Forums, exhibitions, company visits and news from the Sino-German Industrial Services Zone.")
    author_name = _("Sino-German Industrial Services Zone")

    def get_object(self, request):
        # The request, for absolute links: one Feed instance serves every request, so
        # nothing request-bound may be kept on it.
        return request

    def link(self):
        return reverse("events:list")

    def author_link(self, request):
        return request.build_absolute_uri(reverse("home"))

    def feed_guid(self):
        return tag_uri(f"{get_language()}/feed")

    def items(self):
        events = Event.objects.published().order_by("-published_at", "-pk")[:FEED_LENGTH]
        announcements = Announcement.objects.published()[:FEED_LENGTH]
        items = [*events, *announcements]
        items.sort(key=self.item_pubdate, reverse=True)
        return items[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, Event) and item.is_cancelled:
            return f"{item.title} ({_('cancelled')})"
        return item.title

    def item_description(self, item):
        if isinstance(item, Event) and item.summary:
            return item.summary
        # The text of the organiser's HTML, entities read, cut at a word.
        text = " ".join(html.unescape(strip_tags(item.body)).split())
        return Truncator(text).chars(SUMMARY_LENGTH)

    def item_guid(self, item):
        return tag_uri(f"{get_language()}/{type(item).__name__.lower()}/{item.pk}")

    item_guid_is_permalink = False

    def item_author_name(self, item):
        if isinstance(item, Event) and item.organiser:
            return item.organiser
        return str(self.author_name)

    def item_pubdate(self, item):
        """Return when visitors could first see ``item``."""
        # A published event always has published_at; the fallback only guards a row saved
        # around the model's stamping (a raw update).
        moment = item.published_at or item.created_at
        return whole_seconds(moment)

    def item_updateddate(self, item):
        """Return the item's last change, never before its publication."""
        return max(whole_seconds(item.updated_at), self.item_pubdate(item))

    def item_extra_kwargs(self, item):
        summary_field = "summary" if isinstance(item, Event) and item.summary else "body"
        return {"languages": {"title": shown_language(item, "title"), "summary": shown_language(item, summary_field)}}
