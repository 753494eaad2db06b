"""Staff admin of companies, sectors and alliance cities.

Who may do what follows the Django model permissions of the roles in zone_portal/roles.py:
"Zone staff" change everything here, "Viewers" only read.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.spreadsheets import csv_response
from core.uploads import IMAGE_FIELD_OVERRIDES

from . import services
from .models import City, Company, ContactPerson, Sector

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


class ContactPersonInline(TranslationTabularInline):
    model = ContactPerson
    fields = ["name", "role", "languages", "email", "phone", "is_public", "position"]
    extra = 0


@admin.register(Company)
class CompanyAdmin(TranslationAdmin):
    list_display = ["logo_preview", "name", "country", "city", "status", "member", "featured"]
    list_display_links = ["logo_preview", "name"]
    list_filter = ["country", "sectors", "city", "status", MembershipFilter, "featured"]
    # Fallback does not apply in queries: each language's column is searched.
    search_fields = ["name_en", "name_de", "name_zh_hans", "slug", "email"]
    list_select_related = ["city"]
    list_per_page = 50
    ordering = ["name_en"]
    autocomplete_fields = ["sectors", "city"]
    inlines = [ContactPersonInline]
    readonly_fields = ["logo_preview_large", "created_at", "updated_at"]
    formfield_overrides = {**URL_FIELD_OVERRIDES, **IMAGE_FIELD_OVERRIDES}
    actions = ["publish", "archive", "feature", "unfeature", "export_csv"]

    fieldsets = [
        (None, {"fields": ["slug", "status", "featured", "country", "city", "sectors"]}),
        *per_language("name", "summary", "profile", "services", "headquarters", "address"),
        (_("Facts"), {"fields": ["founded_year", "size", "member_since"]}),
        (_("Public contact"), {"fields": ["website", "email", "phone"]}),
        (_("Logo"), {"fields": ["logo", "logo_preview_large"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

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

    @admin.action(description=_("Export the selected companies (CSV for Excel)"), permissions=["view"])
    def export_csv(self, request, queryset):
        """Download the selection with every language's name and the public contact details."""
        companies = queryset.select_related("city").prefetch_related("sectors").order_by("name_en")
        header = [
            _("Slug"),
            "Name (English)",
            "Name (Deutsch)",
            "名称（中文）",
            _("Country of origin"),
            _("Sectors"),
            _("Alliance city"),
            _("Size"),
            _("Year founded"),
            _("Zone member since"),
            _("Status"),
            _("Website"),
            _("Email"),
            _("Phone"),
        ]
        rows = (
            (
                company.slug,
                company.name_en,
                company.name_de,
                company.name_zh_hans,
                company.get_country_display(),
                "; ".join(sector.name_en for sector in company.sectors.all()),
                company.city.name_en if company.city else "",
                company.get_size_display(),
                company.founded_year,
                company.member_since.isoformat() if company.member_since else "",
                company.get_status_display(),
                company.website,
                company.email,
                company.phone,
            )
            for company in companies
        )
        return csv_response(f"companies-{timezone.localdate().isoformat()}.csv", header, rows)


@admin.register(City)
class CityAdmin(TranslationAdmin):
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
class SectorAdmin(TranslationAdmin):
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
