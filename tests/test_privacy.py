"""A person's data: staff show it, download it (JSON, readable page) and erase it; retention.

Erasure anonymises rows the zone's figures depend on, so counts and outcomes stay right.
"""

import datetime
import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from companies.models import Cooperation, CooperationStatus, Inquiry, InquiryStatus, Outcome
from events.models import RegistrationStatus
from tests.factories import CooperationFactory, EventFactory, InquiryFactory, RegistrationFactory, UserFactory
from zone_portal.privacy import enforce_retention
from zone_portal.roles import ORGANISERS, VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db

PERSON = "wang.fang@example.com"
URL = "/admin/privacy/"


@pytest.fixture
def zone_staff(client):
    user = UserFactory(username="zone-staff", is_staff=True)
    user.groups.add(Group.objects.get(name=ZONE_STAFF))
    client.force_login(user)
    return user


@pytest.fixture
def person():
    """Wang Fang wrote two inquiries, proposed an entry and holds a place someone is waiting for."""
    inquiry = InquiryFactory(email=PERSON, name="Wang Fang", message="Please call me on WeChat.", wechat_id="wf88")
    InquiryFactory(
        email="Wang.Fang@Example.com", outcome=Outcome.MEETING, outcome_on=datetime.date(2026, 11, 2), name="Wang F."
    )
    event = EventFactory(capacity=1)
    registration = RegistrationFactory(event=event, email=PERSON, name="Wang Fang")
    waiting = RegistrationFactory(event=event, email="next@example.com", status=RegistrationStatus.WAITING)
    entry = CooperationFactory(
        status=CooperationStatus.REVIEW, company=None, organisation="Foshan Windows", contact_email=PERSON
    )
    InquiryFactory(email="someone.else@example.com", name="Someone Else")
    return {"inquiry": inquiry, "registration": registration, "waiting": waiting, "entry": entry}


def test_staff_find_everything_stored_about_an_address(client, zone_staff, person):
    page = client.get(URL).content.decode()
    assert 'id="lookup-form"' in page
    html = client.post(URL, {"email": PERSON, "action": "show"}).content.decode()
    assert "2 inquiries" in html
    assert "1 event registration" in html
    assert "1 cooperation proposal" in html
    assert 'id="erase-form"' in html


def test_staff_download_the_data_as_json_and_as_a_readable_page(client, zone_staff, person):
    response = client.post(URL, {"email": PERSON, "action": "json"})
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    data = json.loads(response.content)
    assert {inquiry["name"] for inquiry in data["inquiries"]} == {"Wang Fang", "Wang F."}
    assert "Please call me on WeChat." in {inquiry["message"] for inquiry in data["inquiries"]}
    assert [registration["name"] for registration in data["registrations"]] == ["Wang Fang"]
    assert [proposal["organisation"] for proposal in data["cooperation_proposals"]] == ["Foshan Windows"]
    assert "Someone Else" not in response.content.decode()
    page = client.post(URL, {"email": PERSON, "action": "html"})
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert "Please call me on WeChat." in page.content.decode()


def test_erasure_needs_confirmation(client, zone_staff, person):
    html = client.post(URL, {"email": PERSON, "action": "erase"}).content.decode()
    assert "Tick the box to confirm the erasure." in html
    assert Inquiry.objects.filter(email__iexact=PERSON).count() == 2


def test_erasure_anonymises_keeps_the_figures_and_is_logged(
    client, zone_staff, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"email": PERSON, "action": "erase", "confirm": "on"}, follow=True)
    assert "Erased: 2 inquiries, 1 registrations, 1 proposals." in response.content.decode()
    inquiry = Inquiry.objects.get(pk=person["inquiry"].pk)
    assert (inquiry.name, inquiry.message, inquiry.wechat_id) == ("(personal data erased)", "", "")
    assert inquiry.email.endswith("@invalid")
    # The report still counts both contacts and the meeting.
    assert Inquiry.objects.count() == 3
    assert Inquiry.objects.filter(outcome=Outcome.MEETING).count() == 1
    # The place goes to the person waiting.
    person["waiting"].refresh_from_db()
    assert person["waiting"].status == RegistrationStatus.CONFIRMED
    entry = Cooperation.objects.get(pk=person["entry"].pk)
    assert (entry.contact_email, entry.organisation) == ("", "Foshan Windows")
    assert LogEntry.objects.filter(user=zone_staff, change_message="Personal data erased.").count() == 3
    # Nothing is left to find.
    html = client.post(URL, {"email": PERSON, "action": "show"}).content.decode()
    assert "Nothing is stored about this address." in html
    assert Inquiry.objects.get(email="someone.else@example.com").name == "Someone Else"


@pytest.mark.parametrize("role", [ORGANISERS, VIEWERS])
def test_only_zone_staff_handle_personal_data(client, role, person):
    user = UserFactory(username="other", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"email": PERSON, "action": "json"}).status_code == 403


def test_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- Retention ----------------------------------------------------------------------------


def test_retention_erases_and_deletes_what_was_kept_long_enough(django_capture_on_commit_callbacks):
    now = timezone.now()
    old, recent = InquiryFactory(name="Old"), InquiryFactory(name="Recent")
    old_spam, new_spam = InquiryFactory(status=InquiryStatus.SPAM), InquiryFactory(status=InquiryStatus.SPAM)
    Inquiry.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=731))
    Inquiry.objects.filter(pk=old_spam.pk).update(created_at=now - datetime.timedelta(days=31))
    long_ago = now - datetime.timedelta(days=400)
    past_event = EventFactory(starts_at=long_ago, ends_at=long_ago + datetime.timedelta(hours=2))
    past_registration = RegistrationFactory(event=past_event, name="Past")
    current_registration = RegistrationFactory(name="Current")
    expired_entry = CooperationFactory(
        valid_until=timezone.localdate() - datetime.timedelta(days=400), contact_email="p@example.com"
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = enforce_retention(now=now)

    assert counts["spam_deleted"] == 1
    assert counts["inquiries_erased"] == 1
    assert counts["registrations_erased"] == 1
    assert counts["proposers_erased"] == 1
    assert not Inquiry.objects.filter(pk=old_spam.pk).exists()
    assert Inquiry.objects.filter(pk=new_spam.pk).exists()
    assert Inquiry.objects.get(pk=old.pk).name == "(personal data erased)"
    assert Inquiry.objects.get(pk=recent.pk).name == "Recent"
    past_registration.refresh_from_db()
    current_registration.refresh_from_db()
    assert past_registration.erased_at is not None and current_registration.name == "Current"
    assert Cooperation.objects.get(pk=expired_entry.pk).contact_email == ""
    # A second run finds nothing more to do.
    assert set(enforce_retention(now=now).values()) == {0}


def test_retention_command_reports_what_it_did():
    out = io.StringIO()
    call_command("enforce_retention", stdout=out)
    assert "inquiries_erased: 0" in out.getvalue()
