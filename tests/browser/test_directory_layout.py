"""The directory on a laptop: three or four dense cards to a row beside the filters, chosen
filters as chips that each remove one filter, and no accessibility violation."""

import datetime
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_form_accessibility import axe_violations
from tests.factories import CityFactory, CompanyFactory, SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}

CARDS_PER_ROW = """() => {
  const cards = [...document.querySelectorAll(".company-cards > .card")];
  const tops = cards.map((card) => card.getBoundingClientRect().top);
  return tops.filter((top) => Math.abs(top - tops[0]) < 1).length;
}"""


@pytest.fixture
def directory(db):
    lighting = SectorFactory(name_en="Lighting", name_de="Beleuchtung", name_zh_hans="照明", slug="lighting")
    environment = SectorFactory(name_en="Environmental services", name_de="Umweltdienstleistungen", slug="environment")
    foshan = CityFactory(name_en="Foshan", name_zh_hans="佛山", slug="foshan")
    for number in range(8):
        CompanyFactory(
            name_en=f"Lighting company {number}",
            name_de=f"Beleuchtungsdienstleistungsgesellschaft {number}",
            summary_en="Lighting systems, planning and maintenance for factories and public buildings in South China.",
            sectors=[lighting, environment] if number % 2 else [lighting],
            city=foshan,
            member_since=datetime.date(2019, 5, 1) if number % 3 == 0 else None,
        )


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_a_laptop_shows_three_or_four_cards_to_a_row_beside_the_filters(live_server, page, directory, language):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/{language}/companies/")
    assert page.evaluate(CARDS_PER_ROW) in (3, 4)
    filters = page.locator("details.filters").bounding_box()
    first_card = page.locator(".company-cards > .card").first.bounding_box()
    assert filters["x"] + filters["width"] < first_card["x"], "the filters stand left of the results"


def test_visitor_removes_chosen_filters_one_chip_at_a_time(live_server, page, directory):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/en/companies/")
    page.get_by_label("Search", exact=True).fill("company")
    page.get_by_role("group", name="Sector").locator("input[value=environment]").check()
    page.get_by_label("Alliance city").select_option("foshan")
    page.get_by_role("button", name="Apply filters").click()

    status = page.get_by_role("status").first
    expect(status).to_have_text(
        "4 companies · matching “company” · Sector: Environmental services · Alliance city: Foshan"
    )
    chips = page.get_by_role("list", name="Selected filters")
    chips.get_by_role("link", name="Remove filter Sector: Environmental services").click()
    expect(page).to_have_url(re.compile(r"/en/companies/\?q=company&city=foshan$"))
    expect(status).to_have_text("8 companies · matching “company” · Alliance city: Foshan")
    expect(page.locator("input[name=sector][value=environment]")).not_to_be_checked()
    expect(page.get_by_label("Search", exact=True)).to_have_value("company")

    chips.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/en/companies/$"))
    expect(status).to_have_text("8 companies")
    expect(chips).to_have_count(0)


@pytest.fixture
def axe_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [360, 1366])
def test_axe_finds_no_violation_on_the_directory_with_chosen_filters(live_server, axe_page, directory, width):
    page = axe_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/de/companies/?q=Beleuchtung&sector=environment&members=true")
    expect(page.locator(".chip")).to_have_count(3)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
