"""Inquiries: visitors contact a company, answer an entry or ask the zone; staff broker them.

Staff read every inquiry before anything is passed on; a forward goes to the company in
its language; the report counts contacts and what came of them.
"""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyStatus, Country, Inquiry, InquiryStatus, Outcome
from tests.factories import (
    CompanyFactory,
    ContactPersonFactory,
    CooperationFactory,
    InquiryFactory,
    SectorFactory,
    UserFactory,
)
from tests.utils import form_data
from zone_portal.roles import VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db


FILLED_IN = {
    "name": "王芳 Wang Fang",
    "email": "wang.fang@example.com",
    "organisation": "Foshan Lighting Co.",
    "country": "CN",
    "phone": "",
    "wechat_id": "wangfang88",
    "topic": "purchasing",
    "message": "We would like to buy 5,000 LED modules a year.",
    "language": "zh-hans",
    "consent": "on",
}


def inquiry_data(client, url, **changes):
    """What a visitor sends: the form as the page renders it (with its protection fields), filled in."""
    html = client.get(url).content.decode()
    return {**form_data(html, "inquiry-form"), **FILLED_IN, **changes}


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def staff_client():
    user = UserFactory(username="zone-staff", is_staff=True)
    user.groups.add(Group.objects.get(name=ZONE_STAFF))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


# --- Sending ------------------------------------------------------------------------------


def test_contacting_a_company_stores_the_inquiry_and_sends_notice_and_copy(
    client, outbox, django_capture_on_commit_callbacks, settings
):
    company = CompanyFactory(name_en="Osram", name_zh_hans="欧司朗", slug="osram")
    page = client.get("/zh-hans/companies/osram/contact/").content.decode()
    assert 'id="inquiry-form"' in page
    # The form asks for consent where it is filled in, and answers in the page's language by default.
    assert "隐私" in page or "privacy" in page.lower()
    assert form_data(page, "inquiry-form")["language"] == "zh-hans"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/zh-hans/companies/osram/contact/", inquiry_data(client, "/zh-hans/companies/osram/contact/")
        )
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/contact/sent/"
    inquiry = Inquiry.objects.get()
    assert (inquiry.company, inquiry.status, inquiry.wechat_id) == (company, InquiryStatus.NEW, "wangfang88")
    assert inquiry.consent_at is not None
    # One notice to the zone, one copy to the sender; nothing to the company yet.
    assert sorted(message.to[0] for message in outbox) == sorted(
        [settings.ZONE_CONTACT_EMAIL, "wang.fang@example.com"]
    )
    copy = next(message for message in outbox if message.to == ["wang.fang@example.com"])
    assert copy.subject == "我们已收到您的询问"
    assert "欧司朗" in copy.body and "5,000 LED modules" in copy.body
    notice = next(message for message in outbox if message.to == [settings.ZONE_CONTACT_EMAIL])
    assert "/admin/companies/inquiry/" in notice.body


def test_sent_page_says_what_happens_next(client):
    html = client.get("/de/contact/sent/").content.decode()
    assert "<h1>" in html and "Wie es weitergeht" in html


def test_answering_an_offer_links_the_entry_and_its_company(client, outbox, django_capture_on_commit_callbacks):
    entry = CooperationFactory(title_en="LED distributor wanted")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(entry.get_absolute_url(), inquiry_data(client, entry.get_absolute_url(), language="en"))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.cooperation, inquiry.company) == (entry, entry.company)


def test_answering_an_anonymous_entry_never_names_the_company_to_the_sender(
    client, outbox, django_capture_on_commit_callbacks
):
    company = CompanyFactory(name_en="Hidden Machines GmbH")
    entry = CooperationFactory(title_en="JV partner wanted", company=company, anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(entry.get_absolute_url(), inquiry_data(client, entry.get_absolute_url(), language="en"))
    copy = next(message for message in outbox if message.to == ["wang.fang@example.com"])
    assert "JV partner wanted" in copy.body
    assert "Hidden" not in copy.body + copy.subject


def test_asking_the_zone_needs_no_company(client, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contact/", inquiry_data(client, "/en/contact/", topic="other"))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.company, inquiry.cooperation) == (None, None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Tick the box to agree to the privacy notice"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format, like name@example.com"),
        ({"message": "x" * 20_000}, "Keep your message under 5000 characters (it has 20000)."),
        ({"message": ""}, "Enter a message"),
        ({"name": ""}, "Enter your full name"),
        ({"country": ""}, "Select your country"),
        ({"country": "ZZ"}, "Select your country from the list"),
        ({"topic": ""}, "Select a topic"),
        ({"language": "fr"}, "Select the language of your answer from the list"),
        ({"name": "\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_inquiries_get_a_clear_error_keep_the_input_and_save_nothing(client, changes, message):
    CompanyFactory(slug="osram")
    url = "/en/companies/osram/contact/"
    response = client.post(url, inquiry_data(client, url, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Foshan Lighting Co." in html
    assert not Inquiry.objects.exists()


def test_unknown_expired_or_hidden_targets_answer_404(client):
    CompanyFactory(slug="draft-co", status=CompanyStatus.DRAFT)
    expired = CooperationFactory(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    for url in ("/en/companies/nobody/contact/", "/en/companies/draft-co/contact/", expired.get_absolute_url()):
        assert client.get(url).status_code == 404
        assert client.post(url, FILLED_IN).status_code == 404
    assert not Inquiry.objects.exists()


def test_contact_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    CompanyFactory(slug="osram")
    with django_assert_num_queries(1):
        client.get("/en/companies/osram/contact/")


# --- Brokering in the admin ---------------------------------------------------------------


def test_staff_forward_an_inquiry_to_a_german_company_in_german(
    staff_client, outbox, django_capture_on_commit_callbacks
):
    company = CompanyFactory(name_en="Osram", country=Country.GERMANY, email="")
    ContactPersonFactory(company=company, email="vertrieb@osram.example", is_public=False)
    inquiry = InquiryFactory(company=company, name="Wang Fang", organisation="Foshan Lighting Co.")
    zone_inquiry = InquiryFactory(company=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:companies_inquiry_changelist"),
            {"action": "forward", "_selected_action": [inquiry.pk, zone_inquiry.pk]},
            follow=True,
        )
    html = response.content.decode()
    assert "1 inquiry was forwarded." in html
    assert "1 inquiry was not forwarded" in html
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.forwarded_to) == (InquiryStatus.FORWARDED, "vertrieb@osram.example")
    assert inquiry.assignee == staff_client.user
    [forward] = outbox
    assert forward.to == ["vertrieb@osram.example"]
    assert forward.subject.startswith("Anfrage von Foshan Lighting Co.")
    assert "Wang Fang" in forward.body and "Bitte antworten Sie" in forward.body
    assert LogEntry.objects.filter(object_id=str(inquiry.pk), change_message="Forwarded to vertrieb@osram.example.")


def test_spam_is_never_forwarded(staff_client, outbox):
    inquiry = InquiryFactory(company=CompanyFactory(email="info@example.com"))
    changelist = reverse("admin:companies_inquiry_changelist")
    staff_client.post(changelist, {"action": "mark_spam", "_selected_action": [inquiry.pk]})
    staff_client.post(changelist, {"action": "forward", "_selected_action": [inquiry.pk]})
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.SPAM
    assert outbox == []


def test_staff_record_the_outcome_in_the_change_form(staff_client):
    inquiry = InquiryFactory(status=InquiryStatus.FORWARDED)
    url = reverse("admin:companies_inquiry_change", args=[inquiry.pk])
    page = staff_client.get(url).content.decode()
    assert "We would like to discuss a cooperation." in page
    data = form_data(page, "inquiry_form")
    data.update(outcome=Outcome.MEETING, notes="Met at the Hannover fair.")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Give the date of the outcome." in response.content.decode()
    data["outcome_on"] = "2026-11-20"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.outcome, inquiry.outcome_on) == (Outcome.MEETING, datetime.date(2026, 11, 20))
    assert LogEntry.objects.filter(object_id=str(inquiry.pk)).count() == 1


def test_filters_by_status_age_and_recipient(staff_client):
    InquiryFactory(name="Fresh")
    old = InquiryFactory(name="Overdue")
    Inquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=5))
    InquiryFactory(name="To the zone", company=None)
    changelist = reverse("admin:companies_inquiry_changelist")

    def names(query):
        html = staff_client.get(changelist + query).content.decode()
        return set(re.findall(r'class="field-name"><a [^>]+>([^<]+)</a>', html))

    assert names("?age=overdue") == {"Overdue"}
    assert names("?to=zone") == {"To the zone"}
    assert names("?status__exact=new") == {"Fresh", "Overdue", "To the zone"}
    fresh = Inquiry.objects.get(name="Fresh")
    assert names(f"?company__id__exact={fresh.company_id}") == {"Fresh"}


def test_report_counts_contacts_and_outcomes_per_month_country_and_sector(staff_client):
    sector = SectorFactory(name_en="Lighting")
    company = CompanyFactory(sectors=[sector])
    InquiryFactory(company=company, outcome=Outcome.MEETING, outcome_on=datetime.date(2026, 11, 1))
    InquiryFactory(company=company, country=Country.GERMANY)
    InquiryFactory(company=company, status=InquiryStatus.SPAM)
    html = staff_client.get(reverse("admin:companies_inquiry_report")).content.decode()
    assert "2 contacts so far (spam not counted)." in html
    assert "Meeting arranged: <strong>1</strong>" in html
    lighting_row = re.search(r'<th scope="row">Lighting</th><td>(\d+)</td><td>(\d+)</td>', html)
    assert lighting_row.groups() == ("2", "1")
    assert re.search(r'<th scope="row">China</th><td>1</td><td>1</td>', html)


def test_viewers_see_the_report_but_not_the_senders(client):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.groups.add(Group.objects.get(name=VIEWERS))
    client.force_login(viewer)
    InquiryFactory(name="Private Person")
    report = client.get(reverse("admin:companies_inquiry_report"))
    assert report.status_code == 200
    assert "1 contact so far" in report.content.decode()
    assert client.get(reverse("admin:companies_inquiry_changelist")).status_code == 403
    assert "Private Person" not in report.content.decode()


def test_organisers_see_no_inquiries(client):
    from zone_portal.roles import ORGANISERS

    organiser = UserFactory(username="organiser", is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISERS))
    client.force_login(organiser)
    assert client.get(reverse("admin:companies_inquiry_changelist")).status_code == 403
    assert client.get(reverse("admin:companies_inquiry_report")).status_code == 403


# --- Abuse protection (core.antispam) -------------------------------------------------------


def test_a_filled_honeypot_is_refused_and_nothing_saved(client):
    CompanyFactory(slug="osram")
    url = "/en/companies/osram/contact/"
    response = client.post(url, inquiry_data(client, url, homepage="http://spam.example"))
    assert response.status_code == 200
    assert "We could not accept the form." in response.content.decode()
    assert not Inquiry.objects.exists()


def test_posts_without_proof_of_work_are_limited_per_address(client):
    CompanyFactory(slug="osram")
    url = "/en/companies/osram/contact/"
    statuses = [client.post(url, inquiry_data(client, url)).status_code for _attempt in range(3)]
    assert statuses == [302, 302, 429]
    assert Inquiry.objects.count() == 2
    # Another address is not affected.
    assert client.post(url, inquiry_data(client, url), REMOTE_ADDR="203.0.113.9").status_code == 302


def test_a_proposal_flood_gets_429_in_the_visitors_language(client):
    url = "/de/cooperation/propose/"
    html = client.get(url).content.decode()
    data = {
        **form_data(html, "proposal-form"),
        "direction": "offer",
        "kind": "supply",
        "title": "Angebot",
        "description": "Text",
        "organisation": "Firma",
        "country": "DE",
        "valid_until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "contact_name": "Max",
        "contact_email": "max@example.com",
        "consent": "on",
    }
    statuses = [client.post(url, data).status_code for _attempt in range(3)]
    assert statuses == [302, 302, 429]
    refusal = client.post(url, data)
    assert refusal.has_header("Retry-After")
    assert 'lang="de"' in refusal.content.decode()
