"""The directory's filters and the facet counts shown beside each option."""

import hashlib
import json

import django_filters
from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core import versions

from .entries import Entries
from .models import City, Company, Cooperation, CooperationKind, Country, Direction, Sector, SizeClass
from .search import normalise_query, order_by_relevance, plan

# How long facet counts stay cached; any company, sector or city change invalidates them
# at once (see cache_version), so this only bounds the memory they take.
FACET_CACHE_SECONDS = 60 * 60


def is_chosen(value):
    """Return whether a cleaned filter value narrows anything (an empty choice of sectors does not)."""
    if isinstance(value, (list, tuple)) or hasattr(value, "model"):
        return len(value) > 0
    return value not in (None, "", False)


class OneOrManyChoices(forms.ModelMultipleChoiceField):
    """Several values (sector=a&sector=b), or one given as a plain string (a dict of filters)."""

    def clean(self, value):
        return super().clean([value] if isinstance(value, str) else value)


class ManySectors(django_filters.ModelMultipleChoiceFilter):
    field_class = OneOrManyChoices


class Sort(django_filters.ChoiceFilter):
    """Choose the order; applied last by DirectoryFilterSet, never as a WHERE clause."""

    def filter(self, qs, value):
        return qs


class DirectoryFilterSet(django_filters.FilterSet):
    """Filter published companies by text, country, sector, city, size and membership.

    Facet counts: for each facet, every option is counted with all the *other* active
    filters applied (the text search included), so a count says how many companies the
    visitor would see after choosing that option. The counts are cached (see facet_counts).
    """

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=forms.TextInput(attrs={"type": "search"})
    )
    country = django_filters.ChoiceFilter(label=_("Country of origin"), choices=Country.choices)
    # Several sectors may be chosen: companies in any of them (sector=a&sector=b).
    sector = ManySectors(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="slug", method="filter_sectors"
    )
    city = django_filters.ModelChoiceFilter(
        label=_("Alliance city"), queryset=City.objects.all(), to_field_name="slug"
    )
    size = django_filters.ChoiceFilter(label=_("Size"), choices=SizeClass.choices)
    members = django_filters.BooleanFilter(
        label=_("Zone members only"), method="filter_members", widget=forms.CheckboxInput
    )
    sort = Sort(
        label=_("Sort by"),
        choices=[("name", _("Name")), ("newest", _("Newest member")), ("relevance", _("Relevance"))],
        empty_label=None,
    )

    class Meta:
        model = Company
        fields = ["q", "country", "sector", "city", "size", "members"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value, ranked=self._ranked, query_plan=self.query_plan)

    def filter_sectors(self, queryset, name, value):
        if not value:
            return queryset
        # A subquery rather than a join: a company in two of the sectors is listed once,
        # without a DISTINCT that would clash with ordering by relevance.
        links = Company.sectors.through.objects.filter(sector__in=value).values("company_id")
        return queryset.filter(pk__in=links)

    def filter_members(self, queryset, name, value):
        return queryset.members() if value else queryset

    _ranked = True

    @cached_property
    def query_plan(self):
        """Return how the search is read (companies.search.plan), worked out once per request."""
        return plan(self.active_values.get("q", ""))

    @cached_property
    def entries(self):
        """Return this request against the directory's entry tables (PostgreSQL, companies.entries)."""
        return Entries(self.active_values, self.query_plan)

    @cached_property
    def cache_version(self):
        """Return the directory's cache version, read once per request from the database."""
        return versions.current(versions.DIRECTORY)

    @property
    def active_values(self):
        """Return the valid, non-empty filter values (without sort), keyed by filter name."""
        self.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {name: data[name] for name in self.Meta.fields if is_chosen(data.get(name))}

    @property
    def chosen_sort(self):
        """Return the chosen order; relevance only when searching, by name otherwise."""
        self.is_valid()
        chosen = getattr(self.form, "cleaned_data", {}).get("sort")
        if chosen in {"name", "newest"}:
            return chosen
        return "relevance" if self.active_values.get("q") else "name"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.chosen_sort
        if sort == "relevance":
            return order_by_relevance(queryset)
        if sort == "newest":
            return queryset.by_newest_member()
        return queryset.by_name()

    def _apply(self, queryset, values):
        for name, value in values.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_counts(self):
        """Return ``{"total": n, facet: {option: count}}`` for the active filters, cached.

        The cache key carries the directory's cache version, which every write through
        companies.services moves on in the same transaction, so no process serves a count
        made from data older than the last committed change.
        """
        values = self.active_values
        keyed = {name: getattr(value, "slug", value) for name, value in values.items()}
        if "sector" in keyed:
            keyed["sector"] = sorted(sector.slug for sector in values["sector"])
        if "q" in keyed:
            keyed["q"] = normalise_query(keyed["q"])
        digest = hashlib.sha256(json.dumps(keyed, sort_keys=True, default=str).encode()).hexdigest()[:32]
        key = f"companies:facets:{self.cache_version}:{digest}"
        counts = cache.get(key)
        if counts is None:
            counts = self._count_facets(values)
            cache.set(key, counts, FACET_CACHE_SECONDS)
        return counts

    def _count_facets(self, values):
        if connection.vendor == "postgresql":
            return self.entries.counts()
        return self._count_facets_with_queries(values)

    def _count_facets_with_queries(self, values):
        """Count each facet with its own grouped query (SQLite, small directories)."""
        self._ranked = False
        try:
            base = Company.objects.published()

            def others(facet):
                return self._apply(base, {name: value for name, value in values.items() if name != facet}).order_by()

            matches = self._apply(base, values).order_by()
            counts = {"total": matches.count(), "approximate": False, "total_approximate": False}
            counts["country"] = dict(others("country").values_list("country").annotate(n=Count("pk", distinct=True)))
            counts["sector"] = dict(
                others("sector")
                .filter(sectors__isnull=False)
                .values_list("sectors__slug")
                .annotate(n=Count("pk", distinct=True))
            )
            counts["city"] = dict(
                others("city").filter(city__isnull=False).values_list("city__slug").annotate(n=Count("pk"))
            )
            counts["size"] = dict(others("size").exclude(size="").values_list("size").annotate(n=Count("pk")))
            counts["members"] = {True: others("members").members().count()}
        finally:
            self._ranked = True
        return counts


class CooperationFilterSet(django_filters.FilterSet):
    """Filter the board's visible entries by offer or request, kind, sector and country.

    As in the directory, each facet's options are counted with the other active filters
    applied. The board is small (hundreds of entries), so counts are grouped queries on
    every request, one per facet, and never cached: what staff publish shows at once.
    """

    direction = django_filters.ChoiceFilter(label=_("Offer or request"), choices=Direction.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CooperationKind.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="slug", field_name="sectors"
    )
    country = django_filters.ChoiceFilter(label=_("Country of the company"), choices=Country.choices)

    class Meta:
        model = Cooperation
        fields = ["direction", "kind", "sector", "country"]

    @property
    def active_values(self):
        """Return the valid, non-empty filter values; an unknown value is ignored, not an error."""
        self.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {name: data.get(name) for name in self.Meta.fields if data.get(name) not in (None, "")}

    def facet_counts(self):
        """Return ``{facet: {value: count}}``: one grouped query per facet."""
        values = self.active_values
        counts = {}
        for facet, column in (
            ("direction", "direction"),
            ("kind", "kind"),
            ("sector", "sectors__slug"),
            ("country", "country"),
        ):
            others = {name: value for name, value in values.items() if name != facet}
            queryset = self.queryset
            for name, value in others.items():
                queryset = self.filters[name].filter(queryset, value)
            rows = queryset.order_by().values(column).annotate(count=Count("pk", distinct=True))
            counts[facet] = {row[column]: row["count"] for row in rows if row[column]}
        return counts
