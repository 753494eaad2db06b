"""The organisers' admin: venues, events, registrations and announcements.

Organisers have no permission on companies or cities, so the relations to them use
filter_horizontal (a plain select box filled by this admin's own form) rather than
autocomplete_fields, which would need the view permission of the companies admin.
"""

from zoneinfo import ZoneInfo

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from companies.admin import URL_FIELD_OVERRIDES
from core.spreadsheets import csv_response

from .models import Announcement, Event, Registration, RegistrationStatus, TimeZoneChoice, Venue
from .services import (
    RegistrationRefused,
    cancel_event,
    cancel_registration,
    duplicate_event,
    publish_event,
    register_for_event,
)


def site_base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "city", "website"]
    list_filter = ["city"]
    search_fields = ["name_en", "name_de", "name_zh_hans", "address_en"]
    list_select_related = ["city"]


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gte=now)
        if self.value() == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset


class RegistrationInline(admin.TabularInline):
    """The registrations of an event, read-only: changes go through the services."""

    model = Registration
    extra = 0
    can_delete = False
    fields = ["name", "email", "organisation", "country", "status", "created_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["title", "kind", "starts_at", "time_zone", "status", "places_taken", "places_left_display"]
    list_filter = ["kind", "status", WhenFilter, "cities"]
    search_fields = ["title_en", "title_de", "title_zh_hans", "slug"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["cities", "participants"]
    list_select_related = ["venue"]
    readonly_fields = ["created_at", "updated_at", "registrations_link"]
    inlines = [RegistrationInline]
    actions = ["publish", "cancel", "duplicate", "export_attendees"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body", "organiser", "image"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "time_zone", "venue", "online_url"]}),
        (_("Alliance"), {"fields": ["cities", "participants"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_enabled",
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                    "registrations_link",
                ]
            },
        ),
        (_("Publication"), {"fields": ["status", "publish_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        # One annotated query for the changelist's places columns, whatever the row count.
        return (
            super()
            .get_queryset(request)
            .annotate(
                places_taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
            )
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Organisers type the times of the event's own zone (10:00 in Foshan), so the form
        # shows and reads the datetimes in that zone rather than in UTC.
        zone = request.POST.get("time_zone")
        if zone not in TimeZoneChoice.values and object_id:
            event = Event.objects.filter(pk=object_id).only("time_zone").first()
            zone = event.time_zone if event else None
        if zone not in TimeZoneChoice.values:
            zone = TimeZoneChoice.SHANGHAI
        with timezone.override(ZoneInfo(zone)):
            return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("places taken"), ordering="places_taken")
    def places_taken(self, event):
        return event.places_taken

    @admin.display(description=_("places left"))
    def places_left_display(self, event):
        left = event.places_left
        return "∞" if left is None else left

    @admin.display(description=_("registrations"))
    def registrations_link(self, event):
        if not event.pk:
            return "-"
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={event.pk}"
        return format_html('<a href="{}">{}</a>', url, _("All registrations of this event"))

    @admin.action(description=_("Publish the selected events"), permissions=["change"])
    def publish(self, request, queryset):
        for event in queryset:
            publish_event(event=event)
        self.message_user(
            request, ngettext("%d event published.", "%d events published.", len(queryset)) % len(queryset)
        )

    @admin.action(description=_("Cancel the selected events and email their registrants"), permissions=["change"])
    def cancel(self, request, queryset):
        told = sum(cancel_event(event=event, base_url=site_base_url(request)) for event in queryset)
        message = ngettext(
            "Events cancelled; %(count)d registrant is being emailed.",
            "Events cancelled; %(count)d registrants are being emailed.",
            told,
        )
        self.message_user(request, message % {"count": told})

    @admin.action(description=_("Duplicate the selected events as drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [duplicate_event(event=event) for event in queryset]
        self.message_user(request, ngettext("%d draft copy made.", "%d draft copies made.", len(copies)) % len(copies))

    @admin.action(description=_("Export the attendees of the selected events (CSV)"), permissions=["view"])
    def export_attendees(self, request, queryset):
        registrations = (
            Registration.objects.filter(event__in=queryset)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("event")
            .order_by("event__starts_at", "event__pk", "status", "created_at", "pk")
        )
        header = [
            _("Event"),
            _("Name"),
            _("Email"),
            _("Organisation"),
            _("Country"),
            _("Language"),
            _("Status"),
            _("Registered"),
        ]
        rows = (
            (
                registration.event.title,
                registration.name,
                registration.email,
                registration.organisation,
                registration.get_country_display(),
                registration.language,
                registration.get_status_display(),
                registration.created_at.strftime("%Y-%m-%d %H:%M UTC"),
            )
            for registration in registrations
        )
        name = slugify(queryset.first().slug if queryset.count() == 1 else "attendees") or "attendees"
        return csv_response(f"{name}-attendees.csv", header, rows)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Adding goes through register_for_event and cancelling through cancel_registration,
    so capacity, the waiting list and the emails behave exactly as on the public form."""

    list_display = ["name", "email", "event", "status", "organisation", "country", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    actions = ["cancel_selected"]

    def get_readonly_fields(self, request, obj=None):
        # Status changes only through the actions, never by editing the field.
        return ["status", "created_at", "updated_at"] if obj else ["status"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            registration = register_for_event(
                event=obj.event,
                name=obj.name,
                email=obj.email,
                organisation=obj.organisation,
                country=obj.country,
                language=obj.language,
                base_url=site_base_url(request),
            )
        except RegistrationRefused as refusal:
            # The admin has no clean hook for service errors after validation; keep the
            # row unsaved and tell the organiser why.
            self.message_user(request, refusal.message, level=messages.ERROR)
            obj.pk = None
            return
        obj.pk = registration.pk
        obj.status = registration.status
        obj.token = registration.token

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(
        description=_("Cancel the selected registrations (promotes the waiting list)"), permissions=["change"]
    )
    def cancel_selected(self, request, queryset):
        for registration in queryset:
            cancel_registration(registration=registration, base_url=site_base_url(request))
        self.message_user(request, _("Registrations cancelled."))


@admin.register(Announcement)
class AnnouncementAdmin(TranslationAdmin):
    list_display = ["title", "published_at", "event"]
    list_filter = ["published_at"]
    search_fields = ["title_en", "title_de", "title_zh_hans"]
    date_hierarchy = "published_at"
    raw_id_fields = ["event"]
    filter_horizontal = ["companies"]
    list_select_related = ["event"]
