"""Staff admin of companies, sectors, alliance cities, the cooperation board and inquiries.

Who may do what follows the Django model permissions of the roles in zone_portal/roles.py:
"Zone staff" change everything here, "Viewers" only read.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.forms import ChoicesWithOtherField
from core.history import HistoryAdmin
from core.imports import SpreadsheetAdmin
from core.uploads import IMAGE_FIELD_OVERRIDES

from . import services
from .models import (
    City,
    Company,
    ContactPerson,
    Cooperation,
    CooperationKind,
    Country,
    Inquiry,
    InquiryStatus,
    InquiryTopic,
    Language,
    Outcome,
    SearchTerm,
    Sector,
)
from .resources import CityResource, CompanyResource, ContactPersonResource

# Addresses typed without a scheme are taken as https (Django 6's default, asked for now).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}

# Fieldset titles name each language in itself, as language switchers do, so they are not
# translated: a German editor looks for "Deutsch", a Chinese one for "中文".
LANGUAGE_FIELDSETS = [("English", "en"), ("Deutsch", "de"), ("中文", "zh_hans")]


def per_language(*fields, classes=()):
    """Return one fieldset per language holding that language's columns of ``fields``."""
    return [
        (title, {"fields": [f"{field}_{suffix}" for field in fields], "classes": classes})
        for title, suffix in LANGUAGE_FIELDSETS
    ]


class MembershipFilter(admin.SimpleListFilter):
    title = _("zone membership")
    parameter_name = "member"

    def lookups(self, request, model_admin):
        return [("yes", _("Members")), ("no", _("Not members"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(member_since__isnull=False)
        if self.value() == "no":
            return queryset.filter(member_since__isnull=True)
        return queryset


class VerifiedFilter(admin.SimpleListFilter):
    title = _("last verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("due", _("Not for a year or never")), ("year", _("Within the past year"))]

    def queryset(self, request, queryset):
        due = timezone.localdate() - datetime.timedelta(days=365)
        if self.value() == "due":
            return queryset.filter(Q(verified_on__isnull=True) | Q(verified_on__lt=due))
        if self.value() == "year":
            return queryset.filter(verified_on__gte=due)
        return queryset


_LISTED_LANGUAGES = ContactPerson._meta.get_field("languages")
_OTHER_LANGUAGES = ContactPerson._meta.get_field("other_languages")


class ContactPersonForm(forms.ModelForm):
    """A contact person, whose languages take one column: the list's checkboxes and, below
    them, a box for other languages (both model fields, ``languages`` and ``other_languages``)."""

    languages = ChoicesWithOtherField(
        choices=Language.choices,
        label=capfirst(_LISTED_LANGUAGES.verbose_name),
        help_text=format_lazy("{} {}", _LISTED_LANGUAGES.help_text, _OTHER_LANGUAGES.help_text),
        other_label=capfirst(_OTHER_LANGUAGES.verbose_name),
        other_max_length=_OTHER_LANGUAGES.max_length,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["languages"] = [self.instance.languages, self.instance.other_languages]

    def clean(self):
        cleaned_data = super().clean()
        if "languages" in cleaned_data:
            # The codes go to the model's field as usual; the other languages have no form field
            # of their own (their box is part of this one), so they go to the instance here.
            cleaned_data["languages"], self.instance.other_languages = cleaned_data["languages"]
        return cleaned_data


class ContactPersonInline(TranslationTabularInline):
    model = ContactPerson
    form = ContactPersonForm
    fields = ["name", "role", "languages", "email", "phone", "is_public", "position"]
    extra = 0

    # static/css/admin.css narrows the inputs and sets the language boxes in two columns, so
    # that the row fits a laptop screen.

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Read only, the admin would print the stored codes ("de, en"): the labels in the
        # admin's language instead, and the other languages after them.
        return ["languages_spoken" if field == "languages" else field for field in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if self.has_change_permission(request, obj) else [*readonly, "languages_spoken"]

    @admin.display(description=_("languages spoken"))
    def languages_spoken(self, contact):
        return contact.get_languages_display()


@admin.register(Company)
class CompanyAdmin(SpreadsheetAdmin, HistoryAdmin, TranslationAdmin):
    list_display = ["logo_preview", "name", "country", "city", "status", "member", "featured"]
    list_display_links = ["logo_preview", "name"]
    list_filter = ["country", "sectors", "city", "status", MembershipFilter, "featured", VerifiedFilter]
    # Fallback does not apply in queries: each language's column is searched.
    search_fields = ["name_en", "name_de", "name_zh_hans", "slug", "email"]
    list_select_related = ["city"]
    list_per_page = 50
    ordering = ["name_en"]
    autocomplete_fields = ["sectors", "city"]
    inlines = [ContactPersonInline]
    readonly_fields = ["zone_terms", "logo_preview_large", "created_at", "updated_at"]
    formfield_overrides = {**URL_FIELD_OVERRIDES, **IMAGE_FIELD_OVERRIDES}
    actions = ["publish", "archive", "feature", "unfeature", "mark_verified"]
    # Import and export (docs/IMPORT.md): companies, or the contact people of the listed companies.
    resource_classes = [CompanyResource, ContactPersonResource]

    # Sections by task; the German and Chinese texts, the logo and the record fold away
    # (Django opens a folded section that holds an error).
    fieldsets = [
        (_("Identity"), {"fields": ["slug", "status", "featured", "country", "city", "sectors", "zone_terms"]}),
        *[
            (title, {**options, "classes": [] if title == "English" else ["collapse"]})
            for title, options in per_language("name", "summary", "profile", "services", "headquarters", "address")
        ],
        (_("Membership"), {"fields": ["member_since", "verified_on"]}),
        (_("Facts"), {"fields": ["founded_year", "size"]}),
        (_("Public contact"), {"fields": ["website", "email", "phone"]}),
        (_("Logo"), {"fields": ["logo", "logo_preview_large"], "classes": ["collapse"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("Words the zone uses"))
    def zone_terms(self, company):
        """The search terms of the company's sectors, so a profile uses the words visitors search for."""
        terms = SearchTerm.objects.filter(sectors__in=company.sectors.all()).distinct() if company.pk else []
        if not terms:
            return _("None for these sectors. Terms are kept under Companies › Search terms.")
        return format_html_join(
            "", "<p><strong>{}</strong>: {}</p>", ((term.name, " · ".join(term.forms())) for term in terms)
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # The slug is the company's public address: made once, never edited (links and QR codes use it).
        return [*readonly, "slug"] if obj is not None else readonly

    @admin.display(description=_("logo"))
    def logo_preview(self, company):
        if not company.logo_small:
            return ""
        return format_html('<img src="{}" alt="" width="40" height="40" class="admin-logo">', company.logo_small.url)

    @admin.display(description=_("resized logo shown on the pages"))
    def logo_preview_large(self, company):
        if not company.logo_small:
            return _("No logo yet.")
        return format_html('<img src="{}" alt="" class="admin-logo-large">', company.logo_small.url)

    @admin.display(description=_("member"), boolean=True, ordering="member_since")
    def member(self, company):
        return company.is_member

    # Every write goes through companies.services, so the search data, the directory's
    # cached counts (in every process) and the history follow whatever staff do here.
    def save_model(self, request, obj, form, change):
        """Save nothing yet: save_related saves the company with its sectors through the service."""

    def save_related(self, request, form, formsets, change):
        # The admin writes the history entry itself, with the changed fields (log=False).
        services.save_company(
            company=form.instance, user=request.user, sectors=form.cleaned_data["sectors"], log=False
        )
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        services.delete_companies(companies=[obj], user=None)  # the admin logs the deletion itself

    def delete_queryset(self, request, queryset):
        # The stock "delete selected" logs each deletion before calling this.
        services.delete_companies(companies=queryset, user=None)

    def _done(self, request, message, count):
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected companies"), permissions=["change"])
    def publish(self, request, queryset):
        count = services.publish_companies(companies=queryset, user=request.user)
        self._done(
            request, ngettext("%(count)d company was published.", "%(count)d companies were published.", count), count
        )

    @admin.action(description=_("Archive the selected companies"), permissions=["change"])
    def archive(self, request, queryset):
        count = services.archive_companies(companies=queryset, user=request.user)
        self._done(
            request, ngettext("%(count)d company was archived.", "%(count)d companies were archived.", count), count
        )

    @admin.action(description=_("Confirm the selected profiles are current"), permissions=["change"])
    def mark_verified(self, request, queryset):
        count = services.mark_verified(companies=queryset, user=request.user)
        self._done(
            request,
            ngettext(
                "%(count)d profile was marked as verified today.",
                "%(count)d profiles were marked as verified today.",
                count,
            ),
            count,
        )

    @admin.action(description=_("Feature the selected companies on the home page"), permissions=["change"])
    def feature(self, request, queryset):
        count = services.set_featured(companies=queryset, featured=True, user=request.user)
        self._done(
            request,
            ngettext("%(count)d company is now featured.", "%(count)d companies are now featured.", count),
            count,
        )

    @admin.action(description=_("Stop featuring the selected companies"), permissions=["change"])
    def unfeature(self, request, queryset):
        count = services.set_featured(companies=queryset, featured=False, user=request.user)
        self._done(
            request,
            ngettext("%(count)d company is no longer featured.", "%(count)d companies are no longer featured.", count),
            count,
        )


@admin.register(City)
class CityAdmin(SpreadsheetAdmin, HistoryAdmin, TranslationAdmin):
    resource_classes = [CityResource]
    list_display = ["name", "country", "region", "joined_alliance_on", "company_count"]
    list_filter = ["country"]
    search_fields = ["name_en", "name_de", "name_zh_hans", "slug", "region_en", "region_de", "region_zh_hans"]
    ordering = ["country", "name_en"]
    autocomplete_fields = ["partner_cities"]
    formfield_overrides = URL_FIELD_OVERRIDES
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "country", "joined_alliance_on", "website", "partner_cities"]}),
        (_("Location"), {"fields": ["latitude", "longitude"]}),
        *per_language("name", "region", "description"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(company_count=Count("companies", distinct=True))

    @admin.display(description=_("companies"), ordering="company_count")
    def company_count(self, city):
        return city.company_count

    def save_model(self, request, obj, form, change):
        """Save nothing yet: save_related saves the city with its partners through the service."""

    def save_related(self, request, form, formsets, change):
        partners = form.cleaned_data["partner_cities"]
        services.save_city(city=form.instance, user=request.user, partner_cities=partners, log=False)
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        services.delete_cities(cities=[obj], user=None)  # the admin logs the deletion itself

    def delete_queryset(self, request, queryset):
        services.delete_cities(cities=queryset, user=None)


@admin.register(Sector)
class SectorAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "slug", "nace_code", "company_count"]
    search_fields = ["name_en", "name_de", "name_zh_hans", "slug", "nace_code"]
    ordering = ["name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "nace_code"]}),
        *per_language("name"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(company_count=Count("companies", distinct=True))

    @admin.display(description=_("companies"), ordering="company_count")
    def company_count(self, sector):
        return sector.company_count

    def save_model(self, request, obj, form, change):
        services.save_sector(sector=obj, user=request.user, log=False)  # the admin logs it itself

    def delete_model(self, request, obj):
        services.delete_sectors(sectors=[obj], user=None)  # the admin logs the deletion itself

    def delete_queryset(self, request, queryset):
        services.delete_sectors(sectors=queryset, user=None)


@admin.register(SearchTerm)
class SearchTermAdmin(HistoryAdmin, TranslationAdmin):
    """The terms that widen searches (companies.search): a search for any form finds all."""

    list_display = ["name", "name_de", "name_zh_hans", "synonym_summary", "updated_at"]
    list_filter = ["sectors"]
    search_fields = ["name_en", "name_de", "name_zh_hans", "synonyms"]
    ordering = ["name_en"]
    filter_horizontal = ["sectors"]
    fieldsets = [
        *per_language("name"),
        (None, {"fields": ["synonyms", "sectors"]}),
    ]

    @admin.display(description=_("synonyms"))
    def synonym_summary(self, term):
        return " · ".join(term.synonym_list())

    def save_model(self, request, obj, form, change):
        """Save nothing yet: save_related saves the term with its sectors through the service."""

    def save_related(self, request, form, formsets, change):
        sectors = form.cleaned_data["sectors"]
        services.save_search_term(term=form.instance, user=request.user, sectors=sectors, log=False)
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        services.delete_search_terms(terms=[obj], user=None)  # the admin logs the deletion itself

    def delete_queryset(self, request, queryset):
        services.delete_search_terms(terms=queryset, user=None)


# --- Cooperation board --------------------------------------------------------------------


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "valid"

    def lookups(self, request, model_admin):
        return [("current", _("Still valid")), ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(valid_until__gte=today)
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=today)
        return queryset


@admin.register(Cooperation)
class CooperationAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["title", "direction", "kind", "shown_company", "country", "status", "valid_until"]
    list_filter = ["status", "direction", "kind", ValidityFilter, "anonymous", "country", "sectors"]
    search_fields = ["title_en", "title_de", "title_zh_hans", "organisation", "company__name_en", "contact_email"]
    list_select_related = ["company"]
    autocomplete_fields = ["company", "sectors"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    date_hierarchy = "valid_until"
    actions = ["publish", "close"]
    fieldsets = [
        (None, {"fields": ["direction", "kind", "status", "valid_until", "slug"]}),
        *per_language("title", "description"),
        (_("Who"), {"fields": ["company", "organisation", "anonymous", "country", "target_country", "sectors"]}),
        (_("Proposed by"), {"fields": ["contact_name", "contact_email"]}),
        (_("Record"), {"fields": ["published_at", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("company"), ordering="company__name")
    def shown_company(self, entry):
        name = entry.company.name if entry.company_id else entry.organisation
        return format_html("{} <em>({})</em>", name, _("name withheld")) if entry.anonymous else name

    def save_model(self, request, obj, form, change):
        """Save nothing yet: save_related saves the entry with its sectors through the service."""

    def save_related(self, request, form, formsets, change):
        services.save_cooperation(
            cooperation=form.instance, user=request.user, sectors=form.cleaned_data["sectors"], log=False
        )
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        services.delete_cooperations(cooperations=[obj], user=None)  # the admin logs the deletion itself

    def delete_queryset(self, request, queryset):
        services.delete_cooperations(cooperations=queryset, user=None)

    @admin.action(description=_("Publish the selected entries"), permissions=["change"])
    def publish(self, request, queryset):
        published, refused = services.publish_cooperations(cooperations=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d entry was published.", "%(count)d entries were published.", published)
            % {"count": published},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry names no company or organisation and was not published.",
                    "%(count)d entries name no company or organisation and were not published.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    @admin.action(description=_("Close the selected entries"), permissions=["change"])
    def close(self, request, queryset):
        count = services.close_cooperations(cooperations=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d entry was closed.", "%(count)d entries were closed.", count) % {"count": count},
            messages.SUCCESS,
        )


# --- Inquiries ----------------------------------------------------------------------------

# An inquiry nobody has handled after this long is overdue.
OVERDUE_AFTER = datetime.timedelta(days=3)


class AgeFilter(admin.SimpleListFilter):
    title = _("received")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [
            ("today", _("Today")),
            ("week", _("Past 7 days")),
            ("month", _("Past 30 days")),
            ("older", _("More than 30 days ago")),
            ("overdue", _("New for more than 3 days")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        since = {
            "today": now.replace(hour=0, minute=0, second=0, microsecond=0),
            "week": now - datetime.timedelta(days=7),
            "month": now - datetime.timedelta(days=30),
        }
        if self.value() in since:
            return queryset.filter(created_at__gte=since[self.value()])
        if self.value() == "older":
            return queryset.filter(created_at__lt=now - datetime.timedelta(days=30))
        if self.value() == "overdue":
            return queryset.filter(status=InquiryStatus.NEW, created_at__lt=now - OVERDUE_AFTER)
        return queryset


class RecipientFilter(admin.SimpleListFilter):
    title = _("addressed to")
    parameter_name = "to"

    def lookups(self, request, model_admin):
        return [("company", _("A company")), ("entry", _("A cooperation entry")), ("zone", _("The zone"))]

    def queryset(self, request, queryset):
        if self.value() == "entry":
            return queryset.filter(cooperation__isnull=False)
        if self.value() == "company":
            return queryset.filter(cooperation__isnull=True, company__isnull=False)
        if self.value() == "zone":
            return queryset.filter(cooperation__isnull=True, company__isnull=True)
        return queryset


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "name",
        "organisation",
        "country",
        "recipient",
        "topic",
        "status",
        "assignee",
        "outcome",
    ]
    list_display_links = ["created_at", "name"]
    list_filter = [
        "status",
        "topic",
        AgeFilter,
        RecipientFilter,
        ("company", admin.RelatedOnlyFieldListFilter),
        "country",
        "outcome",
        "assignee",
        "language",
    ]
    search_fields = ["name", "email", "organisation", "message", "company__name_en", "company__name_zh_hans"]
    list_select_related = ["company", "cooperation", "assignee"]
    autocomplete_fields = ["company", "cooperation"]
    date_hierarchy = "created_at"
    actions = ["forward", "mark_answered", "mark_closed", "mark_spam"]
    readonly_fields = ["consent_at", "forwarded_at", "forwarded_to", "created_at", "updated_at"]
    fieldsets = [
        (_("Brokering"), {"fields": ["status", "assignee", "notes"]}),
        (_("Outcome"), {"fields": ["outcome", "outcome_on"]}),
        (_("To"), {"fields": ["company", "cooperation", "forwarded_to", "forwarded_at"]}),
        (
            _("From"),
            {"fields": ["name", "email", "organisation", "country", "phone", "wechat_id", "language", "consent_at"]},
        ),
        (_("Message"), {"fields": ["topic", "message", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("to"))
    def recipient(self, inquiry):
        return inquiry.recipient_label

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.save_inquiry(inquiry=obj, user=request.user, log=False)

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [path("report/", report, name="companies_inquiry_report"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "report_url": reverse("admin:companies_inquiry_report")}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Forward to the company (in its language)"), permissions=["change"])
    def forward(self, request, queryset):
        forwarded, skipped = services.forward_inquiries(inquiries=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d inquiry was forwarded.", "%(count)d inquiries were forwarded.", forwarded)
            % {"count": forwarded},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d inquiry was not forwarded (spam, for the zone itself, or no company email).",
                    "%(count)d inquiries were not forwarded (spam, for the zone itself, or no company email).",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    def _set_status(self, request, queryset, status):
        count = services.set_inquiry_status(inquiries=queryset, status=status, user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d inquiry was changed.", "%(count)d inquiries were changed.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as answered"), permissions=["change"])
    def mark_answered(self, request, queryset):
        self._set_status(request, queryset, InquiryStatus.ANSWERED)

    @admin.action(description=_("Mark as closed"), permissions=["change"])
    def mark_closed(self, request, queryset):
        self._set_status(request, queryset, InquiryStatus.CLOSED)

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, InquiryStatus.SPAM)

    def report_view(self, request):
        """Contacts and outcomes per month, country, sector and topic: how many contacts became deals."""
        if not request.user.has_perm("companies.view_inquiry_report"):
            raise PermissionDenied
        inquiries = Inquiry.objects.exclude(status=InquiryStatus.SPAM)
        outcome_counts = {
            outcome.value: Count("pk", filter=Q(outcome=outcome.value), distinct=True) for outcome in Outcome
        }

        def table(column, labels=None):
            rows = inquiries.values(column).annotate(contacts=Count("pk", distinct=True), **outcome_counts)
            rows = rows.order_by(column)
            return [
                {
                    "label": (labels or {}).get(row[column], row[column])
                    if row[column] not in (None, "")
                    else _("None"),
                    "contacts": row["contacts"],
                    "outcomes": [row[outcome.value] for outcome in Outcome],
                }
                for row in rows
            ]

        months = inquiries.annotate(month=TruncMonth("created_at")).values("month")
        months = months.annotate(contacts=Count("pk", distinct=True), **outcome_counts).order_by("-month")
        sector_labels = dict(Sector.objects.values_list("pk", "name"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Inquiries: contacts and outcomes"),
            "outcomes": [outcome.label for outcome in Outcome],
            "tables": [
                (
                    _("Per month"),
                    [
                        {
                            "label": row["month"],
                            "contacts": row["contacts"],
                            "outcomes": [row[outcome.value] for outcome in Outcome],
                        }
                        for row in months
                    ],
                ),
                (_("Per country of the sender"), table("country", dict(Country.choices))),
                (_("Per topic"), table("topic", dict(InquiryTopic.choices))),
                (_("Per sector of the company"), table("company__sectors", sector_labels)),
                (_("Per kind of cooperation entry"), table("cooperation__kind", dict(CooperationKind.choices))),
            ],
        }
        totals = inquiries.aggregate(contacts=Count("pk"), **outcome_counts)
        context["totals"] = {
            "contacts": totals["contacts"],
            "outcomes": [(outcome.label, totals[outcome.value]) for outcome in Outcome],
        }
        return TemplateResponse(request, "admin/companies/inquiry/report.html", context)
