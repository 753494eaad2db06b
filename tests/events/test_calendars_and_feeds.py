"""iCalendar files, the Atom feed and the site map, each parsed back by a real parser."""

import datetime

# Our own server's output, parsed to prove it is well-formed; not untrusted input.
import xml.etree.ElementTree as ET  # noqa: S405
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from events.models import EventStatus
from tests.factories import AnnouncementFactory, EventFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def foshan_forum(**kwargs):
    start = datetime.datetime(2027, 4, 20, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    return EventFactory(
        title_en="Alliance plenary assembly",
        slug="plenary",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        venue__name_en="Tanzhou Convention Center",
        venue__address_en="Tanzhou, Shunde, Foshan",
        **kwargs,
    )


def test_event_ics_parses_with_its_time_zone_location_url_and_stable_uid(client):
    event = foshan_forum()
    response = client.get(reverse("events:ics", kwargs={"slug": "plenary"}))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [vevent] = calendar.events
    assert vevent["SUMMARY"] == "Alliance plenary assembly"
    assert vevent["UID"] == f"event-{event.pk}@zone-portal"
    assert vevent.start == datetime.datetime(2027, 4, 20, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert vevent.start.tzinfo.key == "Asia/Shanghai"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert vevent.end - vevent.start == datetime.timedelta(hours=8)
    assert vevent["LOCATION"] == "Tanzhou Convention Center, Tanzhou, Shunde, Foshan"
    assert vevent["URL"] == "http://testserver/en/events/plenary/"
    assert vevent["STATUS"] == "CONFIRMED"
    assert [tz["TZID"] for tz in calendar.timezones] == ["Asia/Shanghai"]


def test_ics_is_identical_when_downloaded_twice(client):
    foshan_forum()
    url = reverse("events:ics", kwargs={"slug": "plenary"})
    assert client.get(url).content == client.get(url).content


def test_cancelled_event_ics_says_cancelled(client):
    foshan_forum(status=EventStatus.CANCELLED)
    response = client.get(reverse("events:ics", kwargs={"slug": "plenary"}))
    [vevent] = icalendar.Calendar.from_ical(response.content).events
    assert vevent["STATUS"] == "CANCELLED"


def test_ics_for_unknown_or_draft_event_is_404(client):
    EventFactory(slug="draft", status=EventStatus.DRAFT)
    assert client.get(reverse("events:ics", kwargs={"slug": "nope"})).status_code == 404
    assert client.get(reverse("events:ics", kwargs={"slug": "draft"})).status_code == 404


def test_all_events_calendar_holds_every_published_event_in_both_zones(client, django_assert_num_queries):
    foshan_forum()
    EventFactory(title_en="Hannover Messe matchmaking", time_zone="Europe/Berlin")
    EventFactory(title_en="Draft", status=EventStatus.DRAFT)
    with django_assert_num_queries(1):
        response = client.get(reverse("events:calendar"))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert sorted(str(event["SUMMARY"]) for event in calendar.events) == [
        "Alliance plenary assembly",
        "Hannover Messe matchmaking",
    ]
    assert sorted(str(tz["TZID"]) for tz in calendar.timezones) == ["Asia/Shanghai", "Europe/Berlin"]


def test_atom_feed_is_valid_xml_with_events_and_announcements(client):
    foshan_forum()
    EventFactory(title_en="Secret", status=EventStatus.DRAFT)
    EventFactory(title_en="Called off", status=EventStatus.CANCELLED)
    AnnouncementFactory(title_en="Registration opens")
    AnnouncementFactory(title_en="Not yet", published_at=None)
    response = client.get(reverse("events:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert sorted(entry.findtext(f"{ATOM}title") for entry in entries) == [
        "Alliance plenary assembly",
        "Called off (cancelled)",
        "Registration opens",
    ]
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("tag:127.0.0.1,2026:en/")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/en/events/")


def test_sitemap_lists_published_events_and_announcements_in_every_language(client):
    foshan_forum()
    EventFactory(slug="secret", status=EventStatus.DRAFT)
    announcement = AnnouncementFactory()
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    assert "http://testserver/en/events/plenary/" in locations
    assert "http://testserver/zh-hans/events/plenary/" in locations
    assert f"http://testserver/de/events/announcements/{announcement.slug}/" in locations
    assert not any("secret" in location for location in locations)
