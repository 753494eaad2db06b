"""The outgoing-mail queue: post_office stores every message, these functions deliver them.

``settings.EMAIL_BACKEND`` is :class:`QueueBackend`, so every ``send_mail()`` in the portal
only writes a post_office ``Email`` row. Delivery happens in ``core.tasks.deliver_queued_mail``, which calls
:func:`send_due_emails`: each due message is sent through ``POST_OFFICE["BACKENDS"]``; one
that fails is requeued with a growing delay (:func:`retry_delay`) until
``POST_OFFICE["MAX_RETRIES"]`` is used up, then stays *failed* with its errors logged, for
staff to see in the admin.
"""

import logging
from datetime import timedelta
from email.mime.base import MIMEBase

from django.core.files.base import ContentFile
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from post_office import mail as post_office_mail
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_batch_size, get_retry_timedelta
from post_office.signals import email_queued
from post_office.utils import create_attachments

logger = logging.getLogger(__name__)

# However many retries are configured, never wait longer than this between two attempts.
LONGEST_RETRY_DELAY = timedelta(hours=6)
WAITING = (STATUS.queued, STATUS.requeued)


class QueueBackend(BaseEmailBackend):
    """Store each message in post_office's queue exactly as written; return how many were stored.

    post_office's own backend passes subject and body through the template engine, which
    drops ``{{ … }}`` from what people typed (a registrant's name, an inquiry) and refuses
    to store a message containing ``{% … %}``. This one stores the text as it is and
    announces the messages with post_office's ``email_queued`` signal, as that backend does.
    """

    def send_messages(self, email_messages):
        emails = [self._store(message) for message in email_messages]
        if emails:
            email_queued.send(sender=Email, emails=emails)
        return len(emails)

    def _store(self, message):
        headers = dict(message.extra_headers)
        if message.reply_to:
            headers.setdefault("Reply-To", ", ".join(str(address) for address in message.reply_to))
        html = [content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"]
        email = Email.objects.create(
            from_email=message.from_email,
            to=message.to,
            cc=message.cc,
            bcc=message.bcc,
            subject=message.subject,
            message=message.body,
            html_message=html[0] if html else "",
            headers=headers or None,
            priority=PRIORITY.medium,
            status=STATUS.queued,
        )
        if message.attachments:
            email.attachments.add(*create_attachments(dict(_attachment_files(message.attachments))))
        return email


def _attachment_files(attachments):
    """Yield (file name, post_office attachment description) for a message's attachments."""
    for attachment in attachments:
        if isinstance(attachment, MIMEBase):
            description = {"file": ContentFile(attachment.get_payload()), "mimetype": attachment.get_content_type()}
            yield attachment.get_filename(), {**description, "headers": dict(attachment.items())}
        else:
            filename, content, mimetype = attachment
            yield filename, {"file": ContentFile(content), "mimetype": mimetype}


def retry_delay(number_of_retries):
    """Return how long to wait before retry number ``number_of_retries`` (1 for the first).

    The first waits ``POST_OFFICE["RETRY_INTERVAL"]``, each further one twice as long as
    the one before, up to ``LONGEST_RETRY_DELAY``.
    """
    exponent = max(number_of_retries - 1, 0)
    base = get_retry_timedelta()
    if exponent >= 32 or base * 2**exponent > LONGEST_RETRY_DELAY:
        return LONGEST_RETRY_DELAY
    return base * 2**exponent


def due_emails():
    """Return the waiting emails whose time has come, in post_office's sending order."""
    now = timezone.now()
    return Email.objects.filter(
        Q(scheduled_time__lte=now) | Q(scheduled_time=None),
        Q(expires_at__gt=now) | Q(expires_at=None),
        status__in=WAITING,
    ).order_by("-priority", "pk")


def send_due_emails():
    """Send every due email, batch by batch; return the counts (sent, failed, requeued).

    Each batch is locked while it is sent (``SKIP LOCKED`` on PostgreSQL), so a second
    worker sends other messages, never the same one twice. If the process dies mid-batch,
    the transaction rolls back and the batch is still waiting for the next attempt.
    """
    totals = [0, 0, 0]
    while True:
        with transaction.atomic():
            batch = list(
                due_emails().select_for_update(skip_locked=True).prefetch_related("attachments")[: get_batch_size()]
            )
            if not batch:
                return tuple(totals)
            post_office_mail.attach_templates(batch)
            # post_office's own sending step: it sends through the configured backend, marks
            # each email sent, requeued (with one fixed delay) or failed, and logs the result.
            counts = post_office_mail._send_bulk(batch, uses_multiprocessing=False)
            _back_off([email.pk for email in batch])
        totals = [total + count for total, count in zip(totals, counts, strict=True)]


def _back_off(pks):
    """Give each requeued email of ``pks`` a delay that doubles with every retry."""
    now = timezone.now()
    requeued = list(Email.objects.filter(pk__in=pks, status=STATUS.requeued))
    for email in requeued:
        email.scheduled_time = now + retry_delay(email.number_of_retries or 1)
    Email.objects.bulk_update(requeued, ["scheduled_time"])


def next_attempt_at():
    """Return when the next waiting email falls due, or None if none waits for a later time."""
    return Email.objects.filter(status__in=WAITING, scheduled_time__gt=timezone.now()).aggregate(
        next=Min("scheduled_time")
    )["next"]


def requeue_emails(*, emails):
    """Queue ``emails`` for a fresh series of attempts; return how many were queued.

    For staff after the mail server is repaired: failed messages go out with the next delivery,
    which is started after the commit.
    """
    from core.tasks import deliver_after_commit

    count = emails.update(status=STATUS.queued, scheduled_time=None, number_of_retries=0)
    if count:
        deliver_after_commit()
    return count
