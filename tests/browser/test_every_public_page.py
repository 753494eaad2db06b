"""Every public HTML page in Chromium, in English, German and Chinese (issue #11, "Done when"):

- axe-core finds no violation of any impact at 360 px (a phone) and at 1366 px (a laptop),
  on each kind of page and in each state a visitor reaches: filters chosen, nothing found,
  a form's errors, a confirmation, the waiting list, a cancellation, the 404 page;
- the first view of each page on a phone, with an empty cache, takes at most 15 requests
  and 150 KB up to the load event, all from the portal itself;
- every image has its width and height, and one that starts below the first screen loads
  lazily: the directory fetches the logos near the top only, the rest as they come into view.

The content is the demo (zone_portal/demo_data/: 32 companies with logos, cities, events,
announcements, cooperation entries) plus what it lacks: an event image, a full event with a
waiting list, a company without a logo, and registrations with known tokens. Feeds, calendars
and QR codes are not HTML pages and are checked in tests/test_machine_readable.py.
"""

import json
import re
import time
import urllib.parse
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import expect
from whitenoise.compress import Compressor

from companies.models import City, Company
from events.models import Event, RegistrationStatus
from tests.browser.test_form_accessibility import axe_violations
from tests.factories import CompanyFactory, EventFactory, RegistrationFactory
from zone_portal.demo import load_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "de", "zh-hans"]
WIDTHS = [360, 1366]
PHONE = {"width": 360, "height": 740}

# The registrant's secret links, made with known tokens so that pages can name them.
CONFIRMED_TOKEN = "confirmed-registration-token-for-the-page-tests"
WAITING_TOKEN = "waiting-list-registration-token-for-the-page-tests"

# The budget of a first view on a phone (issue #11).
MAX_REQUESTS = 15
MAX_BYTES = 150_000
COMPRESSOR = Compressor(use_brotli=False, quiet=True)


# --- What a visitor does on a page before it is checked -----------------------------------


def submit_empty(form_id):
    def submit(page):
        page.locator(f"#{form_id} button[type=submit]").click()
        expect(page.locator(".error-summary")).to_be_focused()

    submit.__name__ = f"submit the empty #{form_id}"
    return submit


def register(page):
    form = page.locator("#registration-form")
    form.locator("#id_name").fill("Wang Fang")
    form.locator("#id_email").fill("wang.fang@example.com")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/events/registration/[\w-]+/(#register)?$"))
    expect(page.locator(".panel-success")).to_be_visible()


def send_inquiry(page):
    form = page.locator("#inquiry-form")
    form.locator("#id_name").fill("Chen Jing")
    form.locator("#id_email").fill("chen.jing@example.com")
    form.locator("#id_organisation").fill("Guangzhou Lamps Trading Co.")
    form.locator("#id_country").select_option("CN")
    form.locator("#id_topic").select_option(index=1)
    form.locator("#id_message").fill("We would like to learn the terms for distributors.")
    form.locator("#id_consent").check()
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/contact/sent/(#inquiry)?$"))


def cancel_registration(page):
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/events/registration/[\w-]+/$"))
    expect(page.locator(".message-success")).to_be_visible()


def open_filters(page):
    """On a phone the filter panel is folded: unfold it, so that its form is checked too."""
    details = page.locator("details.filters")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details).to_have_attribute("open", "")


def open_menu(page):
    """On a phone the navigation is folded behind the menu button: unfold it."""
    button = page.locator(".menu-button")
    if button.is_visible():
        button.click()
        expect(page.locator("#site-nav")).to_be_visible()


@dataclass(frozen=True)
class Visit:
    """A page (its address below the language prefix) and what the visitor does there."""

    path: str
    action: object = None
    status: int = 200

    def __str__(self):
        return self.path + (f" ({self.action.__name__.replace('_', ' ')})" if self.action else "")


# Every public HTML page of zone_portal/urls.py, companies/urls.py and events/urls.py, in
# the states a visitor meets. The admin (staff only), /altcha/challenge/ (JSON), the QR
# codes (SVG), the calendars (.ics), the feed (Atom), sitemap.xml and robots.txt are not.
VISITS = [
    # zone_portal/urls.py
    Visit("/", open_menu),
    Visit("/search/"),
    Visit("/search/?q=Foshan"),
    Visit("/search/?q=Xylophonbau"),
    Visit("/imprint/"),
    Visit("/privacy/"),
    Visit("/no-such-page/", status=404),
    # companies/urls.py
    Visit("/companies/"),
    Visit("/companies/?page=2"),
    Visit("/companies/?q=Logistik"),
    Visit("/companies/?q=Logistik&sector=logistics&sector=trade-fairs&country=DE&members=true", open_filters),
    Visit("/companies/?city=foshan&size=medium&sort=newest", open_filters),
    Visit("/companies/?q=Xylophonbau"),
    Visit("/companies/hanse-logistik-partner/"),
    Visit("/companies/osram/"),
    Visit("/companies/keramik-ohne-logo/"),
    Visit("/companies/no-such-company/", status=404),
    Visit("/companies/hanse-logistik-partner/contact/"),
    Visit("/companies/hanse-logistik-partner/contact/", submit_empty("inquiry-form")),
    Visit("/cooperation/"),
    Visit("/cooperation/?direction=request&kind=investment&sector=recycling", open_filters),
    Visit("/cooperation/?kind=technology&country=CN", open_filters),
    Visit("/cooperation/distributor-for-led-luminaires-south-china/"),
    Visit("/cooperation/distributor-for-led-luminaires-south-china/", submit_empty("inquiry-form")),
    Visit("/cooperation/distributor-for-led-luminaires-south-china/", send_inquiry),
    Visit("/cooperation/propose/"),
    Visit("/cooperation/propose/", submit_empty("proposal-form")),
    Visit("/contact/"),
    Visit("/contact/", submit_empty("inquiry-form")),
    Visit("/contact/sent/"),
    Visit("/cities/"),
    Visit("/cities/foshan/"),
    Visit("/cities/ludwigshafen/"),
    # events/urls.py
    Visit("/events/"),
    Visit("/events/?kind=forum&city=foshan", open_filters),
    Visit("/events/?kind=workshop&city=stuttgart", open_filters),
    Visit("/events/past/"),
    Visit("/events/alliance-plenary-assembly/"),
    Visit("/events/alliance-plenary-assembly/", submit_empty("registration-form")),
    Visit("/events/alliance-plenary-assembly/", register),
    Visit("/events/sold-out-forum/"),
    Visit("/events/workshop-industry-4-0-postponed/"),
    Visit("/events/alliance-plenary-assembly-previous/"),
    Visit(f"/events/registration/{CONFIRMED_TOKEN}/"),
    Visit(f"/events/registration/{WAITING_TOKEN}/"),
    Visit(f"/events/registration/{CONFIRMED_TOKEN}/cancel/"),
    Visit(f"/events/registration/{WAITING_TOKEN}/cancel/", cancel_registration),
    Visit("/events/announcements/"),
    Visit("/events/announcements/registration-open-plenary-assembly/"),
]


def png(size, color):
    """Return the bytes of a real PNG drawn with Pillow."""
    output = BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return output.getvalue()


@pytest.fixture
def portal(db):
    """The demo content, and what it lacks for the pages above."""
    load_demo_data()
    foshan = City.objects.get(slug="foshan")
    CompanyFactory(
        name_en="Ceramics Works",
        name_de="Keramikwerk ohne Logo",
        name_zh_hans="陶瓷厂",
        slug="keramik-ohne-logo",
        city=foshan,
    )
    plenary = Event.objects.get(slug="alliance-plenary-assembly")
    plenary.image = ContentFile(png((1200, 630), (20, 90, 160)), name="plenary.png")
    plenary.save()
    RegistrationFactory(event=plenary, token=CONFIRMED_TOKEN, name="Anna Schmidt")
    full = EventFactory(
        title_en="Sold-out forum",
        title_de="Ausgebuchtes Forum",
        title_zh_hans="满员论坛",
        slug="sold-out-forum",
        capacity=1,
        venue=plenary.venue,
        participants=list(Company.objects.filter(slug__in=["osram", "remondis"])),
    )
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, token=WAITING_TOKEN, status=RegistrationStatus.WAITING)


def visit(page, base_url, language, visit_):
    """Open ``visit_`` in ``language`` and do what its visitor does there."""
    response = page.goto(f"{base_url}/{language}{visit_.path}")
    assert response.status == visit_.status, f"{visit_}: {response.status}"
    if visit_.action:
        visit_.action(page)


# --- axe-core on every page ---------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_contexts(browser):
    """One browser context per width for the module, letting Playwright inject axe-core despite
    the site's CSP (only here); pages share it, as one visitor's tabs would."""
    contexts = {}

    def context(width):
        if width not in contexts:
            contexts[width] = browser.new_context(
                locale="en-GB", bypass_csp=True, viewport={"width": width, "height": 800}
            )
        return contexts[width]

    yield context
    for opened in contexts.values():
        opened.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_any_public_page(live_server, axe_contexts, portal, width, language):
    page = axe_contexts(width).new_page()
    failures = {}
    for visit_ in VISITS:
        visit(page, live_server.url, language, visit_)
        if violations := axe_violations(page):
            failures[str(visit_)] = violations
    page.close()
    assert failures == {}, json.dumps(failures, indent=1, ensure_ascii=False)


def test_axe_reports_a_violation_on_a_page_that_has_one(live_server, axe_contexts, portal):
    # The check above can fail: an image without a text alternative on a real page is found.
    page = axe_contexts(360).new_page()
    page.goto(f"{live_server.url}/en/imprint/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert [rule for rule, _, _ in axe_violations(page)] == ["image-alt"]
    page.close()


# --- The first view on a phone ------------------------------------------------------------

# Where each image stands once the page has loaded, and the attributes that keep its place.
IMAGES = """() => [...document.images].map((image) => ({
  src: image.getAttribute("src"),
  top: image.getBoundingClientRect().top + window.scrollY,
  width: image.getAttribute("width"),
  height: image.getAttribute("height"),
  loading: image.getAttribute("loading"),
}))"""


def first_view(browser, base_url, language, visit_):
    """Open ``visit_`` on a phone with an empty cache; return (requests, bytes, images) of the
    view it ends on, up to its load event. After an action that leads to another page, what
    counts starts with the action's navigation (a form's POST and its redirect included).
    Bytes are what the response headers and bodies take on the wire (from the test server, and
    as production serves them)."""
    context = browser.new_context(locale="en-GB", viewport=PHONE)
    page = context.new_page()
    requests, finished = [], set()
    page.on("request", lambda request: requests.append(request))
    page.on("requestfinished", lambda request: finished.add(request))
    response = page.goto(f"{base_url}/{language}{visit_.path}", wait_until="load")
    assert response.status == visit_.status, f"{visit_}: {response.status}"
    counted = list(requests)
    if visit_.action:
        before = len(requests)
        visit_.action(page)
        page.wait_for_load_state("load")
        navigations = [
            index
            for index, request in enumerate(requests[before:], start=before)
            if request.is_navigation_request() and request.frame == page.main_frame
        ]
        if navigations:
            # Less what the page before still had under way and the navigation cut off
            # (the proof of work's worker script, say): it never arrived.
            counted = [
                request
                for request in requests[navigations[0] :]
                if not (request.failure and "ERR_ABORTED" in request.failure)
            ]
    transferred = served = 0
    for request in counted:
        # One still under way at the load event counts, its bytes cannot yet.
        if request in finished:
            size = request.sizes()
            body = max(size["responseBodySize"], 0)
            transferred += size["responseHeadersSize"] + body
            served += size["responseHeadersSize"] + production_body_size(request, body)
    images = page.evaluate(IMAGES)
    context.close()
    return counted, transferred, served, images


def production_body_size(request, body_size):
    """Return the size of a body as production sends it. The test server sends static files as
    they are; WhiteNoise sends the gzip file that collectstatic makes beside each one worth
    compressing (whitenoise.compress, the same code here; with brotli they are smaller still)."""
    path = urllib.parse.urlsplit(request.url).path
    if not body_size or not path.startswith(settings.STATIC_URL) or not COMPRESSOR.should_compress(path):
        return body_size
    data = Path(finders.find(path.removeprefix(settings.STATIC_URL))).read_bytes()
    assert len(data) == body_size, f"{path} is not the file the test server sent"
    compressed = COMPRESSOR.compress_gzip(data)
    return len(compressed) if COMPRESSOR.is_compressed_effectively("gzip", path, len(data), compressed) else body_size


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_view_of_every_page_on_a_phone_stays_within_budget(live_server, browser, portal, language):
    measured, problems = {}, []
    for visit_ in VISITS:
        requests, transferred, served, images = first_view(browser, live_server.url, language, visit_)
        measured[str(visit_)] = (len(requests), transferred, served)
        if len(requests) > MAX_REQUESTS or served > MAX_BYTES:
            problems.append(f"{visit_}: {len(requests)} requests, {served} bytes")
        foreign = [request.url for request in requests if not request.url.startswith(live_server.url)]
        if foreign:
            problems.append(f"{visit_}: requests elsewhere: {foreign}")
        for image in images:
            if not (image["width"] and image["height"]):
                problems.append(f"{visit_}: {image['src']} has no width and height")
            if image["top"] >= PHONE["height"] and image["loading"] != "lazy":
                problems.append(f"{visit_}: {image['src']} starts below the first screen but is not lazy")
    print(f"\nFirst view at 360 px in {language} (requests, bytes from the test server, bytes in production):")
    for name, (count, transferred, served) in measured.items():
        print(f"  {name}: {count}, {transferred}, {served}")
    assert problems == [], "\n".join(problems)
    # The measure counts what it should: every page has its document, style sheet and script.
    assert min(count for count, _, _ in measured.values()) >= 3


def logo_requests(requests):
    return [request.url for request in requests if "/companies/logos/" in request.url]


def test_the_directory_fetches_only_the_logos_near_the_first_screen(live_server, browser, portal):
    context = browser.new_context(locale="en-GB", viewport=PHONE)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto(f"{live_server.url}/en/companies/", wait_until="load")
    page.wait_for_timeout(300)

    logos = page.locator(".company-card .card-image img")
    assert logos.count() >= 20
    fetched = logo_requests(requests)
    assert fetched, "the logos on the first screen are fetched"
    assert logos.first.get_attribute("src") in [url.removeprefix(live_server.url) for url in fetched]
    # 24 cards stacked on a phone run far below the first screen: their logos wait.
    assert len(fetched) < 12, fetched
    last = logos.last
    assert live_server.url + last.get_attribute("src") not in fetched

    # Scrolled into view, the last logo arrives and shows.
    with page.expect_request(live_server.url + last.get_attribute("src")):
        last.scroll_into_view_if_needed()
    expect(last).to_have_js_property("complete", True)
    assert last.evaluate("image => image.naturalWidth") > 0
    context.close()


# Layout shifts since the page started (as in tests/browser/test_phone_layout.py).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 200);
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_moves_when_logos_and_images_arrive_late(live_server, browser, portal, width):
    # Uploaded images are held back, as on a slow network: the page is painted before they
    # come, so a box that does not know the image's shape would grow when it does.
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 740})
    page = context.new_page()

    def late(route):
        time.sleep(0.4)
        route.continue_()

    page.route("**/media/**", late)
    shifts = {}
    for path, image in [
        ("/companies/hanse-logistik-partner/", ".company-logo"),
        ("/events/alliance-plenary-assembly/", ".event-image"),
        ("/companies/", ".company-card img"),
    ]:
        page.goto(f"{live_server.url}/en{path}", wait_until="load")
        shown = page.locator(image).first
        shown.scroll_into_view_if_needed()
        expect(shown).to_have_js_property("complete", True)
        assert shown.evaluate("image => image.naturalWidth") > 0, path
        shifts[path] = page.evaluate(LAYOUT_SHIFT)
    context.close()
    assert shifts == dict.fromkeys(shifts, 0)
