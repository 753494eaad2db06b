"""The organisers' admin: permissions, places columns, actions and the attendee export."""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventStatus, Registration, RegistrationStatus
from tests.factories import CompanyFactory, EventFactory, RegistrationFactory, UserFactory, VenueFactory
from zone_portal.roles import ORGANISERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = UserFactory(username="organiser", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    client.force_login(user)
    return user


def changelist_action(client, action, events):
    return client.post(
        reverse("admin:events_event_changelist"),
        {"action": action, "_selected_action": [event.pk for event in events]},
    )


def test_organiser_can_open_the_event_admin_but_not_the_company_admin(client, organiser):
    event = EventFactory()
    CompanyFactory(name_en="Osram")
    assert client.get(reverse("admin:events_event_changelist")).status_code == 200
    add_page = client.get(reverse("admin:events_event_add"))
    # Participants are chosen from a plain select box, no companies-admin permission needed.
    assert re.search(r'<select name="participants"[^>]*multiple', add_page.content.decode())
    assert "Osram</option>" in add_page.content.decode()
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:events_registration_changelist")).status_code == 200
    assert client.get(reverse("admin:events_announcement_add")).status_code == 200
    assert client.get(reverse("admin:events_venue_add")).status_code == 200
    assert client.get("/admin/companies/company/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert not organiser.has_perm("companies.view_company")


def test_changelist_shows_places_taken_and_left_in_fixed_queries(client, organiser, django_assert_max_num_queries):
    event = EventFactory(title_en="Forum", capacity=5)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    response = client.get(reverse("admin:events_event_changelist"))
    html = response.content.decode()
    assert '<td class="field-places_taken">1</td>' in html
    assert '<td class="field-places_left_display">4</td>' in html
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("admin:events_event_changelist"))
    for _ in range(5):
        RegistrationFactory(event=EventFactory(capacity=3))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("admin:events_event_changelist"))


def test_upcoming_past_filter(client, organiser):
    EventFactory(title_en="Coming")
    EventFactory(
        title_en="Gone",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=2),
    )
    response = client.get(reverse("admin:events_event_changelist") + "?when=past")
    assert [event.title for event in response.context["cl"].result_list] == ["Gone"]


def test_csv_export_has_bom_chinese_names_and_defused_formulas(client, organiser):
    event = EventFactory(title_en="Forum", slug="forum")
    RegistrationFactory(event=event, name="王芳", email="wang@example.com", organisation='=HYPERLINK("x")')
    RegistrationFactory(event=event, name="@SUM(1)", email="sum@example.com", organisation="+49 Co")
    RegistrationFactory(event=event, name="Gone", status=RegistrationStatus.CANCELLED)
    response = changelist_action(client, "export_attendees", [event])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="forum-attendees.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Event", "Name", "Email", "Organisation", "Country", "Language", "Status", "Registered"]
    assert [row[1:4] for row in rows[1:]] == [
        ["王芳", "wang@example.com", '\'=HYPERLINK("x")'],
        ["'@SUM(1)", "sum@example.com", "'+49 Co"],
    ]


def test_publish_and_duplicate_actions(client, organiser):
    draft = EventFactory(title_en="Expo", status=EventStatus.DRAFT)
    changelist_action(client, "publish", [draft])
    draft.refresh_from_db()
    assert draft.status == EventStatus.PUBLISHED
    changelist_action(client, "duplicate", [draft])
    copy = Event.objects.exclude(pk=draft.pk).get()
    assert (copy.title, copy.status) == ("Expo", EventStatus.DRAFT)


def test_cancel_action_cancels_and_emails_registrants(client, organiser, outbox, django_capture_on_commit_callbacks):
    event = EventFactory(title_en="Visit")
    RegistrationFactory(event=event, email="guest@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        changelist_action(client, "cancel", [event])
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert [(message.to, message.subject) for message in outbox] == [(["guest@example.com"], "Event cancelled: Visit")]


def test_admin_registration_goes_through_the_service_and_respects_capacity(client, organiser):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    data = {"event": event.pk, "name": "Added by organiser", "email": "added@example.com", "language": "de"}
    response = client.post(reverse("admin:events_registration_add"), data)
    assert response.status_code == 302
    assert Registration.objects.get(email="added@example.com").status == RegistrationStatus.WAITING
    response = client.post(reverse("admin:events_registration_add"), data, follow=True)
    assert "This email address is already registered for this event." in response.content.decode()
    assert Registration.objects.filter(email="added@example.com").count() == 1


def test_admin_cancel_registration_action_promotes_waiting_list(client, organiser):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "cancel_selected", "_selected_action": [confirmed.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_event_form_reads_times_in_the_events_own_time_zone(client, organiser):
    venue = VenueFactory()
    data = {
        "title_en": "Matchmaking",
        "slug": "matchmaking",
        "kind": "forum",
        "starts_at_0": "2027-04-12",
        "starts_at_1": "10:00:00",
        "ends_at_0": "2027-04-12",
        "ends_at_1": "16:00:00",
        "time_zone": "Europe/Berlin",
        "venue": venue.pk,
        "registration_enabled": "on",
        "status": "published",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="matchmaking")
    assert event.starts_at == datetime.datetime(2027, 4, 12, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.starts_at == datetime.datetime(2027, 4, 12, 8, tzinfo=datetime.UTC)
