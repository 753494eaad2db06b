"""What a visitor acts on in the events pages: the "Register" button at the top of an event,
the date leading each card, the month filter, and the event's QR code for sharing."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import segno
from django.contrib.auth.models import Group
from django.utils import timezone

from events.models import EventStatus, TimeZoneChoice
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from zone_portal.roles import ORGANISERS

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NEXT_YEAR = timezone.now().year + 1
LAST_YEAR = timezone.now().year - 1


def at(year, month, day, hour, zone=SHANGHAI):
    return datetime.datetime(year, month, day, hour, tzinfo=zone)


def month_options(body):
    select = re.search(r'<select name="month"[^>]*>(.*?)</select>', body, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)


# --- The register button --------------------------------------------------------------------


def test_an_open_event_offers_register_at_the_top_leading_to_the_form(client):
    event = EventFactory(title_en="Forum", capacity=40)
    body = client.get(event.get_absolute_url()).content.decode()
    link = '<a class="button" href="#register">Register</a>'
    assert link in body
    # Near the top: in the page header, before the facts, the text and the form it leads to.
    assert body.index(link) < body.index('<dl class="facts">') < body.index('id="register"')


def test_a_full_event_offers_the_waiting_list_instead(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    body = client.get(event.get_absolute_url()).content.decode()
    assert '<a class="button" href="#register">Join the waiting list</a>' in body


@pytest.mark.parametrize(
    "closed",
    [
        {"registration_enabled": False},
        {"status": EventStatus.CANCELLED},
        {"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)},
        {
            "starts_at": timezone.now() - datetime.timedelta(days=3),
            "ends_at": timezone.now() - datetime.timedelta(days=2),
        },
    ],
    ids=["no-registration", "cancelled", "closed", "past"],
)
def test_no_register_button_when_registration_is_not_open(client, closed):
    event = EventFactory(**closed)
    body = client.get(event.get_absolute_url()).content.decode()
    assert 'href="#register"' not in body


# --- Cards ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [("en", "1", "December"), ("de", "1", "Dezember"), ("zh-hans", "1", "12月")],
)
def test_a_card_leads_with_the_day_and_month_where_the_event_takes_place(client, language, day, month):
    # 1 December, 01:00 in Foshan, is still 30 November in UTC and in Germany.
    EventFactory(starts_at=at(NEXT_YEAR, 12, 1, 1), ends_at=at(NEXT_YEAR, 12, 1, 9))
    body = client.get(f"/{language}/events/").content.decode()
    leaf = re.search(r'<p class="event-card-date" aria-hidden="true">(.*?)</p>', body).group(1)
    texts = re.findall(r"<span[^>]*>([^<]*)</span>", leaf)
    assert texts[0] == day
    assert month in texts[1] and str(NEXT_YEAR) in texts[1]


# --- The month filter -------------------------------------------------------------------------


@pytest.fixture
def year_of_events(db):
    EventFactory(title_en="March forum", starts_at=at(NEXT_YEAR, 3, 10, 9), ends_at=at(NEXT_YEAR, 3, 10, 17))
    EventFactory(
        title_en="Hannover Messe",
        time_zone=TimeZoneChoice.BERLIN,
        starts_at=at(NEXT_YEAR, 4, 20, 9, BERLIN),
        ends_at=at(NEXT_YEAR, 4, 24, 18, BERLIN),
    )
    # Starts on 1 December in Foshan, on 30 November in UTC: a December event.
    EventFactory(title_en="Year-end forum", starts_at=at(NEXT_YEAR, 12, 1, 1), ends_at=at(NEXT_YEAR, 12, 1, 9))
    EventFactory(title_en="Last year", starts_at=at(LAST_YEAR, 6, 5, 9), ends_at=at(LAST_YEAR, 6, 5, 17))


def test_the_month_filter_offers_the_months_with_events_in_the_pages_language(client, year_of_events):
    assert month_options(client.get("/en/events/").content.decode()) == [
        ("", " selected", "All months"),
        (f"{NEXT_YEAR}-03", "", f"March {NEXT_YEAR}"),
        (f"{NEXT_YEAR}-04", "", f"April {NEXT_YEAR}"),
        (f"{NEXT_YEAR}-12", "", f"December {NEXT_YEAR}"),
    ]
    chinese = month_options(client.get("/zh-hans/events/").content.decode())
    assert [label for _value, _selected, label in chinese[1:]] == [
        f"{NEXT_YEAR}年3月",
        f"{NEXT_YEAR}年4月",
        f"{NEXT_YEAR}年12月",
    ]
    # Past events: their own months, newest first.
    assert month_options(client.get("/en/events/past/").content.decode())[1:] == [
        (f"{LAST_YEAR}-06", "", f"June {LAST_YEAR}")
    ]


def test_a_month_finds_the_events_starting_in_it_where_they_take_place(client, year_of_events):
    response = client.get("/en/events/", {"month": f"{NEXT_YEAR}-12"})
    assert [event.title for event in response.context["events"]] == ["Year-end forum"]
    assert (f"{NEXT_YEAR}-12", " selected", f"December {NEXT_YEAR}") in month_options(response.content.decode())
    response = client.get("/en/events/", {"month": f"{NEXT_YEAR}-11"})
    assert list(response.context["events"]) == []


def test_a_month_without_events_from_an_older_link_stays_chosen_and_finds_nothing(client, year_of_events):
    response = client.get("/en/events/", {"month": f"{NEXT_YEAR}-07"})
    assert list(response.context["events"]) == []
    assert (f"{NEXT_YEAR}-07", " selected", f"July {NEXT_YEAR}") in month_options(response.content.decode())
    assert "No upcoming events match." in response.content.decode()


def test_the_filter_labels_have_no_colons(client, year_of_events):
    body = client.get("/en/events/").content.decode()
    assert '<label for="id_month">Month</label>' in body
    assert '<label for="id_kind">Kind</label>' in body


# --- The QR code --------------------------------------------------------------------------------


def test_the_event_page_shows_a_qr_code_of_its_address(client):
    event = EventFactory(slug="plenary")
    body = client.get(event.get_absolute_url()).content.decode()
    assert '<img src="/en/events/plenary/qr.svg" alt="QR code of this page" width="164" height="164"' in body

    response = client.get("/en/events/plenary/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "public, max-age=86400"
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<title>QR code of this event</title>" in svg
    # The code is the one of the page's absolute address (the same drawing, module by module).
    expected = segno.make("http://testserver/en/events/plenary/", error="m")
    drawn_path = re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)
    assert drawn_path == re.search(r'<path[^>]* d="([^"]+)"', expected.svg_inline(scale=4, border=2)).group(1)


def test_a_draft_events_qr_code_is_only_for_those_who_may_preview_it(client):
    EventFactory(slug="draft", status=EventStatus.DRAFT)
    assert client.get("/en/events/draft/qr.svg").status_code == 404
    organiser = UserFactory(is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISERS))
    client.force_login(organiser)
    assert client.get("/en/events/draft/qr.svg").status_code == 200


def test_an_unknown_events_qr_code_is_404(client):
    assert client.get("/en/events/no-such-event/qr.svg").status_code == 404


def test_an_event_page_shows_the_organisers_h3_as_an_h2_under_its_title(client):
    EventFactory(slug="forum", body_en="<p>Welcome</p><h3>Programme</h3><h4>Morning</h4>")
    html = client.get("/en/events/forum/").content.decode()
    assert "<p>Welcome</p><h2>Programme</h2><h3>Morning</h3>" in html
