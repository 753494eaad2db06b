"""Phones at 320 and 360 px, in German (long compound words) and Chinese: no page scrolls
sideways, the header's brand, menu button and search box never overlap, nothing moves once
the page has loaded (layout shift 0, even when site.js arrives late), and the directory
shows its search box and results before the filter panel.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.factories import CityFactory, CompanyFactory, CooperationFactory, EventFactory, SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 360]
LANGUAGES = ["de", "zh-hans"]
PAGES = [
    "/",
    "/companies/",
    "/companies/?q=Abfall",
    "/companies/kreislaufwirtschaft/",
    "/events/",
    "/events/forum/",
    "/cities/",
    "/cooperation/",
    "/search/?q=Abfall",
]

# Layout shifts since the page started, read from the browser's buffered entries once the
# page has loaded and settled (a shift right after an input does not count, as in CLS).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 200);
})"""

# What sticks out on the right, to say why a page scrolls sideways.
STICKING_OUT = """() => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(-3)
  .map((element) => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""))"""

BOXED = [".site-brand", ".site-name", ".menu-button", ".site-search"]
BOXES = """(selectors) => Object.fromEntries(
  selectors.map((selector) => {
    const element = document.querySelector(selector);
    const box = element && element.getBoundingClientRect();
    return [selector, box && box.width ? [box.left, box.top, box.right, box.bottom] : null];
  })
)"""


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.fixture
def content(db):
    environment = SectorFactory(
        name_en="Environmental services", name_de="Umweltdienstleistungen", name_zh_hans="环境服务", slug="environment"
    )
    foshan = CityFactory(name_en="Foshan", name_zh_hans="佛山", slug="foshan")
    company = CompanyFactory(
        name_en="Circular Economy Services",
        name_de="Kreislaufwirtschaftsdienstleistungsgesellschaft",
        name_zh_hans="循环经济服务公司",
        slug="kreislaufwirtschaft",
        summary_de="Abfallwirtschaftsberatung, Wasserstoffinfrastrukturplanung und Instandhaltungsdienstleistungen.",
        city=foshan,
        sectors=[environment],
    )
    CompanyFactory(name_en="Abfallwirtschaft Süd", sectors=[environment], city=foshan)
    EventFactory(
        title_en="Circular economy forum",
        title_de="Forum Abfallwirtschaft und Kreislaufwirtschaftsinfrastruktur",
        title_zh_hans="循环经济论坛",
        slug="forum",
        capacity=40,
        venue__city=foshan,
        participants=[company],
    )
    CooperationFactory(
        title_de="Instandhaltungsdienstleistungspartner gesucht", company=company, sectors=[environment]
    )


@pytest.fixture
def late_site_js(page):
    """Hold site.js back for a moment, as a slow phone network does: the layout must not wait for it."""

    def delay(route):
        time.sleep(0.4)
        route.continue_()

    page.route("**/static/js/site.js", delay)
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_a_phone_without_overlap_or_layout_shift(live_server, late_site_js, content, width, language):
    page = late_site_js
    page.set_viewport_size({"width": width, "height": 740})
    problems = []
    for path in PAGES:
        url = f"{live_server.url}/{language}{path}"
        page.goto(url)
        page.wait_for_load_state("load")

        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width > client_width:
            sticking_out = ", ".join(page.evaluate(STICKING_OUT))
            problems.append(f"{path}: {scroll_width} px wide in a {client_width} px window ({sticking_out})")

        boxes = page.evaluate(BOXES, BOXED)
        brand, name, menu, search = (boxes[key] for key in BOXED)
        assert menu is not None, f"{path}: no menu button on a phone"
        for label, box in (("brand", brand), ("menu button", menu), ("search box", search)):
            if box[0] < 0 or box[2] > client_width:
                problems.append(f"{path}: the {label} reaches outside the window: {box}")
        for (label_a, a), (label_b, b) in (
            (("brand", brand), ("menu button", menu)),
            (("site name", name), ("menu button", menu)),
            (("brand", brand), ("search box", search)),
            (("menu button", menu), ("search box", search)),
        ):
            if overlap(a, b):
                problems.append(f"{path}: the {label_a} {a} overlaps the {label_b} {b}")
        if name[2] > brand[2] + 0.5:
            problems.append(f"{path}: the site name {name} sticks out of the brand {brand}")

        shift = page.evaluate(LAYOUT_SHIFT)
        if shift:
            problems.append(f"{path}: layout shift {shift:.4f}")
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_menu_button_unfolds_the_navigation_on_a_phone(live_server, page, content, width, language):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(f"{live_server.url}/{language}/events/")
    navigation = page.locator("#site-nav")
    button = page.locator(".menu-button")
    expect(navigation).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")

    button.click()
    expect(navigation).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(button).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_directory_shows_search_and_results_before_the_filters_on_a_phone(
    live_server, page, content, width, language
):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(f"{live_server.url}/{language}/companies/?q=Abfall")
    search = page.locator("#id_q")
    expect(search).to_be_visible()
    expect(search).to_have_value("Abfall")
    expect(page.locator("details.filters")).not_to_have_attribute("open", "")

    search_box = search.bounding_box()
    results = page.locator(".company-cards").bounding_box()
    filters = page.locator("details.filters").bounding_box()
    assert search_box["y"] + search_box["height"] <= 740, "the search box is below the first screen"
    assert search_box["y"] < results["y"] < filters["y"]

    # The filters still work from below the results, and keep the search.
    page.locator("details.filters > summary").click()
    page.locator("input[name=sector][value=environment]").check()
    page.locator("details.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"\?q=Abfall&.*sector=environment"))
    expect(page.locator(".company-cards .card")).to_have_count(2)


@pytest.mark.parametrize("path", ["/de/companies/", "/de/events/", "/zh-hans/cooperation/"])
def test_filter_pages_do_not_move_on_a_wide_screen_either(live_server, late_site_js, content, path):
    # There site.js opens the filter panels; the panels must already show before it does.
    page = late_site_js
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    expect(page.locator("details.filters")).to_have_attribute("open", "")
    assert page.evaluate(LAYOUT_SHIFT) == 0
