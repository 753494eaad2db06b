"""The filters of the events list: kind, alliance city and month."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import City

from .models import Event, EventKind


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind, empty_label=_("All kinds"))
    city = django_filters.ModelChoiceFilter(
        label=_("Alliance city"),
        queryset=City.objects.all(),
        to_field_name="slug",
        method="filter_city",
        empty_label=_("All cities"),
    )
    month = django_filters.CharFilter(
        label=_("Month"),
        method="filter_month",
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("For example 2026-11."),
    )

    class Meta:
        model = Event
        fields = ["kind", "city", "month"]

    def filter_city(self, queryset, name, value):
        # An event belongs to a city through its venue or through the cities it involves.
        # A subquery rather than a join, so the places-taken count is not multiplied.
        matching = Event.objects.filter(Q(cities=value) | Q(venue__city=value)).values("pk")
        return queryset.filter(pk__in=matching)

    def filter_month(self, queryset, name, value):
        try:
            first = datetime.datetime.strptime(value.strip()[:7], "%Y-%m").date()  # noqa: DTZ007
        except ValueError:
            return queryset
        return queryset.filter(starts_at__year=first.year, starts_at__month=first.month)
