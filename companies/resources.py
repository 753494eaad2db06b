"""Spreadsheet columns of companies, their contact people and the alliance cities (django-import-export).

One row per company (per contact, per city); each language's text in its own column
(``name_en``, ``name_de``, ``name_zh_hans``); sectors and cities by name in any of the three
languages or by slug. Companies and cities are written through ``companies.services``, so the
search data, the directory's cache version and the history follow an import as they follow
the admin's form. See docs/IMPORT.md.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.instance_loaders import CachedInstanceLoader
from import_export.widgets import DateWidget, ForeignKeyWidget

from core.audit import ADDITION, log_change
from core.imports import (
    ChoiceListWidget,
    ChoiceWidget,
    NamedForeignKeyWidget,
    NamedManyToManyWidget,
    SpreadsheetResource,
    WebsiteWidget,
    YearWidget,
)
from core.models import unique_slug

from . import services
from .models import (
    LANGUAGE_ALIASES,
    City,
    Company,
    CompanyStatus,
    ContactPerson,
    Country,
    Language,
    Sector,
    SizeClass,
)

TEXTS = ("summary", "profile", "services", "headquarters", "address")
LANGUAGES = ("en", "de", "zh_hans")


def per_language(*names):
    return tuple(f"{name}_{suffix}" for name in names for suffix in LANGUAGES)


# Logos come as files, checked by the upload policy (core/uploads.py); fetching a link given
# in a spreadsheet would make the server request any address someone typed.
LOGO_COLUMNS = ("logo", "logo_url")


class CompanyResource(SpreadsheetResource):
    country = Field(attribute="country", column_name="country", widget=ChoiceWidget(Country))
    status = Field(attribute="status", column_name="status", widget=ChoiceWidget(CompanyStatus))
    size = Field(attribute="size", column_name="size", widget=ChoiceWidget(SizeClass))
    city = Field(
        attribute="city",
        column_name="city",
        widget=NamedForeignKeyWidget(City, gettext_lazy("Unknown alliance city “%(name)s”.")),
    )
    sectors = Field(
        attribute="sectors",
        column_name="sectors",
        widget=NamedManyToManyWidget(Sector, gettext_lazy("Unknown sector “%(name)s”.")),
    )
    founded_year = Field(attribute="founded_year", column_name="founded_year", widget=YearWidget())
    member_since = Field(attribute="member_since", column_name="member_since", widget=DateWidget("%Y-%m-%d"))
    website = Field(attribute="website", column_name="website", widget=WebsiteWidget())

    unique_columns = ("slug", "name_en")
    extra_columns = LOGO_COLUMNS

    class Meta:
        model = Company
        name = gettext_lazy("Companies")
        fields = (
            "slug",
            *per_language("name"),
            "country",
            "city",
            "sectors",
            "status",
            "size",
            "founded_year",
            "member_since",
            "website",
            "email",
            "phone",
            *per_language(*TEXTS),
        )
        export_order = fields
        import_id_fields = ["slug"]
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Company.objects.select_related("city").prefetch_related("sectors")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("city").prefetch_related("sectors").order_by("name_en", "pk")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # English names are how staff tell companies apart: a second company of the same name is
        # almost always the first one typed again.
        self.english_names = {
            name.strip().casefold(): (pk, slug)
            for pk, slug, name in Company.objects.values_list("pk", "slug", "name_en")
        }

    def import_instance(self, instance, row, **kwargs):
        instance.imported_sectors = None
        super().import_instance(instance, row, **kwargs)

    def check_row(self, instance, row, errors):
        for column in LOGO_COLUMNS:
            if str(row.get(column) or "").strip():
                errors.setdefault(column, []).append(
                    ValidationError(
                        _("Logos are not imported from links: upload the logo on the company’s page in the admin."),
                        code="logo_url",
                    )
                )
        if "sectors" in row:
            try:
                instance.imported_sectors = self.fields["sectors"].clean(row)
            except ValueError as error:
                errors.setdefault("sectors", []).append(ValidationError(str(error), code="unknown_sector"))
        name = (instance.name_en or "").strip().casefold()
        other = self.english_names.get(name)
        if name and other and other[0] != instance.pk and "name_en" not in errors:
            errors["name_en"] = [
                ValidationError(
                    _(
                        "Another company is already called “%(name)s” (slug %(slug)s). "
                        "To change that company, put its slug in the slug column."
                    )
                    % {"name": instance.name_en, "slug": other[1]},
                    code="duplicate",
                )
            ]

    def write(self, pending, *, user):
        services.save_companies(
            companies=[(company, company.imported_sectors) for company, _is_create in pending], user=user
        )


class CompanySlugWidget(ForeignKeyWidget):
    """The company a contact works for, by the company's slug."""

    def __init__(self, **kwargs):
        super().__init__(Company, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        slug = "" if value is None else str(value).strip()
        if not slug:
            return None
        company = Company.objects.filter(slug=slug).first()
        if company is None:
            raise ValueError(_("No company has the slug “%(slug)s”.") % {"slug": slug})
        return company


class ContactPersonResource(SpreadsheetResource):
    """Contact people, one per row, found again by their company and name.

    In the companies' admin: the export holds the contacts of the companies the list shows.
    """

    company = Field(attribute="company", column_name="company", widget=CompanySlugWidget())
    # Codes (de; en; zh) on export; on import also the languages' names in English, German or
    # Chinese ("Deutsch, Englisch", "德语、英语", "Mandarin"). A language not in the list goes
    # in other_languages, as written.
    languages = Field(
        attribute="languages", column_name="languages", widget=ChoiceListWidget(Language, aliases=LANGUAGE_ALIASES)
    )

    unique_columns = (("company", "name"),)

    class Meta:
        model = ContactPerson
        name = gettext_lazy("Contact people")
        fields = (
            "company",
            "name",
            *per_language("role"),
            "languages",
            "other_languages",
            "email",
            "phone",
            "is_public",
            "position",
        )
        export_order = fields
        import_id_fields = ["company", "name"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return ContactPerson.objects.select_related("company")

    def filter_export(self, queryset, **kwargs):
        if queryset.model is Company:
            queryset = ContactPerson.objects.filter(company__in=queryset.values("pk"))
        return queryset.select_related("company").order_by("company__name_en", "position", "name", "pk")

    def write(self, pending, *, user):
        # Contacts feed no search data or cached counts: plain saves, and a history entry each.
        for contact, _is_create in pending:
            contact.save()
        log_change(user=user, objects=[contact for contact, is_create in pending if is_create], action_flag=ADDITION)
        log_change(user=user, objects=[contact for contact, is_create in pending if not is_create])


class CityResource(SpreadsheetResource):
    country = Field(attribute="country", column_name="country", widget=ChoiceWidget(Country))
    partner_cities = Field(
        attribute="partner_cities",
        column_name="partner_cities",
        widget=NamedManyToManyWidget(City, gettext_lazy("Unknown alliance city “%(name)s”.")),
    )
    joined_alliance_on = Field(
        attribute="joined_alliance_on", column_name="joined_alliance_on", widget=DateWidget("%Y-%m-%d")
    )
    website = Field(attribute="website", column_name="website", widget=WebsiteWidget())

    unique_columns = ("slug", "name_en")

    class Meta:
        model = City
        name = gettext_lazy("Alliance cities")
        fields = (
            "slug",
            *per_language("name"),
            "country",
            *per_language("region"),
            "latitude",
            "longitude",
            "joined_alliance_on",
            "website",
            "partner_cities",
            *per_language("description"),
        )
        export_order = fields
        import_id_fields = ["slug"]
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return City.objects.prefetch_related("partner_cities")

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("partner_cities").order_by("country", "name_en", "pk")

    def import_instance(self, instance, row, **kwargs):
        instance.imported_partners = None
        super().import_instance(instance, row, **kwargs)

    def check_row(self, instance, row, errors):
        if not instance.slug and instance.name_en:
            # A new city's slug is made from its English name, as the admin's form prefills it.
            instance.slug = unique_slug(instance, instance.name_en, "city")
        if "partner_cities" in row:
            try:
                instance.imported_partners = self.fields["partner_cities"].clean(row)
            except ValueError as error:
                errors.setdefault("partner_cities", []).append(ValidationError(str(error), code="unknown_city"))

    def write(self, pending, *, user):
        for city, _is_create in pending:
            services.save_city(city=city, user=user, partner_cities=city.imported_partners)
