"""The alliance map in Chromium at 360 and 1366 px, in English, German and Chinese: the
labels' drawn boxes (getBBox) overlap nowhere, the text is 12 px or more, every city is a
target of at least 24 × 24 px that no other overlaps, the page does not scroll sideways, and
axe-core finds no violation on /cities/, nor on an event page with its venue's map.
"""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_form_accessibility import axe_violations
from tests.factories import EventFactory
from zone_portal.demo import Loader, read_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [360, 1366]
LANGUAGES = ["en", "de", "zh-hans"]

# The shown layout's labels and dots in the SVG's own coordinates, their rendered font size
# and each link's target on the screen.
MEASURE = """() => {
  const svg = [...document.querySelectorAll(".alliance-map svg")].find((s) => s.getBoundingClientRect().width > 0);
  const scale = svg.getScreenCTM().a;
  const box = (b) => [b.x, b.y, b.x + b.width, b.y + b.height];
  return {
    layout: svg.getAttribute("class"),
    viewBox: svg.viewBox.baseVal.width,
    cities: [...svg.querySelectorAll("a")].map((a) => ({
      name: a.textContent.trim(),
      label: box(a.querySelector(".map-label").getBBox()),
      dot: box(a.querySelector(".map-dot").getBBox()),
    })),
    fontPx: [...svg.querySelectorAll(".map-label")].map((t) => parseFloat(t.getAttribute("font-size")) * scale),
    targets: [...svg.querySelectorAll(".map-hit")].map((hit) => {
      const r = hit.getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom];
    }),
    scrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  };
}"""


def overlap(a, b, tolerance=0.01):
    """Whether boxes (left, top, right, bottom) overlap by more than a rounding error."""
    return a[0] < b[2] - tolerance and b[0] < a[2] - tolerance and a[1] < b[3] - tolerance and b[1] < a[3] - tolerance


@pytest.fixture
def demo_cities(db):
    data = read_demo_data()
    Loader(data).load_cities(data["cities"])
    return data["cities"]


@pytest.fixture
def axe_page(browser, browser_context_args):
    """A page whose context lets Playwright inject axe-core despite the site's CSP (only here)."""
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_labels_never_overlap_and_are_readable_and_tappable(live_server, page, demo_cities, width, language):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/{language}/cities/")
    drawn = page.evaluate(MEASURE)
    assert drawn["layout"] == ("map map-narrow" if width < 768 else "map map-wide")
    cities = drawn["cities"]
    assert len(cities) == len(demo_cities)
    for city in cities:
        assert city["label"][0] >= 0 and city["label"][2] <= drawn["viewBox"], city["name"]
        for other in cities:
            if other is not city:
                assert not overlap(city["label"], other["label"]), f"{city['name']} overlaps {other['name']}"
                assert not overlap(city["label"], other["dot"]), f"{city['name']} covers {other['name']}'s dot"
    assert min(drawn["fontPx"]) >= 12
    targets = drawn["targets"]
    assert all(right - left >= 24 and bottom - top >= 24 for left, top, right, bottom in targets), targets
    assert not [(a, b) for i, a in enumerate(targets) for b in targets[i + 1 :] if overlap(a, b)]
    assert not drawn["scrollsSideways"]


def test_a_city_on_the_map_is_reached_by_keyboard_and_opens_its_page(live_server, page, demo_cities):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/zh-hans/cities/")
    link = page.locator(".map-narrow").get_by_role("link", name="揭阳")
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/zh-hans/cities/jieyang/")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_the_cities_page(live_server, axe_page, demo_cities, width, language):
    page = axe_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/{language}/cities/")
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_an_event_page_with_its_venue_map(live_server, axe_page, width, language):
    EventFactory(
        slug="plenary",
        venue__directions_en="By S-Bahn to Hannover Messe/Laatzen, then the north entrance.",
        venue__latitude=52.3225,
        venue__longitude=9.8046,
        venue__city__name_en="Hanover",
    )
    page = axe_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/{language}/events/plenary/")
    expect(page.locator("svg.location-map .map-label")).to_have_text("Hanover")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
