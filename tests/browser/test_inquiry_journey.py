"""From an offer on the board to a deal on record (issue #8).

A Chinese visitor answers a German company's offer in Chinese; zone staff find the inquiry
in the admin, forward it to the company (in German), record that a meeting was arranged,
and the report counts it.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from companies.models import Country, Inquiry, InquiryStatus, Outcome
from tests.factories import CompanyFactory, CooperationFactory, UserFactory
from zone_portal.roles import ZONE_STAFF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_answers_an_offer_in_chinese_and_staff_broker_it_to_a_meeting(live_server, page):
    staff = UserFactory(username="zone-staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=ZONE_STAFF))
    company = CompanyFactory(name_en="Lichtform Leuchten", country=Country.GERMANY, email="vertrieb@lichtform.example")
    CooperationFactory(
        company=company,
        slug="led-distributor",
        title_en="Distribution partner for LED luminaires",
        title_zh_hans="LED灯具分销合作伙伴",
    )
    mail.outbox = []

    # The visitor finds the offer on the Chinese board and answers it.
    page.goto(f"{live_server.url}/zh-hans/cooperation/")
    page.get_by_role("link", name="LED灯具分销合作伙伴").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/cooperation/led-distributor/$"))
    form = page.locator("#inquiry-form")
    form.locator("#id_name").fill("陈静")
    form.locator("#id_email").fill("chen.jing@example.com")
    form.locator("#id_organisation").fill("广州灯具贸易有限公司")
    form.locator("#id_country").select_option("CN")
    form.locator("#id_topic").select_option("supply")
    form.locator("#id_message").fill("我们希望了解代理条件。")
    form.locator("#id_consent").check()
    form.locator("button[type=submit]").click()

    # The browser keeps the form action's #inquiry fragment across the redirect.
    expect(page).to_have_url(re.compile(r"/zh-hans/contact/sent/(#inquiry)?$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.language, inquiry.status) == ("陈静", "zh-hans", InquiryStatus.NEW)
    # Nothing has gone to the company yet: staff read it first.
    assert "vertrieb@lichtform.example" not in [message.to[0] for message in mail.outbox]

    # Zone staff log in, find the new inquiry and forward it.
    page.goto(f"{live_server.url}/admin/login/?next=/admin/companies/inquiry/")
    page.get_by_label("Username").fill("zone-staff")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="New", exact=True).click()
    row = page.locator("#result_list tbody tr", has_text="陈静")
    expect(row).to_have_count(1)
    row.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option("forward")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("1 inquiry was forwarded.")
    forwards = [message for message in mail.outbox if message.to == ["vertrieb@lichtform.example"]]
    assert len(forwards) == 1
    assert forwards[0].subject.startswith("Anfrage von 广州灯具贸易有限公司")

    # A week later the company reports a meeting: staff record the outcome.
    page.get_by_role("link", name="Forwarded", exact=True).click()
    page.locator("#result_list").get_by_role("link", name="陈静").click()
    page.locator("#id_outcome").select_option(Outcome.MEETING)
    page.locator("#id_outcome_on").fill("2026-12-08")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.outcome) == (InquiryStatus.FORWARDED, Outcome.MEETING)

    # The report counts the contact and the meeting.
    page.get_by_role("link", name="Report: contacts and outcomes").click()
    expect(page.locator("#content-main")).to_contain_text("1 contact so far")
    expect(page.locator("#content-main")).to_contain_text("Meeting arranged: 1")
