"""A visitor finds an upcoming forum, registers for it and sees the confirmation."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration, RegistrationStatus
from tests.factories import CompanyFactory, EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_opens_events_finds_the_forum_registers_and_sees_confirmation(live_server, page):
    EventFactory(
        title_en="Alliance plenary assembly",
        slug="plenary",
        capacity=2,
        participants=[CompanyFactory(name_en="Remondis")],
    )
    EventFactory(title_en="Company visit", slug="visit")

    page.goto(live_server.url + "/en/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming events")
    page.get_by_role("link", name="Alliance plenary assembly").click()

    expect(page).to_have_url(re.compile(r"/en/events/plenary/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alliance plenary assembly")
    expect(page.locator(".event-places")).to_contain_text("2 places left")
    expect(page.get_by_role("link", name="Remondis")).to_be_visible()

    page.get_by_label("Name").fill("王芳 Wang Fang")
    page.get_by_label("Email").fill("wang.fang@example.com")
    page.get_by_label("Organisation").fill("Foshan Lighting Co.")
    page.get_by_label("Country").select_option("CN")
    page.get_by_role("button", name="Register").click()

    # The browser keeps the form action's #register fragment across the redirect.
    expect(page).to_have_url(re.compile(r"/en/events/registration/[\w-]+/(#register)?$"))
    expect(page.locator(".panel-success h1")).to_have_text("Registration complete")
    expect(page.locator(".registration-status")).to_have_text("Confirmed: your place is reserved.")
    expect(page.get_by_role("link", name="Cancel my registration")).to_be_visible()

    registration = Registration.objects.get()
    assert (registration.name, registration.status) == ("王芳 Wang Fang", RegistrationStatus.CONFIRMED)
    assert [message.to for message in mail.outbox] == [["wang.fang@example.com"]]


def test_visitor_sees_a_clear_error_for_a_malformed_email(live_server, page):
    EventFactory(title_en="Forum", slug="forum")
    page.goto(live_server.url + "/en/events/forum/")
    page.get_by_label("Name").fill("Max Mustermann")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Register").click()
    message = "Enter an email address in the correct format, like name@example.com"
    expect(page.locator(".error-summary")).to_contain_text(message)
    expect(page.locator("#id_email_error")).to_contain_text(message)
    assert Registration.objects.count() == 0
