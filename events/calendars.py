"""Machine-readable events: iCalendar files and schema.org JSON-LD."""

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import EventKind, EventStatus

PRODID = "-//Sino-German Industrial Services Zone//Zone portal//EN"


def event_uid(event):
    """Return the event's stable calendar UID, so clients update rather than duplicate it."""
    return f"event-{event.pk}@zone-portal"


def event_location(event):
    if event.venue:
        return event.venue.full_location
    return event.online_url or ""


def build_calendar(events, request=None, name="", base_url=""):
    """Return an iCalendar with ``events`` in their own time zones, VTIMEZONEs included.

    Links are absolute: built from ``request``, or from ``base_url`` (e.g. "https://portal.example.cn")
    outside a request, as in emails.
    """
    cal = Calendar.new(prodid=PRODID, name=name or None, uid="events@zone-portal", method="PUBLISH")
    for event in events:
        path = event.get_absolute_url()
        url = request.build_absolute_uri(path) if request is not None else base_url + path
        component = CalendarEvent.new(
            uid=event_uid(event),
            stamp=event.updated_at,
            start=timezone.localtime(event.starts_at, event.zone),
            end=timezone.localtime(event.ends_at, event.zone),
            summary=event.title,
            description="\n\n".join(part for part in (event.summary, strip_tags(event.body).strip(), url) if part),
            location=event_location(event) or None,
            url=url,
            status="CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED",
            last_modified=event.updated_at,
        )
        cal.add_component(component)
    cal.add_missing_timezones()
    return cal


SCHEMA_STATUS = {
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def event_json_ld(event, request):
    """Return the schema.org Event describing ``event``, as a dict for json.dumps."""
    online = event.kind == EventKind.ONLINE or (event.online_url and not event.venue)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or strip_tags(event.body)[:300],
        "startDate": timezone.localtime(event.starts_at, event.zone).isoformat(),
        "endDate": timezone.localtime(event.ends_at, event.zone).isoformat(),
        "eventStatus": SCHEMA_STATUS.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": (
            "https://schema.org/OnlineEventAttendanceMode"
            if online
            else "https://schema.org/OfflineEventAttendanceMode"
        ),
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "inLanguage": get_language(),
    }
    if event.venue:
        data["location"] = {
            "@type": "Place",
            "name": event.venue.name,
            "address": " ".join((event.venue.address or "").split()) or event.venue.name,
        }
    elif event.online_url:
        data["location"] = {"@type": "VirtualLocation", "url": event.online_url}
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser}
    if event.image_small:
        # The resized copy, as on the page; the upload itself is never published.
        data["image"] = request.build_absolute_uri(event.image_small.url)
    return data
