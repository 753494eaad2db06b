"""Machine-readable events: iCalendar files and schema.org JSON-LD."""

import html

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.structured_data import geo_coordinates, postal_address, schema_datetime

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
    """Return the schema.org Event describing ``event``, as a dict for json.dumps.

    Times with the event's own offset and whole seconds; the venue as a Place with its postal
    address (and coordinates when known), an online link as a VirtualLocation, both for an event
    that has both; the organiser named on the page, or the zone. No offers: the portal takes
    registrations, not payments, and says nothing about prices.
    """
    online = event.kind == EventKind.ONLINE or bool(event.online_url)
    # An event with a link and no venue happens online, whatever its kind.
    in_person = event.kind != EventKind.ONLINE and (event.venue is not None or not event.online_url)
    if in_person and online:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif online:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or " ".join(html.unescape(strip_tags(event.body)).split())[:300],
        "startDate": schema_datetime(event.starts_at, event.zone),
        "endDate": schema_datetime(event.ends_at, event.zone),
        "eventStatus": SCHEMA_STATUS.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": mode,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "inLanguage": get_language(),
    }
    locations = []
    if event.venue is not None and in_person:
        place = {"@type": "Place", "name": event.venue.name}
        address = postal_address(street=event.venue.address, city=event.venue.city)
        place["address"] = address or event.venue.name
        if geo := geo_coordinates(event.venue):
            place["geo"] = geo
        if event.venue.website:
            place["url"] = event.venue.website
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser}
    else:
        data["organizer"] = {
            "@type": "Organization",
            "name": gettext("Sino-German Industrial Services Zone"),
            "url": request.build_absolute_uri(reverse("home")),
        }
    if not data["description"]:
        del data["description"]
    if event.image_small:
        # The resized copy, as on the page; the upload itself is never published.
        data["image"] = request.build_absolute_uri(event.image_small.url)
    return data
