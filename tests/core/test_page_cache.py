"""Public pages kept for visitors (core.page_cache): what a kept page costs, when it is
rendered afresh (a write through any service or the admin, the clock), and who never gets
one (staff, a visitor with a message, pages with forms or a person's own data).

The rest of the suite runs without the page cache (tests/settings.py), so that its query
counts pin what each view costs; here the project's own middleware list is put back.
The gunicorn tests (tests/test_processes.py) show the same across worker processes.
"""

import datetime
import threading
import time

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies import services as company_services
from companies.models import CompanyStatus, CooperationStatus
from core import page_cache, versions
from events import services as event_services
from events.models import Announcement, Event, EventStatus, Registration, Venue
from tests.factories import (
    AnnouncementFactory,
    CityFactory,
    CompanyFactory,
    CooperationFactory,
    EventFactory,
    RegistrationFactory,
    SectorFactory,
    UserFactory,
    VenueFactory,
)
from tests.utils import form_data
from zone_portal import settings as project_settings
from zone_portal.roles import ORGANISERS, ZONE_STAFF

pytestmark = pytest.mark.django_db

# On a miss the middleware reads the versions, and before keeping the page the next moment
# an event and an announcement change with time alone (one query each).
MISS_QUERIES = 3
PAGE_CACHE = "core.page_cache.VisitorPageCacheMiddleware"


@pytest.fixture(autouse=True)
def _page_cache(settings):
    """The project's middleware, page cache included, as in production."""
    assert PAGE_CACHE in project_settings.MIDDLEWARE
    settings.MIDDLEWARE = project_settings.MIDDLEWARE


@pytest.fixture
def site():
    """A little of everything the public pages show."""
    sector = SectorFactory(name_en="Lighting", slug="lighting")
    city = CityFactory(name_en="Foshan", slug="foshan")
    osram = CompanyFactory(name_en="Osram", name_zh_hans="欧司朗", slug="osram", city=city, sectors=[sector])
    CompanyFactory(name_en="Remondis", slug="remondis", city=city, sectors=[sector])
    venue = VenueFactory(name_en="Tanzhou Exhibition Centre", city=city)
    event = EventFactory(title_en="Alliance forum", venue=venue, participants=[osram], cities=[city])
    announcement = AnnouncementFactory(title_en="Forum registration opens", event=event)
    entry = CooperationFactory(title_en="Service partner wanted", company=osram, sectors=[sector])
    return {"osram": osram, "event": event, "venue": venue, "announcement": announcement, "entry": entry}


def get(client, url, **extra):
    """Return the response to a GET of ``url`` and how many queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries.captured_queries)


def text(response):
    return response.content.decode()


PAGES = {
    "home": "/en/",
    "profile": "/en/companies/osram/",
    "directory": "/en/companies/",
    "directory search": "/en/companies/?q=osram",
    "portal search": "/en/search/?q=osram",
    "cities": "/en/cities/",
    "city": "/en/cities/foshan/",
    "cooperation board": "/en/cooperation/",
    "events": "/en/events/",
    "past events": "/en/events/past/",
    "announcements": "/en/events/announcements/",
    "announcement": "/en/events/announcements/{announcement}/",
}


# --- What a kept page costs ---------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_a_visitors_second_request_is_answered_from_the_kept_page_with_one_query(client, site, page):
    url = PAGES[page].format(announcement=site["announcement"].slug)
    first, _queries = get(client, url)
    second, queries = get(client, url)
    assert first.status_code == second.status_code == 200
    assert queries == 1  # the versions of the public data
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["Content-Language"] == "en"
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second
    # Staff get other pages at these addresses: shared caches must keep them apart.
    assert first["Vary"] == second["Vary"] == "Cookie"
    # Nothing per visitor in a kept page.
    assert not first.cookies and not second.cookies
    assert "csrfmiddlewaretoken" not in text(first)


@pytest.mark.parametrize("url", ["/en/companies/osram/", "/en/companies/?q=osram", "/en/events/"])
def test_a_miss_costs_the_views_queries_and_three_more(site, settings, url):
    _response, with_cache = get(Client(), url)
    for cache in caches.all():
        cache.clear()  # the directory's facet counts, say, are counted again too
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "core.page_cache.VisitorPageCacheMiddleware"
    ]
    _response, without_cache = get(Client(), url)
    assert with_cache == without_cache + MISS_QUERIES


def test_each_language_query_and_host_has_its_own_page(client, site):
    osram = text(client.get("/en/companies/?q=osram"))
    remondis = text(client.get("/en/companies/?q=remondis"))
    german = text(client.get("/de/companies/?q=osram"))
    assert 'lang="en"' in osram and "Osram" in osram and "Remondis" not in osram
    assert "Remondis" in remondis and "Osram" not in remondis
    assert '<html lang="de">' in german and "Osram" in german
    # Each one again, now from the cache: the same page as before.
    assert text(get(client, "/en/companies/?q=osram")[0]) == osram
    assert text(get(client, "/en/companies/?q=remondis")[0]) == remondis
    response, queries = get(client, "/de/companies/?q=osram")
    assert (text(response), queries) == (german, 1)
    # Absolute addresses in the page (canonical link, JSON-LD) follow the host asked for.
    other_host = text(client.get("/en/companies/osram/", HTTP_HOST="localhost"))
    assert 'href="http://localhost/en/companies/osram/"' in other_host
    assert 'href="http://testserver/en/companies/osram/"' in text(client.get("/en/companies/osram/"))


# --- Writes show at once ------------------------------------------------------------------


def test_a_company_saved_through_the_services_shows_at_once_on_profile_directory_and_search(client, site):
    for url in ("/en/companies/osram/", "/en/companies/", "/en/search/?q=osram"):
        assert "Osram" in text(client.get(url))
    osram = site["osram"]
    osram.name_en = "Osram Licht"
    company_services.save_company(company=osram, user=None)
    assert "<h1>Osram Licht</h1>" in text(client.get("/en/companies/osram/"))
    assert "Osram Licht" in text(client.get("/en/companies/"))
    assert "Osram Licht" in text(client.get("/en/search/?q=osram"))


def test_a_company_archived_in_the_admin_is_gone_from_every_kept_page_at_once(client, admin_client, site):
    osram = site["osram"]
    assert client.get("/en/companies/osram/").status_code == 200
    assert "Osram" in text(client.get("/en/companies/"))
    response = admin_client.post(
        "/admin/companies/company/", {"action": "archive", "_selected_action": [osram.pk], "index": "0"}
    )
    assert response.status_code == 302
    assert client.get("/en/companies/osram/").status_code == 404
    assert "Osram" not in text(client.get("/en/companies/"))
    assert "Osram" not in text(client.get("/en/search/?q=osram"))


def test_an_event_saved_or_cancelled_shows_at_once_on_the_events_list_and_the_profile(client, admin_client, site):
    event = site["event"]
    assert "Alliance forum" in text(client.get("/en/events/"))
    assert "Alliance forum" in text(client.get("/en/companies/osram/"))
    event.title_en = "Alliance plenary"
    event_services.save_event(event=event, user=None)
    assert "Alliance plenary" in text(client.get("/en/events/"))
    assert "Alliance plenary" in text(client.get("/en/companies/osram/"))
    response = admin_client.post("/admin/events/event/", {"action": "cancel", "_selected_action": [event.pk]})
    assert response.status_code == 302
    assert "event-card event-cancelled" in text(client.get("/en/events/"))


def test_a_venue_renamed_in_the_admin_shows_at_once_on_the_events_list(client, admin_client, site):
    venue = site["venue"]
    assert "Tanzhou Exhibition Centre" in text(client.get("/en/events/"))
    url = f"/admin/events/venue/{venue.pk}/change/"
    fields = form_data(text(admin_client.get(url)), "venue_form")
    fields["name_en"] = "Tanzhou Convention Centre"
    assert admin_client.post(url, fields).status_code == 302
    assert "Tanzhou Convention Centre" in text(client.get("/en/events/"))


def test_an_event_deleted_in_the_admin_is_gone_from_the_kept_list_at_once(client, admin_client, site):
    event = site["event"]
    assert "Alliance forum" in text(client.get("/en/events/"))
    response = admin_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert "Alliance forum" not in text(client.get("/en/events/"))


def test_an_announcement_saved_through_the_services_shows_at_once(client, site):
    announcement = site["announcement"]
    assert "Forum registration opens" in text(client.get("/en/events/announcements/"))
    announcement.title_en = "Forum registration is open"
    event_services.save_announcement(announcement=announcement, user=None)
    assert "Forum registration is open" in text(client.get("/en/events/announcements/"))
    assert "Forum registration is open" in text(client.get(announcement.get_absolute_url()))


def test_a_cooperation_entry_closed_in_the_admin_leaves_the_kept_board_at_once(client, admin_client, site):
    entry = site["entry"]
    assert "Service partner wanted" in text(client.get("/en/cooperation/"))
    response = admin_client.post("/admin/companies/cooperation/", {"action": "close", "_selected_action": [entry.pk]})
    assert response.status_code == 302
    assert "Service partner wanted" not in text(client.get("/en/cooperation/"))


# Each returns the write to make, after making what it needs (which may move versions itself).


def _register(site):
    return lambda: event_services.register_for_event(event=site["event"], name="Li Wei", email="li@example.com")


def _cancel_registration(site):
    registration = RegistrationFactory(event=site["event"])
    return lambda: event_services.cancel_registration(registration=registration)


def _erase_registration(site):
    registration = RegistrationFactory(event=site["event"])
    return lambda: event_services.erase_registration(registration=registration, user=None)


def _delete_registrations(site):
    RegistrationFactory(event=site["event"])
    return lambda: event_services.delete_registrations(registrations=Registration.objects.all(), user=None)


def _save_event(site):
    return lambda: event_services.save_event(event=site["event"], user=None)


def _publish_event(site):
    draft = EventFactory(status=EventStatus.DRAFT)
    return lambda: event_services.publish_event(event=draft, user=None)


def _cancel_event(site):
    return lambda: event_services.cancel_event(event=site["event"], user=None)


def _duplicate_event(site):
    return lambda: event_services.duplicate_event(event=site["event"], user=None)


def _delete_events(site):
    return lambda: event_services.delete_events(events=Event.objects.all(), user=None)


def _save_announcement(site):
    return lambda: event_services.save_announcement(announcement=site["announcement"], user=None)


def _delete_announcements(site):
    return lambda: event_services.delete_announcements(announcements=Announcement.objects.all(), user=None)


def _save_venue(site):
    return lambda: event_services.save_venue(venue=site["venue"], user=None)


def _delete_venues(site):
    unused = VenueFactory()
    return lambda: event_services.delete_venues(venues=[unused], user=None)


def _entries(site):
    return type(site["entry"]).objects.filter(pk=site["entry"].pk)


def _save_cooperation(site):
    return lambda: company_services.save_cooperation(cooperation=site["entry"], user=None)


def _publish_cooperations(site):
    _entries(site).update(status=CooperationStatus.REVIEW)
    return lambda: company_services.publish_cooperations(cooperations=_entries(site), user=None)


def _close_cooperations(site):
    return lambda: company_services.close_cooperations(cooperations=_entries(site), user=None)


def _delete_cooperations(site):
    return lambda: company_services.delete_cooperations(cooperations=_entries(site), user=None)


def _erase_proposers(site):
    _entries(site).update(contact_name="Proposer", contact_email="proposer@example.com")
    return lambda: company_services.erase_proposers(cooperations=_entries(site), user=None)


@pytest.mark.parametrize(
    ("prepare", "version"),
    [
        (_register, versions.EVENTS),
        (_cancel_registration, versions.EVENTS),
        (_erase_registration, versions.EVENTS),
        (_delete_registrations, versions.EVENTS),
        (_save_event, versions.EVENTS),
        (_publish_event, versions.EVENTS),
        (_cancel_event, versions.EVENTS),
        (_duplicate_event, versions.EVENTS),
        (_delete_events, versions.EVENTS),
        (_save_announcement, versions.EVENTS),
        (_delete_announcements, versions.EVENTS),
        (_save_venue, versions.EVENTS),
        (_delete_venues, versions.EVENTS),
        (_save_cooperation, versions.COOPERATION),
        (_publish_cooperations, versions.COOPERATION),
        (_close_cooperations, versions.COOPERATION),
        (_delete_cooperations, versions.COOPERATION),
        (_erase_proposers, versions.COOPERATION),
    ],
    ids=lambda value: getattr(value, "__name__", value).lstrip("_"),
)
def test_every_service_that_changes_a_public_page_moves_a_version(site, prepare, version):
    write = prepare(site)
    before = versions.current(version)
    write()
    assert versions.current(version) == before + 1
    assert version in versions.PUBLIC


def test_admin_deletions_of_announcements_venues_and_entries_go_through_the_services(admin_client, site):
    announcement, entry = site["announcement"], site["entry"]
    unused = VenueFactory()
    before = versions.current_many(versions.PUBLIC)
    for url in (
        f"/admin/events/announcement/{announcement.pk}/delete/",
        f"/admin/events/venue/{unused.pk}/delete/",
        f"/admin/companies/cooperation/{entry.pk}/delete/",
    ):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Announcement.objects.filter(pk=announcement.pk).exists()
    assert not Venue.objects.filter(pk=unused.pk).exists()
    assert not type(entry).objects.filter(pk=entry.pk).exists()
    events_before, cooperation_before = before[1], before[2]
    assert versions.current(versions.EVENTS) == events_before + 2
    assert versions.current(versions.COOPERATION) == cooperation_before + 1


# --- Who never gets a kept page -----------------------------------------------------------


def test_staff_are_never_served_a_kept_page_and_their_pages_are_never_kept(client, site):
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=ORGANISERS))
    staff_client = Client()
    staff_client.force_login(staff)
    assert "Alliance forum" in text(client.get("/en/events/"))
    # A write past the services moves no version: visitors keep being served the kept page ...
    Event.objects.filter(pk=site["event"].pk).update(title_en="Quietly renamed")
    assert "Alliance forum" in text(client.get("/en/events/"))
    # ... staff get the page as it is now, every time ...
    response, queries = get(staff_client, "/en/events/")
    assert "Quietly renamed" in text(response)
    assert queries > 1
    assert "Quietly renamed" in text(staff_client.get("/en/events/"))
    # ... and what was rendered for them was not kept for visitors.
    assert "Alliance forum" in text(client.get("/en/events/"))


def test_a_page_rendered_for_staff_first_is_not_kept(client, site):
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=ZONE_STAFF))
    staff_client = Client()
    staff_client.force_login(staff)
    draft = CompanyFactory(name_en="Secret Draft", slug="secret-draft", status=CompanyStatus.DRAFT)
    assert "Preview: this profile is not public" in text(staff_client.get(draft.get_absolute_url()))
    assert client.get(draft.get_absolute_url()).status_code == 404
    staff_client.get("/en/companies/osram/")
    _response, queries = get(client, "/en/companies/osram/")
    assert queries > 1  # rendered for the visitor, not taken from the staff member's request


def test_a_visitor_with_a_message_gets_it_and_the_next_visitor_does_not(client, site):
    assert "Thank you" not in text(client.get("/en/cooperation/"))
    # What the proposal form leaves behind when it sends the visitor back to the board.
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, "Thank you: your entry has been sent for review.")
    carrier = HttpResponse()
    storage.update(carrier)
    sent_back = Client()
    sent_back.cookies["messages"] = carrier.cookies["messages"].value
    response = sent_back.get("/en/cooperation/")
    assert "Thank you: your entry has been sent for review." in text(response)
    assert response.cookies["messages"]["max-age"] == 0  # shown once, then gone
    response, queries = get(client, "/en/cooperation/")
    assert "Thank you" not in text(response)
    assert queries == 1


def test_a_visitor_with_only_the_csrf_cookie_is_served_the_kept_page(client, site):
    client.get("/en/events/")
    client.cookies["csrftoken"] = "x" * 32
    response, queries = get(client, "/en/events/")
    assert (response.status_code, queries) == (200, 1)


def test_pages_with_a_form_or_a_persons_own_data_are_rendered_every_time(client, site):
    # A form carries a token of its own each time it is rendered.
    for url in (site["event"].get_absolute_url(), "/en/contact/", "/en/cooperation/propose/"):
        first, second = (form_data(text(client.get(url))).get("csrfmiddlewaretoken") for _ in range(2))
        assert first and second and first != second, url
    # A registrant's own page shows their data as it is now, never a kept copy.
    registration = RegistrationFactory(event=site["event"], name="Li Wei")
    assert "Li Wei" in text(client.get(registration.get_absolute_url()))
    Registration.objects.filter(pk=registration.pk).update(name="Wei Li")
    assert "Wei Li" in text(client.get(registration.get_absolute_url()))


def _request(cookies=None, method="get", **meta):
    request = getattr(RequestFactory(), method)("/en/events/", **meta)
    request.COOKIES.update(cookies or {})
    return request


def test_only_a_visitors_get_may_be_served():
    assert page_cache.from_visitor(_request())
    assert page_cache.from_visitor(_request({"csrftoken": "x"}))
    assert not page_cache.from_visitor(_request({"sessionid": "x"}))
    assert not page_cache.from_visitor(_request({"messages": "x"}))
    assert not page_cache.from_visitor(_request({"anything": "x"}))
    assert not page_cache.from_visitor(_request(method="post"))
    assert not page_cache.from_visitor(_request(method="head"))
    assert not page_cache.from_visitor(_request(HTTP_AUTHORIZATION="Basic eDp5"))


def test_only_a_response_the_same_for_every_visitor_is_kept():
    def keepable(response, **meta):
        return page_cache.keepable(_request(**meta), response)

    assert keepable(HttpResponse("page"))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "x")
    assert not keepable(with_cookie)
    assert not keepable(HttpResponse("page"), CSRF_COOKIE_NEEDS_UPDATE=True)
    assert not keepable(HttpResponse("page", status=404))
    assert not keepable(StreamingHttpResponse(iter([b"page"])))
    for cache_control in ("private", "no-store", "no-cache, must-revalidate", "max-age=0, no-cache"):
        response = HttpResponse("page")
        response["Cache-Control"] = cache_control
        assert not keepable(response), cache_control
    varying = HttpResponse("page")
    varying["Vary"] = "Accept-Language, Cookie"
    assert not keepable(varying)
    varying["Vary"] = "Cookie"
    assert keepable(varying)


# --- Pages that change with time alone ----------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves (``clock.now``): every ``timezone.now()`` reads it."""

    class Clock:
        # A fixed morning, so that no midnight falls within a test.
        now = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


def test_a_scheduled_announcement_appears_on_the_kept_list_at_its_time(client, clock):
    AnnouncementFactory(title_en="Already out", published_at=clock.now - datetime.timedelta(days=1))
    AnnouncementFactory(title_en="Out at noon", published_at=clock.now + datetime.timedelta(minutes=3))
    assert "Out at noon" not in text(client.get("/en/events/announcements/"))
    clock.now += datetime.timedelta(minutes=2)
    response, queries = get(client, "/en/events/announcements/")
    assert ("Out at noon" in text(response), queries) == (False, 1)
    clock.now += datetime.timedelta(minutes=1)
    assert "Out at noon" in text(client.get("/en/events/announcements/"))


def test_an_event_moves_from_the_kept_upcoming_list_to_the_past_once_it_ends(client, clock):
    EventFactory(
        title_en="Afternoon forum",
        starts_at=clock.now - datetime.timedelta(hours=3),
        ends_at=clock.now + datetime.timedelta(minutes=2),
    )
    assert "Afternoon forum" in text(client.get("/en/events/"))
    assert "Afternoon forum" not in text(client.get("/en/events/past/"))
    clock.now += datetime.timedelta(minutes=2, seconds=1)
    assert "Afternoon forum" not in text(client.get("/en/events/"))
    assert "Afternoon forum" in text(client.get("/en/events/past/"))


def test_a_page_is_kept_until_the_next_timed_change_midnight_or_ten_minutes(clock):
    now = clock.now
    assert page_cache.next_change(now) == now + datetime.timedelta(minutes=10)
    EventFactory(
        status=EventStatus.SCHEDULED,
        publish_at=now + datetime.timedelta(minutes=7),
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=8),
    )
    assert page_cache.next_change(now) == now + datetime.timedelta(minutes=7)
    AnnouncementFactory(published_at=now + datetime.timedelta(minutes=4))
    assert page_cache.next_change(now) == now + datetime.timedelta(minutes=4)
    late = datetime.datetime(2026, 11, 25, 23, 55, tzinfo=datetime.UTC)
    assert page_cache.next_change(late) == datetime.datetime(2026, 11, 26, tzinfo=datetime.UTC)


# --- Many visitors at once ----------------------------------------------------------------


def test_visitors_asking_for_the_same_page_at_once_wait_for_one_render(monkeypatch):
    """After a write or a restart, one thread of a worker renders a page and the others take it."""
    monkeypatch.setattr(page_cache, "is_marked", lambda request: True)
    monkeypatch.setattr(page_cache, "page_key", lambda request: "page:test")
    monkeypatch.setattr(page_cache, "next_change", lambda now: now + datetime.timedelta(minutes=1))
    renders = []

    def view(request):
        renders.append(threading.get_ident())
        time.sleep(0.3)
        return HttpResponse(f"rendered by {threading.get_ident()}")

    middleware = page_cache.VisitorPageCacheMiddleware(view)
    pages = []
    threads = [threading.Thread(target=lambda: pages.append(middleware(_request()).content)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(renders) == 1
    assert pages == [f"rendered by {renders[0]}".encode()] * 8
