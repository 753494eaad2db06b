"""Template helpers of the events app: both countries' times, cards for other pages, clean HTML."""

from django import template
from django.templatetags.tz import do_timezone
from django.utils.safestring import mark_safe

from companies.models import Country
from core.maps import location_map

from ..models import Announcement, Event, EventStatus
from ..sanitize import headings_below_title, sanitize_html

register = template.Library()


@register.filter
def sanitized(value):
    """Render organiser-written HTML after removing everything outside the allow-list, its
    headings in order under the page's title."""
    return mark_safe(headings_below_title(sanitize_html(value)))  # noqa: S308 - cleaned by nh3 just above


@register.simple_tag
def venue_map(venue):
    """Return the small map of the venue's country with its position and its city's name, or None.

    None when the venue has no coordinates or lies outside the outlined countries; rendered
    by templates/includes/location_map.html.
    """
    if venue is None or venue.latitude is None or venue.longitude is None:
        return None
    drawn = location_map(venue.longitude, venue.latitude, label=str(venue.city.name) if venue.city else None)
    if drawn is not None:
        drawn["country_name"] = Country(drawn["country"]).label
    return drawn


def event_time_context(event, compact=False):
    start, end = do_timezone(event.starts_at, event.time_zone), do_timezone(event.ends_at, event.time_zone)
    other = event.other_time_zone
    other_start, other_end = do_timezone(event.starts_at, other), do_timezone(event.ends_at, other)
    return {
        "event": event,
        "compact": compact,
        "start": start,
        "end": end,
        "same_day": start.date() == end.date(),
        "other_start": other_start,
        "other_end": other_end,
        "other_same_day": other_start.date() == other_end.date(),
        "country": event.country_label,
        "other_country": event.other_country_label,
    }


@register.inclusion_tag("events/includes/event_time.html")
def event_time(event, compact=False):
    """Show when ``event`` happens in its own time zone and in the other country's."""
    return event_time_context(event, compact)


@register.inclusion_tag("events/includes/event_time.txt")
def event_time_text(event):
    """The same as event_time, as plain text for emails."""
    return event_time_context(event)


@register.inclusion_tag("events/includes/upcoming_events.html")
def upcoming_events(limit=3):
    """The next published events, for the home page; cancelled ones would waste a place there."""
    events = Event.objects.published().upcoming().exclude(status=EventStatus.CANCELLED).with_card_data()
    return {"events": list(events[:limit])}


@register.inclusion_tag("events/includes/latest_announcements.html")
def latest_announcements(limit=3):
    """The latest published announcements, for the home page."""
    return {"announcements": list(Announcement.objects.published()[:limit])}
