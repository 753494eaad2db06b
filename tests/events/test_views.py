"""The public events pages: list, filters, detail, registration, the registrant's links."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from events.models import EventKind, EventStatus, Registration, RegistrationStatus
from tests.factories import (
    AnnouncementFactory,
    CityFactory,
    CompanyFactory,
    EventFactory,
    RegistrationFactory,
)
from tests.utils import form_data as read_form

pytestmark = pytest.mark.django_db

LIST_URL = "/en/events/"


def titles(response):
    return [event.title for event in response.context["events"]]


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


# --- List -----------------------------------------------------------------------------------


def test_list_shows_upcoming_published_events_soonest_first(client):
    EventFactory(title_en="Later", starts_at=days(20), ends_at=days(21))
    EventFactory(title_en="Sooner", starts_at=days(2), ends_at=days(3))
    EventFactory(title_en="Past", starts_at=days(-5), ends_at=days(-4))
    EventFactory(title_en="Draft", status=EventStatus.DRAFT)
    EventFactory(title_en="Not yet", status=EventStatus.SCHEDULED, publish_at=days(1))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert titles(response) == ["Sooner", "Later"]


def test_past_events_page_lists_past_events_newest_first(client):
    EventFactory(title_en="Long ago", starts_at=days(-50), ends_at=days(-49))
    EventFactory(title_en="Recently", starts_at=days(-5), ends_at=days(-4))
    EventFactory(title_en="Coming", starts_at=days(5), ends_at=days(6))
    response = client.get(reverse("events:past"))
    assert titles(response) == ["Recently", "Long ago"]
    assert "Past events" in response.content.decode()


def test_when_past_query_redirects_to_the_past_events_page_keeping_filters(client):
    response = client.get(f"{LIST_URL}?when=past&kind=forum")
    assert response.status_code == 302
    assert response["Location"] == "/en/events/past/?kind=forum"


def test_cancelled_event_stays_listed_and_is_marked(client):
    EventFactory(title_en="Called off", status=EventStatus.CANCELLED)
    html = client.get(LIST_URL).content.decode()
    assert "Called off" in html
    assert '<span class="badge badge-warning">Cancelled</span>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=exhibition", ["Expo"]),
        ("city=foshan", ["Forum in Foshan", "Expo"]),
        ("month=" + "{month}", ["Expo"]),
        ("kind=nonsense", ["Forum in Foshan", "Expo", "Visit"]),
        ("city=atlantis", ["Forum in Foshan", "Expo", "Visit"]),
        ("month=2026-13", ["Forum in Foshan", "Expo", "Visit"]),
        ("month=" + "x" * 4000, ["Forum in Foshan", "Expo", "Visit"]),
    ],
)
def test_list_filters_by_kind_city_and_month_and_ignores_bad_values(client, query, expected):
    foshan = CityFactory(slug="foshan")
    EventFactory(title_en="Forum in Foshan", starts_at=days(3), ends_at=days(3.1), venue__city=foshan)
    expo = EventFactory(
        title_en="Expo", kind=EventKind.EXHIBITION, starts_at=days(40), ends_at=days(41), cities=[foshan]
    )
    EventFactory(title_en="Visit", kind=EventKind.COMPANY_VISIT, starts_at=days(80), ends_at=days(80.1))
    query = query.format(month=expo.starts_at.strftime("%Y-%m"))
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize("page", ["abc", "9999", "-1", "0"])
def test_list_survives_bad_page_numbers(client, page):
    EventFactory(title_en="Only")
    response = client.get(f"{LIST_URL}?page={page}")
    assert response.status_code == 200
    assert titles(response) == ["Only"]


def test_list_runs_the_same_queries_for_one_or_many_events(client, django_assert_num_queries):
    city = CityFactory()
    EventFactory(cities=[city])
    # count, events, their cities, the city filter's choices, the months that have events
    with django_assert_num_queries(5):
        client.get(LIST_URL)
    for _ in range(5):
        event = EventFactory(cities=[city, CityFactory()], capacity=10)
        RegistrationFactory(event=event)
    with django_assert_num_queries(5):
        response = client.get(LIST_URL)
    assert len(response.context["events"]) == 6


def test_list_links_the_atom_feed_and_calendar(client):
    html = client.get(LIST_URL).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/en/events/feed/"' in html
    assert 'href="/en/events/calendar.ics"' in html


# --- Detail ---------------------------------------------------------------------------------


def test_detail_shows_venue_participants_places_and_json_ld(client):
    company = CompanyFactory(name_en="Remondis")
    event = EventFactory(
        title_en="Alliance Forum",
        capacity=50,
        participants=[company],
        venue__name_en="Tanzhou Convention Center",
    )
    RegistrationFactory(event=event)
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tanzhou Convention Center" in html
    assert f'<a href="{company.get_absolute_url()}">Remondis</a>' in html
    assert "49 places left" in html
    assert '<meta property="og:title" content="Alliance Forum">' in html
    assert '"@type": "Event"' in html
    assert '"name": "Alliance Forum"' in html
    assert '<form class="form" id="registration-form" method="post"' in html


def test_detail_shows_how_to_get_there_with_the_directions_in_the_visitors_language(client):
    event = EventFactory(
        venue__name_en="Tanzhou Convention Center",
        venue__address_en="Tanzhou, Shunde District\nFoshan",
        venue__directions_en="By taxi from Guangzhou South.\n\nEnter by the main gate.",
        venue__directions_zh_hans="从广州南站乘出租车。",
        venue__latitude=22.8987,
        venue__longitude=113.1427,
        venue__city__name_en="Foshan",
        venue__city__name_zh_hans="佛山",
    )
    page = lxml_html.fromstring(client.get(f"/zh-hans/events/{event.slug}/").content.decode())
    section = page.xpath("//section[@aria-labelledby='venue-title']")[0]
    assert section.xpath("string(.//strong)") == "Tanzhou Convention Center"
    assert section.xpath(".//strong/@lang") == ["en"]
    assert section.xpath("string(.//div[@class='prose'])").strip() == "从广州南站乘出租车。"
    # No map in China: China's outline is not drawn (core.maps.UNDRAWN_OUTLINES).
    assert not section.xpath(".//svg")
    # English directions keep their paragraphs.
    english = lxml_html.fromstring(client.get(f"/en/events/{event.slug}/").content.decode())
    assert english.xpath("//div[@class='prose']/p/text()")[-2:] == [
        "By taxi from Guangzhou South.",
        "Enter by the main gate.",
    ]


@pytest.mark.parametrize(
    ("coordinates", "directions", "section", "drawn"),
    [
        ({}, "", False, False),  # nothing to add to the address above
        ({}, "Tram 1 to the fair.", True, False),
        ({"latitude": 48.86, "longitude": 2.35}, "", False, False),  # Paris: no outline to draw it on
        ({"latitude": 52.3225, "longitude": 9.8046}, "", True, True),
    ],
)
def test_directions_and_map_show_only_when_there_is_something_to_show(client, coordinates, directions, section, drawn):
    venue = {f"venue__{name}": value for name, value in coordinates.items()}
    event = EventFactory(venue__directions_en=directions, **venue)
    page = lxml_html.fromstring(client.get(event.get_absolute_url()).content.decode())
    assert bool(page.xpath("//section[@aria-labelledby='venue-title']")) is section
    assert bool(page.xpath("//svg[@class='location-map']")) is drawn


def test_detail_hides_unpublished_participants(client):
    from companies.models import CompanyStatus

    event = EventFactory(participants=[CompanyFactory(name_en="Hidden Co", status=CompanyStatus.DRAFT)])
    assert "Hidden Co" not in client.get(event.get_absolute_url()).content.decode()


def test_json_ld_cannot_close_the_script_element(client):
    event = EventFactory(title_en="</script><script>alert(1)</script> & more")
    html = client.get(event.get_absolute_url()).content.decode()
    json_ld = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "\\u003c/script\\u003e" in json_ld
    assert "<" not in json_ld
    assert "\\u0026 more" in json_ld


def test_detail_body_is_rendered_sanitised(client):
    event = EventFactory()
    # Bypass save() to prove the template sanitises too, whatever got into the database.
    type(event).objects.filter(pk=event.pk).update(body_en='<p>Hi</p><script>alert(1)</script><a onclick="x()">x</a>')
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<p>Hi</p>" in html
    assert "alert(1)" not in html
    assert "onclick" not in html


@pytest.mark.parametrize(
    "changes",
    [{"status": EventStatus.DRAFT}, {"status": EventStatus.SCHEDULED, "publish_at": days(1)}],
)
def test_unpublished_event_detail_is_404(client, changes):
    event = EventFactory(**changes)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_unknown_and_overlong_slugs_are_404(client):
    assert client.get("/en/events/no-such-event/").status_code == 404
    assert client.get("/en/events/" + "a" * 4000 + "/").status_code == 404


def test_detail_runs_the_same_queries_for_few_or_many_participants(client, django_assert_num_queries):
    event = EventFactory(participants=[CompanyFactory()], cities=[CityFactory()], capacity=20)
    # event with venue and places taken, its cities, its participants
    with django_assert_num_queries(3):
        client.get(event.get_absolute_url())
    event.participants.add(*[CompanyFactory() for _ in range(5)])
    event.cities.add(*[CityFactory() for _ in range(3)])
    for _ in range(4):
        RegistrationFactory(event=event)
    with django_assert_num_queries(3):
        response = client.get(event.get_absolute_url())
    assert "16 places left" in response.content.decode()


def test_detail_says_until_when_registration_is_open_in_the_events_time(client):
    closes = datetime.datetime(2030, 3, 1, 16, 0, tzinfo=datetime.UTC)  # 00:00 on 2 March in Foshan
    event = EventFactory(
        starts_at=closes + datetime.timedelta(days=5),
        ends_at=closes + datetime.timedelta(days=5, hours=3),
        registration_closes_at=closes,
    )
    html = " ".join(client.get(event.get_absolute_url()).content.decode().split())
    assert "Registration is open until 2 March 2030, 00:00 (time in China)." in html


def test_closed_registration_shows_the_reason_instead_of_the_form(client):
    event = EventFactory(registration_closes_at=days(-1))
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Registration has closed." in html
    assert 'method="post"' not in html


# --- Registration through the form ----------------------------------------------------------


FILLED_IN = {"name": "Wang Fang", "email": "wang.fang@example.com", "organisation": "Foshan Co", "language": "en"}


def form_data(client, event, **overrides):
    """What a visitor sends: the form as the page renders it (with its protection fields), filled in.

    A value of None leaves that field out.
    """
    html = client.get(event.get_absolute_url()).content.decode()
    data = {**read_form(html, "registration-form"), **FILLED_IN, **overrides}
    return {name: value for name, value in data.items() if value is not None}


def test_registering_confirms_on_the_page_and_by_email(client, outbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.get_absolute_url(), form_data(client, event), follow=True)
    registration = Registration.objects.get()
    assert response.redirect_chain == [(f"/en/events/registration/{registration.token}/", 302)]
    html = response.content.decode()
    assert '<div class="panel panel-success">\n  <h1>Registration complete</h1>' in html
    assert f"Your reference<strong>R{registration.pk:06d}</strong>" in html
    assert "Confirmed: your place is reserved." in html
    assert [message.to for message in outbox] == [["wang.fang@example.com"]]
    assert f"http://testserver/en/events/registration/{registration.token}/cancel/" in outbox[0].body


def test_registering_for_a_full_event_says_waiting_list(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    response = client.post(event.get_absolute_url(), form_data(client, event), follow=True)
    assert "<h1>You are on the waiting list</h1>" in response.content.decode()
    assert Registration.objects.get(email="wang.fang@example.com").status == RegistrationStatus.WAITING


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format, like name@example.com"),
        ({"email": ""}, "email", "Enter your email address"),
        ({"name": "x" * 10000}, "name", "Full name must be 200 characters or fewer"),
        ({"name": None, "organisation": None, "email": "a@example.com"}, "name", "Enter your full name"),
        ({"country": "ZZ"}, "country", "Select your country from the list"),
        ({"language": "klingon"}, "language", "Select the language of your emails from the list"),
    ],
)
def test_bad_input_gives_a_field_error_and_saves_nothing(client, data, field, error):
    event = EventFactory()
    response = client.post(event.get_absolute_url(), form_data(client, event, **data))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [error]
    assert Registration.objects.count() == 0


def test_second_registration_with_same_email_is_refused_with_a_message(client):
    event = EventFactory()
    RegistrationFactory(event=event, email="wang.fang@example.com")
    response = client.post(event.get_absolute_url(), form_data(client, event, email="WANG.FANG@example.com"))
    assert response.context["form"].errors["email"] == ["This email address is already registered for this event."]
    assert Registration.objects.count() == 1


def test_registration_after_closing_is_refused_with_a_message(client):
    event = EventFactory()
    data = form_data(client, event)  # the page was opened while registration was open
    type(event).objects.filter(pk=event.pk).update(registration_closes_at=days(-1))
    response = client.post(event.get_absolute_url(), data)
    assert response.context["form"].non_field_errors() == ["Registration has closed."]
    assert Registration.objects.count() == 0


def test_registration_for_a_draft_event_is_404_and_saves_nothing(client):
    event = EventFactory(status=EventStatus.DRAFT)
    assert client.post(event.get_absolute_url(), FILLED_IN).status_code == 404
    assert Registration.objects.count() == 0


# --- The registrant's links -----------------------------------------------------------------


def test_forged_token_is_404(client):
    RegistrationFactory()
    assert client.get("/en/events/registration/forged-token/").status_code == 404
    assert client.get("/en/events/registration/forged-token/cancel/").status_code == 404
    assert client.post("/en/events/registration/forged-token/cancel/").status_code == 404


def test_registration_page_shows_status_in_one_query(client, django_assert_num_queries):
    registration = RegistrationFactory(status=RegistrationStatus.WAITING, event__capacity=1)
    with django_assert_num_queries(1):
        response = client.get(registration.get_absolute_url())
    html = response.content.decode()
    assert "On the waiting list: we will email you if a place frees up." in html
    assert 'name="robots" content="noindex"' in html


def test_cancel_link_asks_first_and_get_never_cancels(client):
    registration = RegistrationFactory()
    response = client.get(reverse("events:cancel_registration", kwargs={"token": registration.token}))
    assert "Yes, cancel my registration" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancelling_by_post_frees_the_place_for_the_waiting_list(client, outbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:cancel_registration", kwargs={"token": confirmed.token}), follow=True)
    assert "Your registration is cancelled." in response.content.decode()
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    assert sorted(message.to[0] for message in outbox) == sorted([confirmed.email, waiting.email])


# --- Announcements and home -----------------------------------------------------------------


def test_announcement_list_shows_published_newest_first(client, django_assert_num_queries):
    AnnouncementFactory(title_en="Older", published_at=days(-3))
    AnnouncementFactory(title_en="Newer", published_at=days(-1))
    AnnouncementFactory(title_en="Draft", published_at=None)
    with django_assert_num_queries(2):
        response = client.get(reverse("events:announcement_list"))
    assert [a.title for a in response.context["announcements"]] == ["Newer", "Older"]


def test_announcement_list_queries_do_not_grow(client, django_assert_num_queries):
    for _ in range(6):
        AnnouncementFactory(event=EventFactory())
    with django_assert_num_queries(2):
        client.get(reverse("events:announcement_list"))


def test_announcement_detail_shows_sanitised_body_and_unpublished_is_404(client, django_assert_num_queries):
    announcement = AnnouncementFactory(body_en="<p>Results of the <strong>forum</strong></p>")
    with django_assert_num_queries(2):
        html = client.get(announcement.get_absolute_url()).content.decode()
    assert "<p>Results of the <strong>forum</strong></p>" in html
    hidden = AnnouncementFactory(published_at=days(1))
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_home_page_shows_next_events_and_latest_announcements(client):
    EventFactory(title_en="Next forum")
    EventFactory(title_en="Secret draft", status=EventStatus.DRAFT)
    EventFactory(title_en="Called off", status=EventStatus.CANCELLED)
    AnnouncementFactory(title_en="Forum results")
    html = client.get("/en/").content.decode()
    assert "Next forum" in html
    assert "Secret draft" not in html
    assert "Called off" not in html
    assert "Forum results" in html


def test_company_and_city_includes_list_their_upcoming_events():
    from django.template.loader import render_to_string

    company, city = CompanyFactory(), CityFactory()
    EventFactory(title_en="With company", participants=[company], cities=[city])
    EventFactory(title_en="Old one", participants=[company], starts_at=days(-9), ends_at=days(-8))
    company_html = render_to_string("events/includes/company_events.html", {"company": company})
    city_html = render_to_string("events/includes/city_events.html", {"city": city})
    assert "With company" in company_html
    assert "Old one" not in company_html
    assert "With company" in city_html


def test_pages_answer_in_german_and_chinese(client):
    event = EventFactory(title_en="Forum", title_zh_hans="论坛")
    assert client.get(f"/de{reverse('events:list')[3:]}").status_code == 200
    html = client.get(f"/zh-hans/events/{event.slug}/").content.decode()
    assert "<h1>论坛</h1>" in html
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", html)
