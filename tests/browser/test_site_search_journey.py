"""A visitor on a phone types in the header's search box on a German page and lands on results."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CompanyFactory, EventFactory, SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def assert_no_sideways_scroll(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


@pytest.fixture
def content(db):
    environment = SectorFactory(name_en="Environmental services", name_de="Umweltdienstleistungen", slug="environment")
    CompanyFactory(
        name_en="Remondis",
        slug="remondis",
        summary_de="Kreislaufwirtschaft, Abfallwirtschaft und Wasserwirtschaft.",
        sectors=[environment],
    )
    EventFactory(title_en="Circular economy forum", title_de="Forum Abfallwirtschaft und Kreislaufwirtschaft")


def test_visitor_searches_from_the_header_on_a_german_phone_page(live_server, page, content):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/de/events/")
    assert_no_sideways_scroll(page)

    search = page.get_by_role("search", name="Portal durchsuchen")
    box = search.get_by_role("searchbox")
    expect(box).to_be_visible()
    box.fill("Abfallwirtschaft")
    search.get_by_role("button", name="Suchen").click()

    expect(page).to_have_url(re.compile(r"/de/search/\?q=Abfallwirtschaft$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suchergebnisse für „Abfallwirtschaft“")
    expect(page.get_by_role("heading", name="Unternehmen (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Veranstaltungen (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Remondis")).to_be_visible()
    expect(page.get_by_role("link", name="Forum Abfallwirtschaft und Kreislaufwirtschaft")).to_be_visible()
    assert_no_sideways_scroll(page)

    # Nothing found: the sectors and the ways back, still without sideways scrolling.
    box = page.get_by_role("search", name="Portal durchsuchen").get_by_role("searchbox")
    box.fill("Donaudampfschifffahrtsgesellschaftskapitänsmütze")
    box.press("Enter")
    expect(page.get_by_role("link", name="Umweltdienstleistungen")).to_have_attribute(
        "href", "/de/companies/?sector=environment"
    )
    assert_no_sideways_scroll(page)


def test_home_page_search_works_without_javascript(live_server, browser, content):
    # Without JavaScript the navigation stays unfolded above the page: it must fit too.
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    assert_no_sideways_scroll(page)

    page.get_by_role("searchbox", name="Search companies, events, announcements and cooperation offers").fill(
        "Remondis"
    )
    page.locator(".hero").get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/en/search/\?q=Remondis$"))
    expect(page.get_by_role("heading", name="Companies (1)")).to_be_visible()
    assert_no_sideways_scroll(page)
    context.close()
