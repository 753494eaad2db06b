"""Personal data across the apps: what is kept about one email address, its erasure, retention.

GDPR (Art. 15, 17) and China's PIPL (Art. 45, 47) give a person the right to see what is
stored about them and to have it erased; both limit how long it is kept. The portal keeps
personal data in inquiries, cooperation proposals, event registrations and the outgoing
mail queue. Erasure anonymises rows rather than deleting them wherever the zone's figures
depend on them (registrations count towards places, inquiries towards the report).

This lives in the project package because it reaches into every app.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from companies import services as company_services
from companies.models import Cooperation, Inquiry, InquiryStatus
from events import services as event_services
from events.models import Registration


@dataclass(frozen=True)
class Retention:
    """How long personal data is kept, in days (README: "Privacy and retention")."""

    inquiries: int = 730  # after the inquiry arrived
    spam: int = 30  # spam inquiries are deleted outright
    registrations: int = 365  # after the event ended
    proposers: int = 365  # after the cooperation entry expired
    outgoing_mail: int = 90  # copies of sent messages in the mail queue


def retention():
    return Retention(**getattr(settings, "ZONE_RETENTION_DAYS", {}))


def _mail_model():
    """The mail queue's message model, when the queue is installed."""
    if apps.is_installed("post_office"):
        return apps.get_model("post_office", "Email")
    return None


def records_of(email):
    """Return ``{kind: queryset}`` of every row holding ``email`` (case-insensitive)."""
    email = email.strip()
    records = {
        "inquiries": Inquiry.objects.filter(email__iexact=email).select_related("company", "cooperation"),
        "registrations": Registration.objects.filter(email__iexact=email).select_related("event"),
        "cooperation_proposals": Cooperation.objects.filter(contact_email__iexact=email),
    }
    mail = _mail_model()
    if mail is not None:
        records["emails"] = mail.objects.filter(to__icontains=email)
    return records


def export(email):
    """Return everything stored about ``email`` as plain data (for JSON and the readable page)."""
    records = records_of(email)
    data = {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "inquiries": [
            {
                "received": inquiry.created_at.isoformat(),
                "to": inquiry.recipient_label,
                "name": inquiry.name,
                "email": inquiry.email,
                "organisation": inquiry.organisation,
                "country": inquiry.get_country_display(),
                "phone": inquiry.phone,
                "wechat_id": inquiry.wechat_id,
                "topic": inquiry.get_topic_display(),
                "message": inquiry.message,
                "preferred_language": inquiry.get_language_display(),
                "consent_given": inquiry.consent_at.isoformat() if inquiry.consent_at else None,
                "status": inquiry.get_status_display(),
                "forwarded_to": inquiry.forwarded_to,
                "forwarded": inquiry.forwarded_at.isoformat() if inquiry.forwarded_at else None,
            }
            for inquiry in records["inquiries"]
        ],
        "registrations": [
            {
                "event": str(registration.event),
                "registered": registration.created_at.isoformat(),
                "name": registration.name,
                "email": registration.email,
                "organisation": registration.organisation,
                "country": registration.get_country_display(),
                "preferred_language": registration.get_language_display(),
                "status": registration.get_status_display(),
            }
            for registration in records["registrations"]
        ],
        "cooperation_proposals": [
            {
                "entry": entry.title,
                "proposed": entry.created_at.isoformat(),
                "name": entry.contact_name,
                "email": entry.contact_email,
                "organisation": entry.organisation,
                "status": entry.get_status_display(),
            }
            for entry in records["cooperation_proposals"]
        ],
    }
    if "emails" in records:
        data["emails"] = [
            {
                "created": message.created.isoformat(),
                "to": message.to,
                "subject": message.subject,
                "message": message.message,
                "status": message.get_status_display() if message.status is not None else "",
            }
            for message in records["emails"]
        ]
    return data


def erase(email, *, user):
    """Erase everything stored about ``email``; return ``{kind: count}``.

    Registrations are erased through the events service (a freed place goes to the waiting
    list), inquiries and proposals are anonymised through the companies services, and the
    copies of messages sent to the address are deleted. Each change is logged with ``user``.
    """
    records = records_of(email)
    counts = {
        "inquiries": company_services.erase_inquiries(inquiries=records["inquiries"], user=user),
        "cooperation_proposals": company_services.erase_proposers(
            cooperations=records["cooperation_proposals"], user=user
        ),
        "registrations": sum(
            event_services.erase_registration(registration=registration, user=user)
            for registration in records["registrations"].filter(erased_at__isnull=True)
        ),
    }
    if "emails" in records:
        counts["emails"] = records["emails"].delete()[0]
    return counts


@transaction.atomic
def enforce_retention(*, now=None):
    """Erase or delete what has been kept long enough; return ``{kind: count}``.

    Run daily (``manage.py enforce_retention``; README: "Privacy and retention").
    """
    now = now or timezone.now()
    keep = retention()
    today = timezone.localdate(now)
    counts = {
        "spam_deleted": Inquiry.objects.filter(
            status=InquiryStatus.SPAM, created_at__lt=now - datetime.timedelta(days=keep.spam)
        ).delete()[0],
        "inquiries_erased": company_services.erase_inquiries(
            inquiries=Inquiry.objects.filter(created_at__lt=now - datetime.timedelta(days=keep.inquiries)),
            user=None,
        ),
        "proposers_erased": company_services.erase_proposers(
            cooperations=Cooperation.objects.filter(valid_until__lt=today - datetime.timedelta(days=keep.proposers)),
            user=None,
        ),
        "registrations_erased": sum(
            event_services.erase_registration(registration=registration, user=None)
            for registration in Registration.objects.filter(
                Q(event__ends_at__lt=now - datetime.timedelta(days=keep.registrations)), erased_at__isnull=True
            )
        ),
    }
    mail = _mail_model()
    if mail is not None:
        # Only messages done with (post_office's STATUS: 0 sent, 1 failed for good); one still
        # queued for a retry is kept until it goes out.
        counts["emails_deleted"] = mail.objects.filter(
            created__lt=now - datetime.timedelta(days=keep.outgoing_mail), status__in=(0, 1)
        ).delete()[0]
    return counts
