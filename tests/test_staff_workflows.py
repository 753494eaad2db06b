"""Staff workflows (issue #9): the dashboard per role, roles that fit the work, previews by
permission, and confirming that a profile is current."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, CompanyStatus, CooperationStatus, Inquiry
from events.models import EventStatus, RegistrationStatus
from tests.factories import (
    CompanyFactory,
    CooperationFactory,
    EventFactory,
    InquiryFactory,
    RegistrationFactory,
    UserFactory,
)
from zone_portal.roles import ORGANISERS, VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db


def client_for(role, username=None):
    user = UserFactory(username=username or role.lower().replace(" ", "-"), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def work():
    """A zone with something waiting in every queue."""
    InquiryFactory(name="Fresh inquiry")
    overdue = InquiryFactory(name="Old inquiry")
    Inquiry.objects.filter(pk=overdue.pk).update(created_at=timezone.now() - datetime.timedelta(days=5))
    CooperationFactory(status=CooperationStatus.REVIEW)
    CompanyFactory(name_en="Draft company", status=CompanyStatus.DRAFT)
    CompanyFactory(name_en="Checked company", verified_on=timezone.localdate())
    CompanyFactory(name_en="Unchecked company")
    forum = EventFactory(title_en="Alliance forum", capacity=10)
    for _number in range(3):
        RegistrationFactory(event=forum)
    RegistrationFactory(event=forum, status=RegistrationStatus.WAITING)
    EventFactory(title_en="Draft event", status=EventStatus.DRAFT)
    return forum


def dashboard(client):
    html = client.get(reverse("admin:index")).content.decode()
    assert 'class="zone-dashboard"' in html
    return html


def row(html, label):
    """Return the figure in the dashboard row whose link says ``label``."""
    start = html.index(label)
    cell = html.index("<td>", start) + len("<td>")
    return html[cell : html.index("</td>", cell)].replace("<strong>", "").replace("</strong>", "")


def test_zone_staff_see_their_queues_events_and_others_changes(work):
    client = client_for(ZONE_STAFF)
    colleague = UserFactory(username="colleague", is_staff=True)
    company = Company.objects.get(name_en="Checked company")
    LogEntry.objects.log_actions(
        user_id=colleague.pk, queryset=[company], action_flag=CHANGE, change_message="Changed the summary."
    )
    LogEntry.objects.log_actions(
        user_id=client.user.pk, queryset=[company], action_flag=CHANGE, change_message="Mine."
    )
    html = dashboard(client)
    assert row(html, "New inquiries") == "2"
    assert row(html, "Inquiries new for more than 3 days") == "1"
    assert row(html, "Cooperation entries to review") == "1"
    assert row(html, "Company profiles in draft") == "1"
    # Every published profile not confirmed within a year: the review's company, the
    # inquiries' companies and the unchecked one.
    assert row(html, "Profiles not verified for a year") == str(
        Company.objects.filter(status=CompanyStatus.PUBLISHED, verified_on__isnull=True).count()
    )
    assert "Alliance forum" in html and "3 of 10" in html
    assert "Changed the summary." in html and "colleague" in html
    assert "Mine." not in html


def test_organisers_see_their_events_but_no_inquiries(work):
    html = dashboard(client_for(ORGANISERS))
    assert "Alliance forum" in html and "3 of 10" in html
    assert row(html, "Events in draft or scheduled") == "1"
    assert "New inquiries" not in html
    assert "Cooperation entries to review" not in html


def test_viewers_see_figures_only(work):
    html = dashboard(client_for(VIEWERS))
    assert "3 of 10" in html
    assert "New inquiries" not in html


def test_dashboard_runs_a_fixed_number_of_queries(work, django_assert_num_queries, django_assert_max_num_queries):
    client = client_for(ZONE_STAFF)
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(15) as counted:
        client.get(reverse("admin:index"))
    for number in range(5):
        EventFactory(title_en=f"More {number}", capacity=5)
        InquiryFactory()
    with django_assert_num_queries(len(counted.captured_queries)):
        client.get(reverse("admin:index"))


# --- Roles that fit the work ----------------------------------------------------------------


def test_zone_staff_read_events_and_figures_but_not_registrants(work):
    client = client_for(ZONE_STAFF)
    changelist = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Alliance forum" in changelist
    assert 'value="export_attendees"' not in changelist
    assert client.get(reverse("admin:events_event_change", args=[work.pk])).status_code == 200
    assert client.get(reverse("admin:events_registration_changelist")).status_code == 403
    response = client.post(
        reverse("admin:events_event_changelist"), {"action": "export_attendees", "_selected_action": [work.pk]}
    )
    assert "Content-Disposition" not in response
    # Reading, not changing.
    assert 'name="_save"' not in client.get(reverse("admin:events_event_change", args=[work.pk])).content.decode()


def test_viewers_cannot_read_registrants(work):
    client = client_for(VIEWERS)
    assert client.get(reverse("admin:events_registration_changelist")).status_code == 403
    assert client.get(reverse("admin:events_event_changelist")).status_code == 200


def test_organisers_export_attendees(work):
    client = client_for(ORGANISERS)
    response = client.post(
        reverse("admin:events_event_changelist"), {"action": "export_attendees", "_selected_action": [work.pk]}
    )
    assert response["Content-Disposition"].startswith("attachment")


# --- Previews follow permissions, not is_staff ----------------------------------------------


def test_draft_company_previews_for_who_may_see_companies_only():
    draft = CompanyFactory(slug="draft-co", status=CompanyStatus.DRAFT)
    url = draft.get_absolute_url()
    assert client_for(ZONE_STAFF).get(url).status_code == 200
    assert client_for(ORGANISERS).get(url).status_code == 404
    bare_staff = UserFactory(username="no-role", is_staff=True)
    client = Client()
    client.force_login(bare_staff)
    assert client.get(url).status_code == 404
    assert client.get(reverse("companies:qr", kwargs={"slug": "draft-co"})).status_code == 404
    assert Client().get(url).status_code == 404


def test_organisers_preview_their_draft_events_with_a_banner():
    draft = EventFactory(slug="draft-forum", status=EventStatus.DRAFT)
    response = client_for(ORGANISERS).get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: this event is not public (Draft)." in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'id="registration-form"' not in html
    assert Client().get(draft.get_absolute_url()).status_code == 404


# --- Profiles confirmed as current ----------------------------------------------------------


def test_staff_confirm_profiles_and_the_filter_finds_those_due():
    client = client_for(ZONE_STAFF)
    due = CompanyFactory(name_en="Due GmbH", verified_on=timezone.localdate() - datetime.timedelta(days=400))
    fresh = CompanyFactory(name_en="Fresh GmbH", verified_on=timezone.localdate())
    changelist = reverse("admin:companies_company_changelist")
    html = client.get(changelist + "?verified=due").content.decode()
    assert "Due GmbH" in html and "Fresh GmbH" not in html
    response = client.post(changelist, {"action": "mark_verified", "_selected_action": [due.pk]}, follow=True)
    assert "1 profile was marked as verified today." in response.content.decode()
    due.refresh_from_db()
    assert due.verified_on == timezone.localdate()
    assert LogEntry.objects.filter(
        object_id=str(due.pk), content_type=ContentType.objects.get_for_model(Company), user=client.user
    ).exists()
    assert fresh.verified_on == timezone.localdate()
