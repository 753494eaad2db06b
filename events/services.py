"""Every write with side effects on events and registrations: the one door for all callers.

The admin (form saves and actions), the public pages, the demo loader and any shell call
these functions, so the rules hold whoever writes: capacity is never exceeded, places that
free up (a cancellation, an erasure, a deletion, a higher capacity) go to the longest-waiting
people in order, a cancelled event tells its registrants once, and each change is logged
with the acting user.

Each function saves first and sends its emails only after the transaction commits, so a
registration is never lost to a failing mail server and no email announces a rollback.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core import history, versions
from core.audit import ADDITION, CHANGE, DELETION, changed_fields_message, log_change

from .calendars import build_calendar
from .models import Announcement, Event, EventStatus, Registration, RegistrationStatus, Venue

logger = logging.getLogger(__name__)


class RegistrationRefused(Exception):
    """Registration is not possible; ``message`` says why in words for the visitor."""

    def __init__(self, message, code="refused"):
        super().__init__(str(message))
        self.message = message
        self.code = code


DUPLICATE_MESSAGE = _("This email address is already registered for this event.")
ERASED_NAME = _("(personal data erased)")
# Stored in the history as written; the admin shows these plain messages as they are.
STATUS_LABEL = gettext_noop("Status")
PROMOTED_MESSAGE = "Confirmed from the waiting list."
ERASED_MESSAGE = "Personal data erased on request."


def _base_url(base_url):
    """Return the address emails link to: the request's, or the configured site address."""
    return (base_url or settings.ZONE_SITE_URL).rstrip("/")


def _email_after_commit(registration_pk, kind, base_url):
    transaction.on_commit(partial(send_registration_email, registration_pk, kind, _base_url(base_url)))


def events_changed():
    """Make every process drop its cached pages once this commits: an event, its venue, its
    places left or an announcement changed (core.versions, core.page_cache)."""
    versions.bump(versions.EVENTS)


# --- Registrations ------------------------------------------------------------------------


def register_for_event(*, event, name, email, organisation="", country="", language="", user=None, base_url=""):
    """Register a person for ``event``; confirmed while places are left, waiting list beyond.

    The event row is locked before the confirmed registrations are counted, so concurrent
    registrations queue up and the capacity is never exceeded. Raise RegistrationRefused
    when registration is closed or the email is already registered; nothing is saved then.
    ``user`` is the organiser who registers someone in the admin (None for visitors).
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
        # Nobody is put ahead of people already waiting, even if a place is free.
        full = places_free(locked) <= 0 or active.filter(status=RegistrationStatus.WAITING).exists()
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
        events_changed()  # the places left
        if user is not None:
            log_change(user=user, objects=[registration], action_flag=ADDITION)
        _email_after_commit(registration.pk, "registered", base_url)
    return registration


def cancel_registration(*, registration, user=None, base_url=""):
    """Cancel a registration; a freed place goes to the longest-waiting people.

    Return the first promoted registration, or None.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return None
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        registration.status = current.status
        events_changed()
        log_change(user=user, objects=[current], message=changed_fields_message(STATUS_LABEL))
        _email_after_commit(current.pk, "cancelled", base_url)
        promoted = fill_free_places(event=event, user=user, base_url=base_url)
    return promoted[0] if promoted else None


def erase_registration(*, registration, user, base_url=""):
    """Erase a registrant's personal data on request, keeping the row so the figures stay right.

    An active registration is cancelled first (without an email: the person asked to be
    forgotten), which gives the place to the waiting list. Return True if data was erased.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.erased_at is not None:
            return False
        was_active = current.status != RegistrationStatus.CANCELLED
        current.status = RegistrationStatus.CANCELLED
        current.name = str(ERASED_NAME)
        current.email = f"erased-{current.pk}@invalid"
        current.organisation = ""
        current.country = ""
        current.erased_at = timezone.now()
        current.save()
        events_changed()
        log_change(user=user, objects=[current], message=ERASED_MESSAGE)
        if was_active:
            fill_free_places(event=event, user=user, base_url=base_url)
    return True


@transaction.atomic
def delete_registrations(*, registrations, user, base_url=""):
    """Delete registrations for good (superusers only); freed places go to the waiting list."""
    doomed = list(registrations)
    events = {registration.event_id for registration in doomed}
    locked = list(Event.objects.select_for_update().filter(pk__in=events).order_by("pk"))
    log_change(user=user, objects=doomed, action_flag=DELETION)
    Registration.objects.filter(pk__in=[registration.pk for registration in doomed]).delete()
    events_changed()
    for event in locked:
        fill_free_places(event=event, user=user, base_url=base_url)
    return len(doomed)


def places_free(event):
    """Return how many places of ``event`` are free (a large number when unlimited)."""
    if event.capacity is None:
        return 1_000_000
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    return event.capacity - confirmed


def fill_free_places(*, event, user=None, base_url=""):
    """Confirm the longest-waiting registrants, in order, while places are free; email them.

    Call with the event row locked (inside the transaction that freed the places). Nobody
    is promoted for a cancelled or past event. Return the promoted registrations.
    """
    if event.status == EventStatus.CANCELLED or event.is_past:
        return []
    free = places_free(event)
    if free <= 0:
        return []
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
    promoted = list(waiting.order_by("created_at", "pk")[:free])
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        _email_after_commit(registration.pk, "promoted", base_url)
    log_change(user=user, objects=promoted, message=PROMOTED_MESSAGE)
    return promoted


# --- Events -------------------------------------------------------------------------------


@history.recorded
def save_event(*, event, user, cities=None, participants=None, log=True, base_url=""):
    """Create or update ``event`` and apply what the change means for its registrants.

    Whatever changed it (the admin form, an import, the demo loader, a shell): places freed
    by a higher capacity go to the waiting list, in order, with an email each; an event
    that becomes cancelled tells everyone registered, once. ``log=False`` is for the admin
    form, which writes its own history entry with the changed fields.
    """
    with transaction.atomic():
        adding = event._state.adding
        before = None
        if not adding:
            before = Event.objects.select_for_update().filter(pk=event.pk).values("status").first()
        event.save()
        if cities is not None:
            event.cities.set(cities)
        if participants is not None:
            event.participants.set(participants)
        events_changed()
        if log:
            log_change(user=user, objects=[event], action_flag=ADDITION if adding else CHANGE)
        if before is not None:
            if event.status == EventStatus.CANCELLED and before["status"] != EventStatus.CANCELLED:
                _tell_registrants_event_cancelled(event, base_url)
            else:
                fill_free_places(event=event, user=user, base_url=base_url)
    return event


def _tell_registrants_event_cancelled(event, base_url):
    pks = list(event.registrations.exclude(status=RegistrationStatus.CANCELLED).values_list("pk", flat=True))
    for pk in pks:
        _email_after_commit(pk, "event_cancelled", base_url)
    return len(pks)


@history.recorded
def publish_event(*, event, user):
    """Publish ``event`` now (a waiting list left from a draft gets any free places)."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status == EventStatus.PUBLISHED:
            return event
        locked.status = event.status = EventStatus.PUBLISHED
        locked.save(update_fields=["status", "updated_at"])
        events_changed()
        log_change(user=user, objects=[locked], message=changed_fields_message(STATUS_LABEL))
        fill_free_places(event=locked, user=user)
    return event


@history.recorded
def cancel_event(*, event, user, base_url=""):
    """Cancel ``event`` and email everyone registered for it, once; return how many were told."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status == EventStatus.CANCELLED:
            return 0
        locked.status = event.status = EventStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        events_changed()
        log_change(user=user, objects=[locked], message=changed_fields_message(STATUS_LABEL))
        return _tell_registrants_event_cancelled(locked, base_url)


@transaction.atomic
def duplicate_event(*, event, user):
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
    copy.published_at = None
    return save_event(event=copy, user=user, cities=cities, participants=participants)


@history.recorded
@transaction.atomic
def save_announcement(*, announcement, user, companies=None, log=True):
    """Create or update an announcement (its text is sanitised on save)."""
    adding = announcement._state.adding
    announcement.save()
    if companies is not None:
        announcement.companies.set(companies)
    events_changed()
    if log:
        log_change(user=user, objects=[announcement], action_flag=ADDITION if adding else CHANGE)
    return announcement


@transaction.atomic
def delete_events(*, events, user):
    """Delete events with their registrations (their image files go once this commits); return how many."""
    return _delete_rows(Event, events, user)


@transaction.atomic
def delete_announcements(*, announcements, user):
    """Delete announcements; return how many."""
    return _delete_rows(Announcement, announcements, user)


# --- Venues -------------------------------------------------------------------------------


@transaction.atomic
def save_venue(*, venue, user, log=True):
    """Create or update ``venue``; the pages of its events show the change at once."""
    adding = venue._state.adding
    venue.save()
    events_changed()
    if log:
        log_change(user=user, objects=[venue], action_flag=ADDITION if adding else CHANGE)
    return venue


@transaction.atomic
def delete_venues(*, venues, user):
    """Delete venues that no event names (the database refuses the others); return how many."""
    return _delete_rows(Venue, venues, user)


def _delete_rows(model, rows, user):
    """Delete ``rows`` of ``model`` as one logged change that every page sees; return how many."""
    rows = list(rows)
    if not rows:
        return 0
    log_change(user=user, objects=rows, action_flag=DELETION)
    if model in (Event, Announcement):
        history.record_deletion(rows, user=user)
    # One by one, so that each deleted event's image files follow (events.signals).
    for row in rows:
        row.delete()
    events_changed()
    return len(rows)


EMAIL_SUBJECTS = {
    "registered": _("Your registration: {title}"),
    "promoted": _("A place is free for you: {title}"),
    "cancelled": _("Registration cancelled: {title}"),
    "event_cancelled": _("Event cancelled: {title}"),
}


def send_registration_email(registration_pk, kind, base_url):
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
            message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
            if kind in ("registered", "promoted") and registration.status == RegistrationStatus.CONFIRMED:
                # The event for the registrant's calendar, with the stable UID of the site's .ics
                # files, so that adding it twice or from both places updates one entry.
                calendar = build_calendar([event], base_url=base_url).to_ical()
                message.attach(f"{event.slug}.ics", calendar, "text/calendar")
        message.send()
    except Exception:
        logger.exception("Could not send the %s email of registration %s.", kind, registration_pk)
        return False
    return True
