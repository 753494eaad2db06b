"""Registration, capacity, the waiting list and the emails, tested on the services directly."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone
from post_office.models import STATUS, Email

from events.models import Event, EventStatus, Registration, RegistrationStatus
from events.services import (
    RegistrationRefused,
    cancel_event,
    cancel_registration,
    duplicate_event,
    register_for_event,
)
from tests.factories import CityFactory, CompanyFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def register(event, email, **kwargs):
    return register_for_event(event=event, name=kwargs.pop("name", "Li Wei"), email=email, **kwargs)


def test_registration_within_capacity_is_confirmed_and_emailed(outbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2, title_en="Alliance Forum")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "li.wei@example.com", base_url="https://zone.example")
    assert registration.status == RegistrationStatus.CONFIRMED
    assert len(outbox) == 1
    assert outbox[0].to == ["li.wei@example.com"]
    assert outbox[0].subject == "Your registration: Alliance Forum"
    assert 'your registration for "Alliance Forum" is confirmed.' in outbox[0].body
    assert f"https://zone.example/en/events/registration/{registration.token}/cancel/" in outbox[0].body


def test_full_event_puts_new_registrant_on_waiting_list(outbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    register(event, "first@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        second = register(event, "second@example.com")
    assert second.status == RegistrationStatus.WAITING
    assert "you are on the waiting list" in outbox[-1].body
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 1


def test_unlimited_event_confirms_everyone():
    event = EventFactory(capacity=None)
    statuses = {register(event, f"p{n}@example.com").status for n in range(5)}
    assert statuses == {RegistrationStatus.CONFIRMED}


def test_same_email_twice_is_refused_case_insensitively_and_nothing_saved():
    event = EventFactory()
    register(event, "Li.Wei@Example.com")
    with pytest.raises(RegistrationRefused) as refusal:
        register(event, "li.wei@example.com")
    assert refusal.value.code == "duplicate"
    assert event.registrations.count() == 1


def test_email_may_register_again_after_cancelling():
    event = EventFactory()
    first = register(event, "again@example.com")
    cancel_registration(registration=first)
    second = register(event, "again@example.com")
    assert second.status == RegistrationStatus.CONFIRMED
    assert event.registrations.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": EventStatus.DRAFT}, "This event is not open for registration."),
        ({"status": EventStatus.CANCELLED}, "This event has been cancelled."),
        (
            {"status": EventStatus.SCHEDULED, "publish_at": timezone.now() + datetime.timedelta(days=1)},
            "This event is not open for registration.",
        ),
        ({"registration_enabled": False}, "This event has no registration on the portal."),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "Registration has not opened yet."),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(days=1)}, "Registration has closed."),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(days=3),
                "ends_at": timezone.now() - datetime.timedelta(days=2),
            },
            "This event has already taken place.",
        ),
    ],
)
def test_registration_refused_when_not_open_and_nothing_saved(changes, message, outbox):
    event = EventFactory(**changes)
    with pytest.raises(RegistrationRefused) as refusal:
        register(event, "late@example.com")
    assert str(refusal.value.message) == message
    assert Registration.objects.count() == 0
    assert outbox == []


def test_cancelling_a_confirmed_place_promotes_the_first_waiting(outbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, title_en="Plenary assembly")
    confirmed = register(event, "a@example.com")
    first_waiting = register(event, "b@example.com")
    second_waiting = register(event, "c@example.com")
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_registration(registration=confirmed)
    assert promoted == first_waiting
    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses == {
        "a@example.com": RegistrationStatus.CANCELLED,
        "b@example.com": RegistrationStatus.CONFIRMED,
        "c@example.com": RegistrationStatus.WAITING,
    }
    assert second_waiting.pk not in {promoted.pk}
    assert sorted((message.to[0], message.subject) for message in outbox) == [
        ("a@example.com", "Registration cancelled: Plenary assembly"),
        ("b@example.com", "A place is free for you: Plenary assembly"),
    ]


def test_cancelling_a_waiting_registration_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, "a@example.com")
    waiting = register(event, "b@example.com")
    assert cancel_registration(registration=waiting) is None
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 1


def test_cancelling_twice_changes_nothing_the_second_time():
    registration = register(EventFactory(), "a@example.com")
    cancel_registration(registration=registration)
    assert cancel_registration(registration=registration) is None


def test_email_is_sent_in_the_registrants_language(outbox, django_capture_on_commit_callbacks):
    event = EventFactory(title_en="Forum", title_de="Forum DE")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "de@example.com", language="de")
    assert "Forum DE" in outbox[0].subject


def test_failing_mail_server_keeps_the_registration_and_its_email_for_a_retry(
    settings, outbox, django_capture_on_commit_callbacks
):
    failing = "tests.events.failing_mail.FailingBackend"
    settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": failing}}
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "kept@example.com")
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED
    assert outbox == []
    email = Email.objects.get()
    assert (email.to, email.status) == (["kept@example.com"], STATUS.requeued)
    assert email.logs.get().message == "The mail server is down."


def test_failing_email_is_logged_and_the_registration_kept(settings, django_capture_on_commit_callbacks, caplog):
    # Even if the message cannot be stored (the queue itself fails), the registration stays.
    settings.EMAIL_BACKEND = "tests.events.failing_mail.FailingBackend"
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "kept@example.com")
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED
    assert "Could not send the registered email" in caplog.text


def test_cancel_event_marks_it_cancelled_and_emails_active_registrants(outbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, title_en="Expo")
    register(event, "a@example.com")
    register(event, "b@example.com")
    cancelled = register(EventFactory(), "other@example.com")
    cancel_registration(registration=cancelled)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = cancel_event(event=event, user=None)
    assert told == 2
    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED
    assert sorted(message.to[0] for message in outbox) == ["a@example.com", "b@example.com"]
    assert {message.subject for message in outbox} == {"Event cancelled: Expo"}


def test_duplicate_event_makes_a_draft_copy_with_relations_and_no_registrations():
    company, city = CompanyFactory(), CityFactory()
    event = EventFactory(slug="forum", title_en="Matchmaking at Hannover Messe", participants=[company], cities=[city])
    RegistrationFactory(event=event)
    copy = duplicate_event(event=event, user=None)
    assert copy.pk != event.pk
    assert copy.slug == "matchmaking-at-hannover-messe"
    assert copy.status == EventStatus.DRAFT
    assert list(copy.participants.all()) == [company]
    assert list(copy.cities.all()) == [city]
    assert copy.registrations.count() == 0


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_registrations_for_ten_places_confirm_exactly_ten():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks: set DATABASE_URL to a PostgreSQL database to run it")
    event = EventFactory(capacity=10)
    barrier = threading.Barrier(30)
    errors = []

    def worker(number):
        try:
            barrier.wait()
            register_for_event(event=event, name=f"Person {number}", email=f"p{number}@example.com")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = {
        status: event.registrations.filter(status=status).count()
        for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    }
    assert counts == {RegistrationStatus.CONFIRMED: 10, RegistrationStatus.WAITING: 20}
    assert len(mail.outbox) == 30
