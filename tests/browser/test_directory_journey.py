"""A visitor searches the directory for Osram, narrows by sector, opens the profile and reads it in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CompanyFactory, SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(db):
    lighting = SectorFactory(name_en="Lighting", name_zh_hans="照明", slug="lighting")
    insurance = SectorFactory(name_en="Insurance", name_zh_hans="保险", slug="insurance")
    CompanyFactory(name_en="Osram", name_zh_hans="欧司朗", slug="osram", sectors=[lighting])
    CompanyFactory(name_en="Osram Insurance Brokers", slug="osram-insurance", sectors=[insurance])
    CompanyFactory(name_en="Allianz", name_zh_hans="安联", slug="allianz", sectors=[insurance])


def test_visitor_searches_filters_opens_profile_and_switches_to_chinese(live_server, page, directory):
    page.goto(live_server.url + "/en/companies/")
    filters = page.locator("details.filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()

    page.get_by_label("Search", exact=True).fill("Osram")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"q=Osram"))
    cards = page.locator(".company-cards .card-title")
    expect(cards).to_have_count(2)

    page.get_by_role("group", name="Sector").locator("input[value=lighting]").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"sector=lighting"))
    expect(cards).to_have_count(1)
    expect(page.get_by_role("status").first).to_contain_text("1 company")

    page.get_by_role("link", name="Osram", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/companies/osram/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Osram")

    page.get_by_role("link", name="中文").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/companies/osram/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("欧司朗")
    expect(page.locator(".other-names")).to_have_text("Osram")
