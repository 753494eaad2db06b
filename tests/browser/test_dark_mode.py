"""The dark scheme, for visitors whose system asks for it (prefers-color-scheme: dark): the
pages turn dark, and axe-core's colour-contrast rule finds no text below WCAG AA on the main
pages, in a form's error state and in the chosen filters, on a phone and on a laptop."""

import datetime
import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_form_accessibility import AXE
from tests.factories import (
    AnnouncementFactory,
    CityFactory,
    CompanyFactory,
    CooperationFactory,
    EventFactory,
    SectorFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/en/",
    "/de/companies/?q=Osram&sector=lighting&members=true",
    "/zh-hans/companies/osram/",
    "/de/events/",
    "/en/events/forum/",
    "/zh-hans/cities/",
    "/de/cooperation/",
    "/en/search/?q=forum",
]


def contrast_violations(page):
    """Run axe-core's colour-contrast rule alone; return the failing elements with axe's reason."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast']})")
    return [
        (node["target"], node["failureSummary"]) for violation in result["violations"] for node in violation["nodes"]
    ]


@pytest.fixture
def content(db):
    lighting = SectorFactory(name_en="Lighting", name_de="Beleuchtung", name_zh_hans="照明", slug="lighting")
    foshan = CityFactory(name_en="Foshan", name_zh_hans="佛山", slug="foshan")
    CityFactory(name_en="Ludwigshafen", slug="ludwigshafen", country="DE", latitude=49.48, longitude=8.44)
    osram = CompanyFactory(
        name_en="Osram",
        name_zh_hans="欧司朗",
        slug="osram",
        featured=True,
        sectors=[lighting],
        city=foshan,
        member_since=datetime.date(2017, 3, 1),
    )
    CompanyFactory(name_en="Lamp Works", sectors=[lighting], featured=True)
    EventFactory(title_en="Alliance forum", slug="forum", capacity=1, participants=[osram])
    EventFactory(title_en="Mayors' forum", status="cancelled")
    CooperationFactory(title_en="Service partner for lighting systems", company=osram, sectors=[lighting])
    AnnouncementFactory(title_en="Forum registration opens")


@pytest.fixture
def dark_page(browser, browser_context_args):
    """A page in the dark scheme; its context lets Playwright inject axe-core despite the CSP."""
    context = browser.new_context(**browser_context_args, color_scheme="dark", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [360, 1366])
def test_the_main_pages_keep_aa_contrast_in_the_dark_scheme(live_server, dark_page, content, width):
    page = dark_page
    page.set_viewport_size({"width": width, "height": 900})
    failures = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 23)"
        if found := contrast_violations(page):
            failures[path] = found
    assert failures == {}, json.dumps(failures, indent=1, ensure_ascii=False)


def test_a_forms_error_state_and_the_open_menu_keep_aa_contrast_in_the_dark_scheme(live_server, dark_page, content):
    page = dark_page
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + "/de/events/forum/")
    page.locator(".menu-button").click()
    expect(page.locator("#site-nav")).to_be_visible()
    page.locator("#registration-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert contrast_violations(page) == []


def test_the_light_scheme_stays_light(live_server, page, content):
    page.goto(live_server.url + "/en/")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
