"""Writes with side effects: registering, cancelling, publishing and copying events.

Each function saves first and sends its emails only after the transaction commits, so a
registration is never lost to a failing mail server and no email announces a rollback.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Event, EventStatus, Registration, RegistrationStatus

logger = logging.getLogger(__name__)


class RegistrationRefused(Exception):
    """Registration is not possible; ``message`` says why in words for the visitor."""

    def __init__(self, message, code="refused"):
        super().__init__(str(message))
        self.message = message
        self.code = code


DUPLICATE_MESSAGE = _("This email address is already registered for this event.")


def register_for_event(*, event, name, email, organisation="", country="", language="", base_url=""):
    """Register a person for ``event``; confirmed while places are left, waiting list beyond.

    The event row is locked before the confirmed registrations are counted, so concurrent
    registrations queue up and the capacity is never exceeded. Raise RegistrationRefused
    when registration is closed or the email is already registered; nothing is saved then.
    """
    email = email.strip()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        refusal = locked.registration_refusal()
        if refusal:
            raise RegistrationRefused(refusal, code="closed")
        active = Registration.objects.filter(event=locked).exclude(status=RegistrationStatus.CANCELLED)
        if active.filter(email__iexact=email).exists():
            raise RegistrationRefused(DUPLICATE_MESSAGE, code="duplicate")
        confirmed = active.filter(status=RegistrationStatus.CONFIRMED).count()
        full = locked.capacity is not None and confirmed >= locked.capacity
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked,
                    name=name,
                    email=email,
                    organisation=organisation,
                    country=country,
                    language=language or translation.get_language() or settings.LANGUAGE_CODE,
                    status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
                )
        except IntegrityError as error:
            # Only reachable on a database without row locks; the constraint still holds.
            raise RegistrationRefused(DUPLICATE_MESSAGE, code="duplicate") from error
        transaction.on_commit(partial(send_registration_email, registration.pk, "registered", base_url))
    return registration


def cancel_registration(*, registration, base_url=""):
    """Cancel a registration; a freed place goes to the first person on the waiting list.

    Return the promoted registration, or None.
    """
    promoted = None
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return None
        was_confirmed = current.status == RegistrationStatus.CONFIRMED
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        registration.status = current.status
        if was_confirmed and event.status != EventStatus.CANCELLED:
            promoted = promote_from_waiting_list(event)
        transaction.on_commit(partial(send_registration_email, current.pk, "cancelled", base_url))
        if promoted:
            transaction.on_commit(partial(send_registration_email, promoted.pk, "promoted", base_url))
    return promoted


def promote_from_waiting_list(event):
    """Confirm the longest-waiting registrant if a place is free; call with the event locked."""
    registrations = Registration.objects.filter(event=event)
    confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if event.capacity is not None and confirmed >= event.capacity:
        return None
    first = registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk").first()
    if first:
        first.status = RegistrationStatus.CONFIRMED
        first.save(update_fields=["status", "updated_at"])
    return first


def publish_event(*, event):
    """Publish ``event`` now."""
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    return event


def cancel_event(*, event, base_url=""):
    """Cancel ``event`` and email everyone registered for it; return how many were told."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status == EventStatus.CANCELLED:
            return 0
        locked.status = EventStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        event.status = locked.status
        pks = list(locked.registrations.exclude(status=RegistrationStatus.CANCELLED).values_list("pk", flat=True))
        for pk in pks:
            transaction.on_commit(partial(send_registration_email, pk, "event_cancelled", base_url))
    return len(pks)


def duplicate_event(*, event):
    """Return a draft copy of ``event`` with its cities and participants, and no registrations."""
    cities = list(event.cities.all())
    participants = list(event.participants.all())
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.slug = ""
    copy.status = EventStatus.DRAFT
    copy.publish_at = None
    copy.save()
    copy.cities.set(cities)
    copy.participants.set(participants)
    return copy


EMAIL_SUBJECTS = {
    "registered": _("Your registration: {title}"),
    "promoted": _("A place is free for you: {title}"),
    "cancelled": _("Registration cancelled: {title}"),
    "event_cancelled": _("Event cancelled: {title}"),
}


def send_registration_email(registration_pk, kind, base_url=""):
    """Email a registrant about their registration; log and swallow any failure.

    Runs after the commit: the registration is already saved and stays saved.
    """
    registration = Registration.objects.select_related("event").filter(pk=registration_pk).first()
    if registration is None:
        return False
    try:
        with translation.override(registration.language):
            event = registration.event
            context = {
                "registration": registration,
                "event": event,
                "kind": kind,
                "event_url": base_url + event.get_absolute_url(),
                "status_url": base_url + reverse("events:registration", kwargs={"token": registration.token}),
                "cancel_url": base_url + reverse("events:cancel_registration", kwargs={"token": registration.token}),
            }
            subject = str(EMAIL_SUBJECTS[kind]).format(title=event.title)
            body = render_to_string("events/email/registration.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    except Exception:
        logger.exception("Could not send the %s email of registration %s.", kind, registration_pk)
        return False
    return True
