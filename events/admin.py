"""The organisers' admin: venues, events, registrations and announcements.

Organisers have no permission on companies or cities, so the relations to them use
filter_horizontal (a plain select box filled by this admin's own form) rather than
autocomplete_fields, which would need the view permission of the companies admin.
"""

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from companies.admin import URL_FIELD_OVERRIDES
from core.forms import ZonedAdminSplitDateTime, ZonedSplitDateTimeField, zone_label
from core.history import HistoryAdmin
from core.spreadsheets import csv_response
from core.uploads import IMAGE_FIELD_OVERRIDES

from . import services
from .models import TIME_ZONE_COUNTRY, Announcement, Event, Registration, RegistrationStatus, TimeZoneChoice, Venue
from .services import RegistrationRefused, register_for_event


def site_base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


# Every datetime of these forms is entered in a named time zone rather than the active one.
ZONED_DATETIMES = {
    **URL_FIELD_OVERRIDES,
    models.DateTimeField: {"form_class": ZonedSplitDateTimeField, "widget": ZonedAdminSplitDateTime},
}
# The zone's own time (Foshan), in which staff enter and read publication times.
ZONE_TIME_ZONE = TimeZoneChoice.SHANGHAI


def use_zone(field, zone_name, at=None):
    zone = ZoneInfo(zone_name)
    field.set_zone(zone, zone_label(zone, TIME_ZONE_COUNTRY[zone_name], at))


class EventAdminForm(forms.ModelForm):
    """The event form: start, end and registration times in the event's own time zone.

    An organiser types 10:00 for a forum at 10:00 in Foshan. The zone is the one chosen in
    the form (so changing it re-reads the times in the new zone) or else the event's.
    The publication time is in the zone's time, like every other publication time.
    """

    EVENT_TIMES = ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone_name = self.data.get("time_zone") if self.is_bound else None
        if zone_name not in TimeZoneChoice.values:
            zone_name = self.instance.time_zone if self.instance.time_zone in TimeZoneChoice.values else ZONE_TIME_ZONE
        for name in self.EVENT_TIMES:
            if name in self.fields:
                use_zone(self.fields[name], zone_name, self.instance.starts_at)
        if "publish_at" in self.fields:
            use_zone(self.fields["publish_at"], ZONE_TIME_ZONE)


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "city", "website"]
    list_filter = ["city"]
    search_fields = ["name_en", "name_de", "name_zh_hans", "address_en"]
    list_select_related = ["city"]

    def save_model(self, request, obj, form, change):
        services.save_venue(venue=obj, user=request.user, log=False)  # the admin logs it itself

    def delete_model(self, request, obj):
        services.delete_venues(venues=[obj], user=None)  # the admin logs the deletion itself

    def delete_queryset(self, request, queryset):
        services.delete_venues(venues=queryset, user=None)


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
class EventAdmin(HistoryAdmin, TranslationAdmin):
    form = EventAdminForm
    formfield_overrides = {**ZONED_DATETIMES, **IMAGE_FIELD_OVERRIDES}
    list_display = ["title", "kind", "local_start", "status", "places_taken", "places_left_display"]
    list_filter = ["kind", "status", WhenFilter, "cities"]
    search_fields = ["title_en", "title_de", "title_zh_hans", "slug"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["cities", "participants"]
    list_select_related = ["venue"]
    readonly_fields = ["image_preview", "published_at", "created_at", "updated_at", "registrations_link"]
    inlines = [RegistrationInline]
    actions = ["publish", "cancel", "duplicate", "export_attendees"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body", "organiser", "image", "image_preview"]}),
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
        (_("Publication"), {"fields": ["status", "publish_at", "published_at", "created_at", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        # One annotated query for the changelist's places columns, whatever the row count.
        return (
            super()
            .get_queryset(request)
            .annotate(
                places_taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
            )
        )

    def save_model(self, request, obj, form, change):
        # The admin writes the history entry itself, with the changed fields (log=False).
        services.save_event(event=obj, user=request.user, log=False, base_url=site_base_url(request))

    def delete_model(self, request, obj):
        services.delete_events(events=[obj], user=None)  # the admin logs the deletion itself

    def delete_queryset(self, request, queryset):
        # The stock "delete selected" logs each deletion before calling this.
        services.delete_events(events=queryset, user=None)

    @admin.display(description=_("starts at"), ordering="starts_at")
    def local_start(self, event):
        """The start in the event's own time zone, named, as the form shows it."""
        start = timezone.localtime(event.starts_at, event.zone)
        return f"{format_date(start, 'DATETIME_FORMAT')} ({event.country_label})"

    @admin.display(description=_("resized image shown on the pages"))
    def image_preview(self, event):
        if not event.image_small:
            return _("No image yet.")
        return format_html('<img src="{}" alt="" class="admin-image-preview">', event.image_small.url)

    def has_view_registrations_permission(self, request):
        return request.user.has_perm("events.view_registration")

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
            services.publish_event(event=event, user=request.user)
        self.message_user(
            request, ngettext("%d event published.", "%d events published.", len(queryset)) % len(queryset)
        )

    @admin.action(description=_("Cancel the selected events and email their registrants"), permissions=["change"])
    def cancel(self, request, queryset):
        told = sum(
            services.cancel_event(event=event, user=request.user, base_url=site_base_url(request))
            for event in queryset
        )
        message = ngettext(
            "Events cancelled; %(count)d registrant is being emailed.",
            "Events cancelled; %(count)d registrants are being emailed.",
            told,
        )
        self.message_user(request, message % {"count": told})

    @admin.action(description=_("Duplicate the selected events as drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [services.duplicate_event(event=event, user=request.user) for event in queryset]
        self.message_user(request, ngettext("%d draft copy made.", "%d draft copies made.", len(copies)) % len(copies))

    # Attendees' personal data: for those who may see registrations, not for everyone who sees events.
    @admin.action(
        description=_("Export the attendees of the selected events (CSV)"), permissions=["view_registrations"]
    )
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
    """Registrations change only through events.services: adding respects capacity and the
    waiting list as on the public form; organisers cancel (never delete) and may erase a
    person's data on request, which keeps the row so the event's figures stay right."""

    list_display = ["name", "email", "event", "status", "organisation", "country", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    actions = ["cancel_selected", "erase_personal_data"]

    def get_readonly_fields(self, request, obj=None):
        # Status changes only through the actions; a registration never moves to another event.
        if obj is None:
            return ["status"]
        return ["event", "status", "created_at", "updated_at", "erased_at"]

    def has_erase_permission(self, request):
        return request.user.has_perm("events.erase_registration")

    def save_model(self, request, obj, form, change):
        if change:
            # Only the person's details (name, email, organisation...) can change here.
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
                user=request.user,
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

    def log_addition(self, request, obj, message):
        """register_for_event has logged the addition already."""

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def delete_model(self, request, obj):
        # Only superusers have the delete permission; the admin logs the deletion itself.
        services.delete_registrations(registrations=[obj], user=None, base_url=site_base_url(request))

    def delete_queryset(self, request, queryset):
        services.delete_registrations(registrations=queryset, user=None, base_url=site_base_url(request))

    @admin.action(
        description=_("Cancel the selected registrations (promotes the waiting list)"), permissions=["change"]
    )
    def cancel_selected(self, request, queryset):
        for registration in queryset:
            services.cancel_registration(registration=registration, user=request.user, base_url=site_base_url(request))
        self.message_user(request, _("Registrations cancelled."))

    @admin.action(
        description=_("Erase the personal data of the selected registrants (on their request)"),
        permissions=["erase"],
    )
    def erase_personal_data(self, request, queryset):
        erased = sum(
            services.erase_registration(registration=registration, user=request.user, base_url=site_base_url(request))
            for registration in queryset
        )
        message = ngettext(
            "The personal data of %(count)d registrant was erased.",
            "The personal data of %(count)d registrants was erased.",
            erased,
        )
        self.message_user(request, message % {"count": erased})


class AnnouncementAdminForm(forms.ModelForm):
    """Announcements are published at a time in the zone's own time zone (China)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields:
            use_zone(self.fields["published_at"], ZONE_TIME_ZONE)


@admin.register(Announcement)
class AnnouncementAdmin(HistoryAdmin, TranslationAdmin):
    form = AnnouncementAdminForm
    formfield_overrides = ZONED_DATETIMES
    list_display = ["title", "local_publication", "event"]
    list_filter = ["published_at"]
    search_fields = ["title_en", "title_de", "title_zh_hans"]
    date_hierarchy = "published_at"
    raw_id_fields = ["event"]
    filter_horizontal = ["companies"]
    list_select_related = ["event"]

    def save_model(self, request, obj, form, change):
        services.save_announcement(announcement=obj, user=request.user, log=False)  # the admin logs it itself

    def delete_model(self, request, obj):
        services.delete_announcements(announcements=[obj], user=None)  # the admin logs the deletion itself

    def delete_queryset(self, request, queryset):
        services.delete_announcements(announcements=queryset, user=None)

    @admin.display(description=_("publication time"), ordering="published_at")
    def local_publication(self, announcement):
        """The publication time in the zone's time (China), as the form shows it."""
        if announcement.published_at is None:
            return _("Draft")
        published = timezone.localtime(announcement.published_at, ZoneInfo(ZONE_TIME_ZONE))
        return f"{format_date(published, 'DATETIME_FORMAT')} ({TIME_ZONE_COUNTRY[ZONE_TIME_ZONE]})"
