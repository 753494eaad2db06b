"""A visitor on a phone finds an event by its month, reads its date on the card, jumps from the
top of the event page to the registration form, and sees the QR code to share it."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_form_accessibility import axe_violations
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = timezone.now().year + 1


@pytest.fixture
def events(db):
    EventFactory(
        title_en="Alliance plenary assembly",
        title_de="Vollversammlung der Städteallianz",
        slug="plenary",
        capacity=80,
        starts_at=datetime.datetime(YEAR, 5, 12, 9, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(YEAR, 5, 12, 17, tzinfo=SHANGHAI),
    )
    EventFactory(
        title_en="Mayors' panel",
        title_de="Bürgermeisterforum",
        starts_at=datetime.datetime(YEAR, 9, 3, 14, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(YEAR, 9, 3, 18, tzinfo=SHANGHAI),
    )


def test_visitor_finds_an_event_by_month_and_jumps_to_its_registration(live_server, page, events):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/de/events/")
    cards = page.locator(".event-card")
    expect(cards).to_have_count(2)
    expect(cards.first.locator(".event-card-day")).to_have_text("12")
    expect(cards.first.locator(".event-card-month")).to_have_text(f"Mai {YEAR}")

    page.locator("details.filters > summary").click()
    page.get_by_label("Monat").select_option(label=f"September {YEAR}")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page).to_have_url(re.compile(rf"month={YEAR}-09"))
    expect(cards).to_have_count(1)
    expect(cards.get_by_role("link")).to_have_text("Bürgermeisterforum")

    page.goto(f"{live_server.url}/de/events/plenary/")
    register = page.get_by_role("link", name="Anmelden", exact=True)
    box = register.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the register button is in the first screen"
    register.click()
    expect(page).to_have_url(re.compile(r"/de/events/plenary/#register$"))
    expect(page.get_by_role("heading", name="Anmeldung")).to_be_in_viewport()
    expect(page.get_by_label("Vollständiger Name")).to_be_in_viewport()

    qr = page.locator("figure.qr-code img")
    qr.scroll_into_view_if_needed()
    expect(qr).to_have_attribute("src", "/de/events/plenary/qr.svg")
    page.wait_for_function("document.querySelector('figure.qr-code img').naturalWidth > 0")


@pytest.fixture
def axe_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [360, 1366])
@pytest.mark.parametrize("path", ["/de/events/", "/zh-hans/events/plenary/"])
def test_axe_finds_no_violation_on_the_events_pages(live_server, axe_page, events, width, path):
    page = axe_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + path)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
