"""Nothing sent is ever lost: the outgoing-mail queue (post_office) and its task worker.

Every email is stored before anyone tries to deliver it; a mail server that is down only
delays it, with retries that wait longer each time, and a message that never goes out
stays in the admin with its errors for zone staff to see.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from post_office.models import STATUS, Email, Log

from core.mail_queue import retry_delay
from core.tasks import deliver_queued_mail
from events.models import Registration, RegistrationStatus
from events.services import register_for_event
from tests.factories import EventFactory, UserFactory
from tests.mail_backends import SERVER_DOWN
from tests.test_processes import database_url
from tests.utils import form_data
from zone_portal.roles import ORGANISERS, VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db

DOWN = "tests.mail_backends.MailServerDown"
UNREACHABLE = "tests.mail_backends.MailServerUnreachable"
WORKING = "django.core.mail.backends.locmem.EmailBackend"
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def mail_server(settings):
    """Switch the delivery backend behind the queue: ``mail_server(DOWN)``, ``mail_server(WORKING)``."""

    def switch(backend):
        settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": backend}}

    return switch


def register_on_the_page(client, event, email="wang.fang@example.com"):
    """Fill in and send the event page's registration form as a visitor; return the response."""
    page = client.get(event.get_absolute_url()).content.decode()
    fields = {**form_data(page, "registration-form"), "name": "Wang Fang", "email": email, "language": "en"}
    return client.post(event.get_absolute_url(), fields, follow=True)


def time_passes():
    """Bring every waiting retry to now, as if its delay had passed."""
    Email.objects.filter(status=STATUS.requeued).update(scheduled_time=timezone.now())


def register(event, email, name="Wang Fang"):
    return register_for_event(event=event, name=name, email=email, language="en")


def staff_user(group_name, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_registration_during_a_mail_outage_is_kept_and_its_email_delivered_once_the_server_is_back(
    client, outbox, mail_server, django_capture_on_commit_callbacks
):
    event = EventFactory(title_en="Plenary assembly", capacity=10)
    mail_server(DOWN)
    with django_capture_on_commit_callbacks(execute=True):
        response = register_on_the_page(client, event)

    registration = Registration.objects.get()
    assert response.redirect_chain == [(f"/en/events/registration/{registration.token}/", 302)]
    assert registration.status == RegistrationStatus.CONFIRMED
    assert outbox == []
    email = Email.objects.get()
    assert (email.to, email.subject) == (["wang.fang@example.com"], "Your registration: Plenary assembly")
    assert (email.status, email.number_of_retries) == (STATUS.requeued, 1)
    assert list(email.logs.values_list("status", "exception_type", "message")) == [
        (STATUS.failed, "SMTPException", SERVER_DOWN)
    ]

    # The server is back; once the retry is due, the worker delivers the message.
    mail_server(WORKING)
    time_passes()
    result = deliver_queued_mail.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"sent": 1, "failed": 0, "requeued": 0}
    assert [(message.to, message.subject) for message in outbox] == [
        (["wang.fang@example.com"], "Your registration: Plenary assembly")
    ]
    assert Email.objects.get().status == STATUS.sent

    # Another delivery finds nothing to send: the message went out exactly once.
    assert deliver_queued_mail.enqueue().return_value == {"sent": 0, "failed": 0, "requeued": 0}
    assert len(outbox) == 1


def send_mail_and_commit(capture, subject="Your registration", to="li.na@example.com"):
    """Send an email as the portal does, and run what follows the commit (its delivery)."""
    with capture(execute=True):
        mail.send_mail(subject, "Body", None, [to])


def test_a_refused_connection_is_retried_like_any_other_failure(
    mail_server, outbox, django_capture_on_commit_callbacks
):
    mail_server(UNREACHABLE)
    send_mail_and_commit(django_capture_on_commit_callbacks)
    email = Email.objects.get()
    assert (email.status, email.number_of_retries) == (STATUS.requeued, 1)
    assert email.logs.get().exception_type == "ConnectionRefusedError"
    assert outbox == []


def test_retries_wait_twice_as_long_each_time_up_to_six_hours(settings):
    assert settings.POST_OFFICE["RETRY_INTERVAL"] == 5 * MINUTE
    assert [retry_delay(n) for n in range(1, 10)] == [
        5 * MINUTE,
        10 * MINUTE,
        20 * MINUTE,
        40 * MINUTE,
        80 * MINUTE,
        160 * MINUTE,
        320 * MINUTE,
        360 * MINUTE,
        360 * MINUTE,
    ]
    assert retry_delay(10_000) == 360 * MINUTE


def test_each_failed_attempt_schedules_the_next_retry_further_away(mail_server, django_capture_on_commit_callbacks):
    mail_server(DOWN)
    send_mail_and_commit(django_capture_on_commit_callbacks)
    waits = []
    for _attempt in range(3):
        email = Email.objects.get()
        waits.append((email.number_of_retries, email.scheduled_time - email.logs.latest("date").date))
        time_passes()
        deliver_queued_mail.enqueue()
    # Each wait is measured from the failure's log entry, written a moment before the schedule.
    assert [(retries, round(wait / MINUTE)) for retries, wait in waits] == [(1, 5), (2, 10), (3, 20)]


def test_after_the_last_retry_the_email_stays_failed_with_its_errors_shown_to_zone_staff(
    client, mail_server, outbox, django_capture_on_commit_callbacks
):
    mail_server(DOWN)
    send_mail_and_commit(django_capture_on_commit_callbacks)
    for _retry in range(settings.POST_OFFICE["MAX_RETRIES"]):
        time_passes()
        deliver_queued_mail.enqueue()
    email = Email.objects.get()
    assert (email.status, email.number_of_retries) == (STATUS.failed, 6)
    assert email.logs.count() == 7  # the first attempt and six retries
    # Nothing is waiting any more: another delivery tries nothing.
    assert deliver_queued_mail.enqueue().return_value == {"sent": 0, "failed": 0, "requeued": 0}
    assert Log.objects.count() == 7
    assert outbox == []

    client.force_login(staff_user(ZONE_STAFF, "zone-staff"))
    changelist = client.get(reverse("admin:post_office_email_changelist") + "?status__exact=1").content.decode()
    assert "li.na@example.com" in changelist
    assert "Your registration" in changelist
    assert ">failed<" in changelist
    change_page = client.get(reverse("admin:post_office_email_change", args=[email.pk])).content.decode()
    assert change_page.count(SERVER_DOWN) == 7
    assert change_page.count("SMTPException") == 7
    # View only: no requeue action and no resending for zone staff.
    assert 'value="requeue"' not in changelist
    assert client.get(reverse("admin:resend", args=[email.pk])).status_code == 403


def test_what_people_typed_is_sent_as_written(outbox, django_capture_on_commit_callbacks):
    # post_office's own backend would render these as templates: "{{ }}" vanish, "{% %}" fail.
    event = EventFactory(title_en="Forum {{ 2027 }}")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "a@example.com", name="Wang {% Fang %}")
    assert [message.subject for message in outbox] == ["Your registration: Forum {{ 2027 }}"]
    assert "Wang {% Fang %}" in outbox[0].body
    assert Email.objects.get().status == STATUS.sent


@pytest.mark.parametrize("role", [ORGANISERS, VIEWERS])
def test_organisers_and_viewers_cannot_read_other_peoples_mail(client, role):
    mail.send_mail("Your registration", "Body", None, ["li.na@example.com"])
    email = Email.objects.get()
    client.force_login(staff_user(role, "someone"))
    for url in [
        reverse("admin:post_office_email_changelist"),
        reverse("admin:post_office_email_change", args=[email.pk]),
        reverse("admin:post_office_log_changelist"),
    ]:
        assert client.get(url).status_code == 403, url
    assert "Post Office" not in client.get(reverse("admin:index")).content.decode()


def test_a_superuser_requeues_a_failed_email_and_it_goes_out(
    admin_client, mail_server, outbox, django_capture_on_commit_callbacks
):
    mail_server(DOWN)
    send_mail_and_commit(django_capture_on_commit_callbacks)
    Email.objects.update(status=STATUS.failed, number_of_retries=6)
    mail_server(WORKING)
    changelist = reverse("admin:post_office_email_changelist")
    assert 'value="requeue"' in admin_client.get(changelist).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            changelist,
            {"action": "requeue", "_selected_action": [Email.objects.get().pk], "index": "0"},
            follow=True,
        )
    assert "1 email queued again." in response.content.decode()
    email = Email.objects.get()
    assert (email.status, email.number_of_retries) == (STATUS.sent, 0)
    assert [message.to for message in outbox] == [["li.na@example.com"]]


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_delivers_what_a_registration_queued(client, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The confirmation's .ics attachment is stored in the media folder, which the worker
    # must share with the web process (as it does in production).
    settings.MEDIA_ROOT = str(tmp_path / "media")
    event = EventFactory(title_en="Plenary assembly", capacity=10)
    response = register_on_the_page(client, event, email="worker@example.com")
    assert response.status_code == 200

    # The request only stored the message and a task for the worker; nothing was sent.
    email = Email.objects.get()
    assert email.status == STATUS.queued
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.status) == ("core.tasks.deliver_queued_mail", TaskResultStatus.READY)

    mailbox = tmp_path / "mail"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "ZONE_")) and name not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="zone_portal.settings",
        DJANGO_DEBUG="true",
        DATABASE_URL=database_url(),
        ZONE_TASK_BACKEND="database",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(mailbox),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
    )
    worker = subprocess.run(  # noqa: S603 (the venv's Python, fixed arguments)
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL, worker.stderr
    assert task.return_value == {"sent": 1, "failed": 0, "requeued": 0}
    assert Email.objects.get().status == STATUS.sent
    delivered = [path.read_text() for path in mailbox.iterdir()]
    assert len(delivered) == 1
    assert "To: worker@example.com" in delivered[0]
    assert "Subject: Your registration: Plenary assembly" in delivered[0]
