"""Every way staff change events and registrations keeps the rules (issue: one door for every write).

Tested through the admin pages as organisers use them: open the form, read what it shows,
save it back.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events.models import Announcement, Event, EventStatus, Registration, RegistrationStatus
from events.services import register_for_event, save_event
from tests.factories import AnnouncementFactory, EventFactory, RegistrationFactory, UserFactory
from tests.utils import form_data
from zone_portal.roles import ORGANISERS

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def organiser(client):
    user = UserFactory(username="organiser", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    client.force_login(user)
    return user


def next_year(month, day, hour, minute=0, zone=SHANGHAI):
    return datetime.datetime(timezone.now().year + 1, month, day, hour, minute, tzinfo=zone)


def event_change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def open_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html, form_data(html, form_id)


def save_form(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def waiting_event(*, capacity, waiting, **kwargs):
    """Return an event with ``capacity`` confirmed registrants and ``waiting`` people waiting, oldest first."""
    event = EventFactory(capacity=capacity, **kwargs)
    base = timezone.now() - datetime.timedelta(days=10)
    for number in range(capacity):
        RegistrationFactory(event=event, email=f"confirmed{number}@example.com")
    for number in range(waiting):
        registration = RegistrationFactory(
            event=event, email=f"waiting{number}@example.com", status=RegistrationStatus.WAITING
        )
        # Created in this order; the timestamps make "longest waiting" explicit.
        Registration.objects.filter(pk=registration.pk).update(created_at=base + datetime.timedelta(minutes=number))
    return event


# --- Times in the event's own zone --------------------------------------------------------


def test_event_form_shows_times_in_the_events_zone_labelled_and_saving_unchanged_keeps_them(client, organiser):
    starts = next_year(4, 12, 10)
    event = EventFactory(
        title_en="Alliance forum",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        registration_closes_at=starts - datetime.timedelta(days=2, hours=1),  # 09:00 Shanghai
        time_zone="Asia/Shanghai",
    )
    html, data = open_form(client, event_change_url(event), "event_form")
    assert (data["starts_at_0"], data["starts_at_1"]) == (starts.date().isoformat(), "10:00:00")
    assert (data["ends_at_0"], data["ends_at_1"]) == (starts.date().isoformat(), "16:00:00")
    assert data["registration_closes_at_1"] == "09:00:00"
    assert "In China time, UTC+8." in html
    for _round in range(2):
        save_form(client, event_change_url(event), data)
        event.refresh_from_db()
        assert event.starts_at == starts
        assert event.ends_at == starts + datetime.timedelta(hours=6)
        _html, data = open_form(client, event_change_url(event), "event_form")
        assert data["starts_at_1"] == "10:00:00"


def test_german_event_form_shows_german_time_with_summer_offset(client, organiser):
    starts = next_year(7, 2, 9, 30, zone=BERLIN)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), time_zone="Europe/Berlin")
    html, data = open_form(client, event_change_url(event), "event_form")
    assert data["starts_at_1"] == "09:30:00"
    assert "In Germany time, UTC+2." in html
    save_form(client, event_change_url(event), data)
    event.refresh_from_db()
    assert event.starts_at == starts


@pytest.mark.parametrize(
    ("language", "label"),
    [("de", "Angabe in Ortszeit China, UTC+8."), ("zh-hans", "按中国时间（UTC+8）填写。")],
)
def test_time_zone_label_is_in_the_admins_language(client, organiser, language, label):
    event = EventFactory(time_zone="Asia/Shanghai")
    html = client.get(event_change_url(event), headers={"accept-language": language}).content.decode()
    assert label in html


def test_changing_the_zone_in_the_form_reads_the_typed_times_in_the_new_zone(client, organiser):
    starts = next_year(4, 12, 10)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=6))
    _html, data = open_form(client, event_change_url(event), "event_form")
    data["time_zone"] = "Europe/Berlin"
    save_form(client, event_change_url(event), data)
    event.refresh_from_db()
    assert event.starts_at == starts.replace(tzinfo=BERLIN)


def test_event_changelist_shows_the_start_in_the_events_zone(client, organiser):
    EventFactory(title_en="Forum", starts_at=next_year(4, 12, 10), ends_at=next_year(4, 12, 16))
    html = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert re.search(r'<td class="field-local_start">[^<]*10:00 \(China\)</td>', html)


def test_announcement_form_shows_and_reads_publication_time_in_china_time(client, organiser):
    published = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
    announcement = AnnouncementFactory(title_en="Forum opens", published_at=published)
    url = reverse("admin:events_announcement_change", args=[announcement.pk])
    html, data = open_form(client, url, "announcement_form")
    assert (data["published_at_0"], data["published_at_1"]) == ("2026-11-25", "09:00:00")
    assert "In China time, UTC+8." in html
    save_form(client, url, data)
    announcement.refresh_from_db()
    assert announcement.published_at == published
    data["published_at_1"] = "10:30:00"
    save_form(client, url, data)
    assert Announcement.objects.get().published_at == datetime.datetime(2026, 11, 25, 2, 30, tzinfo=datetime.UTC)


# --- Freed places go to the waiting list -----------------------------------------------------


def test_raising_capacity_in_the_admin_confirms_the_longest_waiting_in_order_and_emails_them(
    client, organiser, outbox, django_capture_on_commit_callbacks
):
    event = waiting_event(capacity=30, waiting=40)
    _html, data = open_form(client, event_change_url(event), "event_form")
    data["capacity"] = "32"
    with django_capture_on_commit_callbacks(execute=True):
        save_form(client, event_change_url(event), data)
    confirmed = set(event.registrations.filter(status=RegistrationStatus.CONFIRMED).values_list("email", flat=True))
    assert len(confirmed) == 32
    assert {"waiting0@example.com", "waiting1@example.com"} <= confirmed
    assert event.registrations.filter(status=RegistrationStatus.WAITING).count() == 38
    promoted_mail = sorted(message.to[0] for message in outbox if message.subject.startswith("A place is free"))
    assert promoted_mail == ["waiting0@example.com", "waiting1@example.com"]
    # A newcomer does not jump the queue.
    newcomer = register_for_event(event=event, name="New", email="new@example.com")
    assert newcomer.status == RegistrationStatus.WAITING


def test_raising_capacity_from_a_shell_promotes_as_well(outbox, django_capture_on_commit_callbacks):
    event = waiting_event(capacity=1, waiting=3)
    event.capacity = None  # unlimited
    with django_capture_on_commit_callbacks(execute=True):
        save_event(event=event, user=None)
    assert event.registrations.filter(status=RegistrationStatus.WAITING).count() == 0
    assert len(outbox) == 3


def test_capacity_change_is_logged_with_the_organiser_and_each_promotion_too(client, organiser):
    event = waiting_event(capacity=1, waiting=1)
    _html, data = open_form(client, event_change_url(event), "event_form")
    data["capacity"] = "2"
    save_form(client, event_change_url(event), data)
    entries = LogEntry.objects.filter(user=organiser)
    assert [entry.get_change_message() for entry in entries if entry.object_repr == str(event)] == [
        "Changed Capacity."
    ]
    promoted = event.registrations.get(email="waiting0@example.com")
    assert entries.filter(object_id=str(promoted.pk), change_message="Confirmed from the waiting list.").exists()


# --- Organisers cancel; nobody deletes behind the waiting list's back -----------------------


def test_organisers_cannot_delete_registrations(client, organiser):
    registration = RegistrationFactory()
    changelist = client.get(reverse("admin:events_registration_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    assert 'value="cancel_selected"' in changelist
    assert 'value="erase_personal_data"' in changelist
    response = client.get(reverse("admin:events_registration_delete", args=[registration.pk]))
    assert response.status_code == 403
    response = client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "delete_selected", "_selected_action": [registration.pk], "post": "yes"},
    )
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_erasing_personal_data_keeps_the_row_frees_the_place_and_is_logged(
    client, organiser, outbox, django_capture_on_commit_callbacks
):
    event = waiting_event(capacity=1, waiting=1)
    person = event.registrations.get(email="confirmed0@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:events_registration_changelist"),
            {"action": "erase_personal_data", "_selected_action": [person.pk]},
            follow=True,
        )
    assert "The personal data of 1 registrant was erased." in response.content.decode()
    person.refresh_from_db()
    assert (person.name, person.email, person.organisation) == (
        "(personal data erased)",
        f"erased-{person.pk}@invalid",
        "",
    )
    assert person.status == RegistrationStatus.CANCELLED and person.erased_at is not None
    assert event.registrations.count() == 2  # the figures keep the row
    assert event.registrations.get(email="waiting0@example.com").status == RegistrationStatus.CONFIRMED
    assert [message.to for message in outbox] == [["waiting0@example.com"]]  # the erased person gets nothing
    assert LogEntry.objects.filter(
        user=organiser, object_id=str(person.pk), change_message="Personal data erased on request."
    ).exists()


def test_superuser_deleting_a_confirmed_registration_promotes_the_waiting_list(
    client, outbox, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    event = waiting_event(capacity=1, waiting=1)
    person = event.registrations.get(email="confirmed0@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:events_registration_changelist"),
            {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
        )
    assert not Registration.objects.filter(pk=person.pk).exists()
    assert event.registrations.get().status == RegistrationStatus.CONFIRMED
    assert [message.to for message in outbox] == [["waiting0@example.com"]]


# --- A cancelled event tells its registrants, once, in their language -------------------------


def test_cancelling_through_the_status_field_emails_each_registrant_once_in_their_language(
    client, organiser, outbox, django_capture_on_commit_callbacks
):
    event = EventFactory(title_en="Expo", title_de="Messe", title_zh_hans="展会")
    RegistrationFactory(event=event, email="de@example.com", language="de")
    RegistrationFactory(event=event, email="zh@example.com", language="zh-hans")
    RegistrationFactory(event=event, email="gone@example.com", status=RegistrationStatus.CANCELLED)
    _html, data = open_form(client, event_change_url(event), "event_form")
    data["status"] = EventStatus.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        save_form(client, event_change_url(event), data)
    assert sorted((message.to[0], message.subject) for message in outbox) == [
        ("de@example.com", "Veranstaltung abgesagt: Messe"),
        ("zh@example.com", "活动已取消：展会"),
    ]
    # Saving the cancelled event again, or cancelling it by the action, tells nobody twice.
    _html, data = open_form(client, event_change_url(event), "event_form")
    with django_capture_on_commit_callbacks(execute=True):
        save_form(client, event_change_url(event), data)
        client.post(reverse("admin:events_event_changelist"), {"action": "cancel", "_selected_action": [event.pk]})
    assert len(outbox) == 2


def test_cancelling_from_a_shell_emails_registrants(outbox, django_capture_on_commit_callbacks):
    event = EventFactory()
    RegistrationFactory(event=event, email="guest@example.com")
    event.status = EventStatus.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        save_event(event=event, user=None)
    assert [message.to for message in outbox] == [["guest@example.com"]]
    assert Event.objects.get().status == EventStatus.CANCELLED


# --- Registration emails in the page's language ---------------------------------------------


@pytest.mark.parametrize("language", ["de", "zh-hans", "en"])
def test_registration_form_preselects_the_pages_language_for_emails(client, language):
    EventFactory(slug="forum")
    html = client.get(f"/{language}/events/forum/").content.decode()
    assert form_data(html, "registration-form")["language"] == language
