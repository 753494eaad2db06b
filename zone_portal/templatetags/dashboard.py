"""The admin's front page as a dashboard: what is waiting for the signed-in user's role.

Each panel shows only what the user may see (model permissions, see zone_portal/roles.py):
zone staff their review queue, inquiries and profiles to check; organisers their events;
viewers the figures. The panels run a fixed number of queries, whatever the data.
"""

import datetime

from django import template
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, CompanyStatus, Cooperation, CooperationStatus, Inquiry, InquiryStatus
from events.models import Event, EventStatus, RegistrationStatus

register = template.Library()

# A profile unconfirmed for longer than this is due for a check with the company.
VERIFY_EVERY = datetime.timedelta(days=365)
# An inquiry still new after this long is overdue (as the inquiry list's "received" filter says).
OVERDUE_AFTER = datetime.timedelta(days=3)
UPCOMING_LIMIT = 5
RECENT_LIMIT = 10


def _link(name, **query):
    url = reverse(name)
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def zone_dashboard(context):
    user = context["request"].user
    now = timezone.now()
    panels = {}

    if user.has_perm("companies.view_company"):
        due = timezone.localdate() - VERIFY_EVERY
        companies = Company.objects.aggregate(
            drafts=Count("pk", filter=Q(status=CompanyStatus.DRAFT)),
            unverified=Count(
                "pk",
                filter=Q(status=CompanyStatus.PUBLISHED) & (Q(verified_on__isnull=True) | Q(verified_on__lt=due)),
            ),
        )
        panels["companies"] = {
            "drafts": companies["drafts"],
            "drafts_url": _link("admin:companies_company_changelist", status__exact=CompanyStatus.DRAFT),
            "unverified": companies["unverified"],
            "unverified_url": _link("admin:companies_company_changelist", verified="due"),
        }
    if user.has_perm("companies.view_cooperation"):
        panels["cooperation_review"] = Cooperation.objects.filter(status=CooperationStatus.REVIEW).count()
        panels["cooperation_url"] = _link(
            "admin:companies_cooperation_changelist", status__exact=CooperationStatus.REVIEW
        )
    if user.has_perm("companies.view_inquiry"):
        panels["inquiries"] = Inquiry.objects.aggregate(
            new=Count("pk", filter=Q(status=InquiryStatus.NEW)),
            overdue=Count("pk", filter=Q(status=InquiryStatus.NEW, created_at__lt=now - OVERDUE_AFTER)),
        )
        panels["inquiries"].update(
            new_url=_link("admin:companies_inquiry_changelist", status__exact=InquiryStatus.NEW),
            overdue_url=_link("admin:companies_inquiry_changelist", age="overdue"),
        )
    if user.has_perm("events.view_event"):
        panels["events_waiting"] = Event.objects.filter(status__in=[EventStatus.DRAFT, EventStatus.SCHEDULED]).count()
        panels["events_waiting_url"] = _link("admin:events_event_changelist", status__in="draft,scheduled")
        panels["upcoming"] = list(
            Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__gte=now)
            .annotate(
                taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
                waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
            )
            .order_by("starts_at")[:UPCOMING_LIMIT]
        )

    # Recent changes by others, to the kinds of objects this user may see.
    visible_types = [
        content_type.pk
        for content_type in ContentType.objects.filter(app_label__in=["companies", "events"])
        if user.has_perm(f"{content_type.app_label}.view_{content_type.model}")
    ]
    panels["recent"] = list(
        LogEntry.objects.filter(content_type_id__in=visible_types)
        .exclude(user=user)
        .select_related("user", "content_type")
        .order_by("-action_time")[:RECENT_LIMIT]
    )
    return {"panels": panels, "request": context["request"]}
