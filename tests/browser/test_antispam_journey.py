"""The proof of work solves in a real browser under the site's Content-Security-Policy."""

import re
import urllib.parse

import pytest
from playwright.sync_api import expect

from core.models import RateLimitCounter
from events.models import Registration
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_widget_solves_under_our_csp_and_the_registration_counts_as_solved(live_server, page, settings):
    settings.ZONE_FORM_MIN_SECONDS = 1
    EventFactory(title_en="Alliance plenary assembly", slug="plenary", capacity=20)
    server = urllib.parse.urlsplit(live_server.url).netloc
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type in {"error", "warning"} and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(live_server.url + "/de/events/plenary/")
    widget = page.locator("altcha-widget")
    expect(widget).to_have_count(1)
    # Labelled in the page's language (the texts are ours; German once `make messages` has run).
    expect(widget.get_by_role("checkbox")).to_be_visible()

    page.get_by_label("Name").first.fill("Anna Schmidt")
    page.get_by_label("E-Mail").fill("anna.schmidt@example.com")
    # Focusing the form starts the work; the widget writes its solution into the form.
    expect(page.locator('#registration-form input[name="altcha"]')).to_have_value(
        re.compile(r".{100,}"), timeout=30_000
    )
    page.wait_for_timeout(1100)  # the minimum fill time of this test
    page.locator("#registration-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/de/events/registration/[\w-]+/(#register)?$"))
    assert Registration.objects.get().name == "Anna Schmidt"
    assert RateLimitCounter.objects.get(scope__startswith="event-registration").scope == "event-registration:solved"
    assert [url for url in requests if urllib.parse.urlsplit(url).netloc != server] == []
    assert any(url.endswith("/altcha/challenge/") for url in requests)
    assert any(url.endswith("/static/vendor/altcha/pbkdf2.js") for url in requests), "the worker came from us"
    assert [text for text in problems if "Content Security Policy" in text or "Refused" in text] == []
