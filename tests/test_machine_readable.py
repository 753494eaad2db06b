"""What the portal publishes for machines, checked by validators: the Atom feed (RFC 4287),
iCalendar files (RFC 5545), schema.org JSON-LD and the site map (sitemaps.org 0.9)."""

import datetime
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone, translation
from lxml import etree

from events import services as event_services
from events.models import Event, EventKind, EventStatus, Registration
from tests.factories import (
    AnnouncementFactory,
    CityFactory,
    CompanyFactory,
    CooperationFactory,
    EventFactory,
    UserFactory,
    VenueFactory,
)
from tests.utils import form_data
from tests.validators import (
    DATA,
    NS,
    assert_valid_atom,
    assert_valid_icalendar,
    assert_valid_json_ld,
    json_ld_blocks,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "zh-hans"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def iso(moment):
    """The moment as the feed writes it: whole seconds, its own offset."""
    return moment.replace(microsecond=0).isoformat()


@pytest.fixture
def outbox():
    """The locmem outbox, emptied for the test."""
    mail.outbox = []
    return mail.outbox


def entry_by_title(root, title):
    [entry] = [e for e in root.findall("atom:entry", NS) if e.findtext("atom:title", namespaces=NS) == title]
    return entry


# --- Atom ----------------------------------------------------------------------------------


@pytest.fixture
def feed_content():
    """A published and a cancelled event, an announcement, and what must stay out."""
    EventFactory(title_en="Alliance plenary assembly", organiser_en="Foshan Municipal Government")
    EventFactory(title_en="Called off", status=EventStatus.CANCELLED)
    EventFactory(title_en="Secret", status=EventStatus.DRAFT)
    AnnouncementFactory(title_en="Registration opens", body_en="<p>R&amp;D forum: places &lt; 100.</p>")
    AnnouncementFactory(title_en="Not yet", published_at=None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_atom_feed_is_valid_under_rfc_4287_in_every_language(client, feed_content, language):
    response = client.get(f"/{language}/events/feed/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = assert_valid_atom(response.content)
    assert root.get(XML_LANG) == language
    assert sorted(e.findtext("atom:title", namespaces=NS) for e in root.findall("atom:entry", NS)) == [
        "Alliance plenary assembly",
        f"Called off ({_cancelled(language)})",
        "Registration opens",
    ]
    [self_link] = root.findall("atom:link[@rel='self']", NS)
    assert self_link.get("href") == f"http://testserver/{language}/events/feed/"
    assert root.find("atom:link[@rel='alternate']", NS).get("href") == f"http://testserver/{language}/events/"


def _cancelled(language):
    with translation.override(language):
        return str(translation.gettext("cancelled"))


def test_atom_feed_and_entries_name_their_author(client, feed_content):
    root = assert_valid_atom(client.get("/en/events/feed/").content)
    assert root.findtext("atom:author/atom:name", namespaces=NS) == "Sino-German Industrial Services Zone"
    assert root.findtext("atom:author/atom:uri", namespaces=NS) == "http://testserver/en/"
    authors = {
        entry.findtext("atom:title", namespaces=NS): entry.findtext("atom:author/atom:name", namespaces=NS)
        for entry in root.findall("atom:entry", NS)
    }
    assert authors["Alliance plenary assembly"] == "Foshan Municipal Government"
    assert authors["Registration opens"] == "Sino-German Industrial Services Zone"


def test_atom_entry_ids_are_tag_uris_that_survive_edits_and_differ_per_language(client, settings):
    settings.ZONE_TAG_ENTITY = "sino-german-zone.example,2026"
    event = EventFactory(title_en="Alliance plenary assembly", slug="plenary")
    announcement = AnnouncementFactory(title_en="Registration opens")

    def ids(language):
        root = assert_valid_atom(client.get(f"/{language}/events/feed/").content)
        return root.findtext("atom:id", namespaces=NS), {
            entry.findtext("atom:id", namespaces=NS) for entry in root.findall("atom:entry", NS)
        }

    assert ids("en") == (
        "tag:sino-german-zone.example,2026:en/feed",
        {
            f"tag:sino-german-zone.example,2026:en/event/{event.pk}",
            f"tag:sino-german-zone.example,2026:en/announcement/{announcement.pk}",
        },
    )
    assert ids("de")[1] == {
        f"tag:sino-german-zone.example,2026:de/event/{event.pk}",
        f"tag:sino-german-zone.example,2026:de/announcement/{announcement.pk}",
    }
    before = ids("en")
    event.title_en, event.slug = "Plenary assembly of the alliance", "plenary-assembly"
    event_services.save_event(event=event, user=None)
    announcement.title_en = "Registration is open"
    event_services.save_announcement(announcement=announcement, user=None)
    assert ids("en") == before


def test_atom_entry_is_published_when_it_became_public_and_updated_at_its_last_change(client):
    organiser = UserFactory()
    event = EventFactory(title_en="Alliance plenary assembly", status=EventStatus.DRAFT)
    created = timezone.now() - datetime.timedelta(days=10)
    Event.objects.filter(pk=event.pk).update(created_at=created, updated_at=created)
    event.refresh_from_db()
    event_services.publish_event(event=event, user=organiser)
    event.refresh_from_db()
    assert event.published_at > created
    announcement = AnnouncementFactory(
        title_en="Registration opens", published_at=timezone.now() - datetime.timedelta(days=2)
    )
    # Written ten days ago, to appear two days ago.
    type(announcement).objects.filter(pk=announcement.pk).update(created_at=created, updated_at=created)

    root = assert_valid_atom(client.get("/en/events/feed/").content)
    entry = entry_by_title(root, "Alliance plenary assembly")
    assert entry.findtext("atom:published", namespaces=NS) == iso(event.published_at)
    assert entry.findtext("atom:updated", namespaces=NS) == iso(event.updated_at)
    entry = entry_by_title(root, "Registration opens")
    assert entry.findtext("atom:published", namespaces=NS) == iso(announcement.published_at)
    # Written before it was published: the entry is as new as its publication.
    assert entry.findtext("atom:updated", namespaces=NS) == iso(announcement.published_at)

    event.summary_en = "Now with a programme."
    event_services.save_event(event=event, user=organiser)
    entry = entry_by_title(assert_valid_atom(client.get("/en/events/feed/").content), "Alliance plenary assembly")
    assert entry.findtext("atom:published", namespaces=NS) == iso(event.published_at)
    assert entry.findtext("atom:updated", namespaces=NS) == iso(Event.objects.get(pk=event.pk).updated_at)


def test_event_publication_time_is_stamped_once_whichever_way_it_goes_public():
    organiser = UserFactory()
    draft = EventFactory(status=EventStatus.DRAFT)
    assert draft.published_at is None
    later = timezone.now() + datetime.timedelta(days=3)
    scheduled = EventFactory(status=EventStatus.SCHEDULED, publish_at=later)
    assert scheduled.published_at == later

    before = timezone.now()
    event_services.publish_event(event=draft, user=organiser)
    draft.refresh_from_db()
    first = draft.published_at
    assert before <= first <= timezone.now()
    draft.status = EventStatus.DRAFT
    event_services.save_event(event=draft, user=organiser)
    draft.status = EventStatus.PUBLISHED
    event_services.save_event(event=draft, user=organiser)
    draft.refresh_from_db()
    assert draft.published_at == first

    copy = event_services.duplicate_event(event=draft, user=organiser)
    assert copy.status == EventStatus.DRAFT
    assert Event.objects.get(pk=copy.pk).published_at is None


def test_atom_texts_in_the_fallback_language_say_so(client):
    EventFactory(
        title_en="Alliance plenary assembly",
        title_de="Vollversammlung der Allianz",
        summary_en="The yearly assembly.",
        summary_de="",
    )
    root = assert_valid_atom(client.get("/de/events/feed/").content)
    entry = entry_by_title(root, "Vollversammlung der Allianz")
    assert entry.find("atom:title", NS).get(XML_LANG) is None
    assert entry.find("atom:summary", NS).get(XML_LANG) == "en"
    assert entry.findtext("atom:summary", namespaces=NS) == "The yearly assembly."
    link = entry.find("atom:link[@rel='alternate']", NS)
    assert (link.get("type"), link.get("hreflang")) == ("text/html", "de")

    root = assert_valid_atom(client.get("/zh-hans/events/feed/").content)
    entry = entry_by_title(root, "Alliance plenary assembly")
    assert entry.find("atom:title", NS).get(XML_LANG) == "en"


def test_atom_summaries_are_plain_text_from_the_organisers_html(client, feed_content):
    root = assert_valid_atom(client.get("/en/events/feed/").content)
    summary = entry_by_title(root, "Registration opens").find("atom:summary", NS)
    assert summary.get("type") == "text"
    assert summary.text == "R&D forum: places < 100."


def test_atom_feed_without_entries_is_valid_too(client):
    root = assert_valid_atom(client.get("/en/events/feed/").content)
    assert root.findall("atom:entry", NS) == []


# --- iCalendar -----------------------------------------------------------------------------


@pytest.fixture
def hannover_matchmaking():
    """An event whose texts need escaping and folding: commas, semicolons, Chinese, a long body."""
    start = datetime.datetime(2027, 4, 20, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    return EventFactory(
        title_en="Matchmaking; Hannover Messe, hall 2",
        title_zh_hans="汉诺威工业博览会企业对接会，二号馆；中德工业城市联盟企业配对与洽谈，配备专业翻译",
        slug="matchmaking",
        summary_en="Meet German companies; interpreters, coffee and a list of exhibitors.",
        body_en="<p>" + "Machinery, automation, logistics; " * 12 + "</p>",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        time_zone="Europe/Berlin",
        venue__name_en="Hannover Exhibition Grounds, Hall 2",
        venue__address_en="Messegelände, 30521 Hannover",
        organiser_en="Foshan Municipal Government",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_ics_is_valid_under_rfc_5545(client, hannover_matchmaking, language):
    content = client.get(f"/{language}/events/matchmaking/calendar.ics").content
    calendar = assert_valid_icalendar(content)
    [event] = calendar.walk("VEVENT")
    if language == "zh-hans":
        assert str(event["SUMMARY"]).startswith("汉诺威工业博览会企业对接会，二号馆；")
    else:
        assert str(event["SUMMARY"]) == "Matchmaking; Hannover Messe, hall 2"
        assert b"SUMMARY:Matchmaking\\; Hannover Messe\\, hall 2\r\n" in content
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.start == datetime.datetime(2027, 4, 20, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def test_calendar_of_all_events_is_valid_under_rfc_5545(client, hannover_matchmaking):
    EventFactory(title_en="Alliance plenary assembly", status=EventStatus.CANCELLED)
    EventFactory(title_en="Secret", status=EventStatus.DRAFT)
    calendar = assert_valid_icalendar(client.get("/de/events/calendar.ics").content)
    statuses = {str(event["SUMMARY"]): str(event["STATUS"]) for event in calendar.walk("VEVENT")}
    assert statuses == {"Matchmaking; Hannover Messe, hall 2": "CONFIRMED", "Alliance plenary assembly": "CANCELLED"}
    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == ["Asia/Shanghai", "Europe/Berlin"]


def test_cancelled_event_ics_is_valid_and_cancelled_and_its_page_offers_no_calendar(client):
    EventFactory(title_en="Alliance plenary assembly", slug="plenary", status=EventStatus.CANCELLED)
    [event] = assert_valid_icalendar(client.get("/en/events/plenary/calendar.ics").content).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    html = client.get("/en/events/plenary/").content.decode()
    assert "This event has been cancelled." in html
    assert "Add to calendar" not in html
    assert "calendar.ics" not in html


def test_the_confirmation_emails_calendar_is_valid_under_rfc_5545(
    client, hannover_matchmaking, outbox, django_capture_on_commit_callbacks
):
    data = form_data(client.get("/zh-hans/events/matchmaking/").content.decode(), "registration-form")
    data.update(name="Wang Fang", email="wang.fang@example.com", organisation="Foshan Co")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/events/matchmaking/", data)
    assert Registration.objects.get().language == "zh-hans"
    [message] = outbox
    # As the mail server receives it, with CRLF line ends.
    sent = message_from_bytes(message.message().as_bytes(linesep="\r\n"))
    [attachment] = [part for part in sent.walk() if part.get_filename()]
    assert attachment.get_content_type() == "text/calendar"
    calendar = assert_valid_icalendar(attachment.get_payload(decode=True))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("汉诺威工业博览会企业对接会")


# --- schema.org JSON-LD --------------------------------------------------------------------


def page_json_ld(client, url):
    [data] = json_ld_blocks(client.get(url).content.decode())
    assert_valid_json_ld(data)
    return data


def test_event_json_ld_is_valid_schema_org_with_place_address_and_offsets(client):
    foshan = CityFactory(name_en="Foshan", region_en="Guangdong", country="CN")
    start = datetime.datetime(2027, 4, 20, 9, 30, 15, 123456, tzinfo=SHANGHAI)
    EventFactory(
        title_en="Alliance plenary assembly",
        slug="plenary",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        venue=VenueFactory(
            name_en="Tanzhou Convention Center",
            address_en="1 Exhibition Road,\nShunde",
            city=foshan,
            latitude="22.91234",
            longitude="113.20123",
        ),
        organiser_en="Foshan Municipal Government",
    )
    data = page_json_ld(client, "/en/events/plenary/")
    assert data["startDate"] == "2027-04-20T09:30:15+08:00"
    assert data["endDate"] == "2027-04-20T17:30:15+08:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Tanzhou Convention Center",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "1 Exhibition Road, Shunde",
            "addressLocality": "Foshan",
            "addressRegion": "Guangdong",
            "addressCountry": "CN",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 22.91234, "longitude": 113.20123},
    }
    assert data["organizer"] == {"@type": "Organization", "name": "Foshan Municipal Government"}
    assert data["url"] == "http://testserver/en/events/plenary/"


def test_cancelled_online_and_hybrid_events_json_ld_is_valid(client):
    EventFactory(slug="called-off", status=EventStatus.CANCELLED, time_zone="Europe/Berlin")
    EventFactory(slug="webinar", kind=EventKind.ONLINE, venue=None, online_url="https://meet.example.com/zone")
    EventFactory(slug="hybrid", online_url="https://meet.example.com/forum")
    called_off = page_json_ld(client, "/de/events/called-off/")
    assert called_off["eventStatus"] == "https://schema.org/EventCancelled"
    assert called_off["startDate"].endswith(("+01:00", "+02:00"))
    assert called_off["organizer"] == {
        "@type": "Organization",
        "name": "Chinesisch-Deutsche Industriedienstleistungszone",
        "url": "http://testserver/de/",
    }
    webinar = page_json_ld(client, "/en/events/webinar/")
    assert webinar["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert webinar["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.com/zone"}
    hybrid = page_json_ld(client, "/zh-hans/events/hybrid/")
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [location["@type"] for location in hybrid["location"]] == ["Place", "VirtualLocation"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_company_json_ld_is_valid_schema_org_with_address(client, language):
    foshan = CityFactory(name_en="Foshan", name_zh_hans="佛山", region_en="Guangdong", country="CN")
    company = CompanyFactory(
        name_en="Osram",
        name_zh_hans="欧司朗",
        slug="osram",
        city=foshan,
        address_en="8 Industrial Avenue\nShunde",
        website="https://www.osram.example",
        founded_year=1919,
        email="info@osram.example",
    )
    data = page_json_ld(client, f"/{language}/companies/osram/")
    assert data["@type"] == "Organization"
    assert data["url"] == f"http://testserver/{language}/companies/osram/"
    assert data["address"]["streetAddress"] == "8 Industrial Avenue Shunde"
    assert data["address"]["addressLocality"] == ("佛山" if language == "zh-hans" else "Foshan")
    assert data["address"]["addressCountry"] == "CN"
    assert data["sameAs"] == ["https://www.osram.example"]
    assert company.name_en in [data["name"], *data["alternateName"]]


# --- Site map ------------------------------------------------------------------------------

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def test_sitemap_is_valid_under_the_sitemaps_schema_with_hreflang_alternates(client):
    EventFactory(slug="plenary")
    EventFactory(slug="secret", status=EventStatus.DRAFT)
    AnnouncementFactory(slug="registration-opens")
    CompanyFactory(slug="osram", city=CityFactory(slug="foshan"))
    CooperationFactory(title_en="Service partner wanted")
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    document = etree.fromstring(response.content)
    schema = etree.XMLSchema(etree.parse(str(DATA / "sitemap-validation.xsd")))
    assert schema.validate(document), schema.error_log

    urls = document.findall("s:url", SITEMAP_NS)
    locations = [url.findtext("s:loc", namespaces=SITEMAP_NS) for url in urls]
    assert len(locations) == len(set(locations))
    for page in ("events/plenary/", "events/announcements/registration-opens/", "companies/osram/", "cities/foshan/"):
        assert {f"http://testserver/{language}/{page}" for language in LANGUAGES} <= set(locations)
    assert not any("secret" in location for location in locations)
    for url in urls:
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link[@rel='alternate']", SITEMAP_NS)
        }
        # Each page names itself and its other languages, and for everyone else its address
        # without a language, which sends a visitor to the language their browser prefers.
        assert set(alternates) == {*LANGUAGES, "x-default"}
        assert url.findtext("s:loc", namespaces=SITEMAP_NS) in alternates.values()
        assert alternates["x-default"] == alternates["en"].replace("/en/", "/", 1)
    response = client.get("/events/plenary/", headers={"accept-language": "de"})
    assert response.status_code == 302
    assert response["Location"] == "/de/events/plenary/"


def test_pages_name_the_same_alternates_as_the_sitemap(client):
    EventFactory(slug="plenary")
    html = client.get("/zh-hans/events/plenary/").content.decode()
    for language in LANGUAGES:
        assert (
            f'<link rel="alternate" hreflang="{language}" href="http://testserver/{language}/events/plenary/">' in html
        )
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/events/plenary/">' in html
