"""Background tasks (Django 6's task API through the django-tasks backport).

Production runs them in ``manage.py db_worker`` (settings.TASKS: the database backend);
development and the tests run each one at once, in the process that enqueues it.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django_tasks import TaskResultStatus, task

from core import mail_queue

logger = logging.getLogger(__name__)


@task()
def deliver_queued_mail():
    """Send the due messages of the mail queue; come back when the next retry falls due.

    Return the counts as a dict (stored with the task's result by the database backend).
    """
    sent, failed, requeued = mail_queue.send_due_emails()
    next_attempt = mail_queue.next_attempt_at()
    if next_attempt is not None:
        schedule_delivery(run_after=next_attempt)
    return {"sent": sent, "failed": failed, "requeued": requeued}


def schedule_delivery(*, run_after=None):
    """Enqueue a delivery, now or at ``run_after``; return its task result, or None if not enqueued.

    A backend that cannot defer (the immediate one of development) gets no later delivery:
    there the retries go out with the next message or ``manage.py deliver_mail``. With the
    database backend a delivery already waiting to run by ``run_after`` makes another one
    unnecessary, so an outage with many messages leaves one chain of retries, not one each.
    """
    backend = deliver_queued_mail.get_backend()
    if run_after is None:
        return deliver_queued_mail.enqueue()
    if not backend.supports_defer:
        logger.info("Queued mail waits until %s for the next delivery (no deferred tasks here).", run_after)
        return None
    if _delivery_waiting_by(run_after):
        return None
    return deliver_queued_mail.using(run_after=run_after).enqueue()


def _delivery_waiting_by(moment):
    """Return whether the task database holds a delivery that will run no later than ``moment``."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return False
    from django_tasks_db.models import DBTaskResult, get_date_max

    return DBTaskResult.objects.filter(
        Q(run_after__lte=moment) | Q(run_after=get_date_max()),
        status=TaskResultStatus.READY,
        task_path=deliver_queued_mail.module_path,
        backend_name=deliver_queued_mail.backend,
    ).exists()


def deliver_after_commit():
    """Enqueue a delivery once the current transaction commits (at once outside one)."""
    transaction.on_commit(schedule_delivery)


def on_email_queued(sender, emails, **kwargs):
    """Start a delivery for messages post_office has just queued (``email_queued`` signal)."""
    deliver_after_commit()
