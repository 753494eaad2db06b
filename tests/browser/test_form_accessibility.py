"""Public forms in Chromium: the error summary takes the focus, its links reach their fields,
and axe-core finds no violation on the registration form in its error state nor on the
confirmation page.

axe-core is vendored in tests/browser/vendor/axe-core/ (from npm, never served by the
site). Playwright injects it as a script, which the site's Content-Security-Policy would
refuse: only the axe tests open their pages in a context that bypasses the policy.
"""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import Registration
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = [360, 1366]


def axe_violations(page):
    """Run axe-core over the whole page; return its violations as (rule, impact, [targets])."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
    ]


def submit_empty_registration(page, url):
    page.goto(url)
    page.locator("#registration-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()


def test_the_summary_takes_the_focus_and_its_links_focus_their_fields(live_server, page):
    EventFactory(title_en="Forum", slug="forum")
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    submit_empty_registration(page, live_server.url + "/en/events/forum/")

    expect(page).to_have_title(re.compile(r"^Error: Forum"))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")

    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.locator("#id_email")).to_be_focused()
    summary.get_by_role("link", name="Enter your full name").click()
    expect(page.locator("#id_name")).to_be_focused()
    assert page.locator("label[for=id_name]").is_visible()
    assert problems == []
    assert Registration.objects.count() == 0


def test_a_summary_link_to_a_radio_group_focuses_its_first_option(live_server, page):
    page.goto(live_server.url + "/en/cooperation/propose/")
    page.locator("#proposal-form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Select the kind of cooperation").click()
    expect(page.locator("#id_kind_0")).to_be_focused()
    summary.get_by_role("link", name="Tick the box to agree to the privacy notice").click()
    expect(page.locator("#id_consent")).to_be_focused()


@pytest.fixture
def axe_page(browser, browser_context_args):
    """A page whose context lets Playwright inject axe-core despite the site's CSP (only here)."""
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_the_registration_form_with_errors(live_server, axe_page, width):
    page = axe_page
    EventFactory(title_en="Alliance plenary assembly", slug="plenary", capacity=20)
    page.set_viewport_size({"width": width, "height": 800})
    submit_empty_registration(page, live_server.url + "/en/events/plenary/")
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_the_confirmation_page(live_server, axe_page, width):
    page = axe_page
    EventFactory(title_en="Alliance plenary assembly", slug="plenary", capacity=20)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/en/events/plenary/")
    page.get_by_label("Full name").fill("Wang Fang")
    page.get_by_label("Email").fill("wang.fang@example.com")
    page.locator("#registration-form button[type=submit]").click()
    expect(page.locator(".panel-success h1")).to_have_text("Registration complete")
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
