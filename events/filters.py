"""The filters of the events list: kind, alliance city and month."""

import datetime
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.db.models import Case, DateField, Q, When
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from companies.models import City

from .models import Event, EventKind, TimeZoneChoice


def parse_month(value):
    """Return the first day of the month written as ``YYYY-MM`` (``2026-11``), or None."""
    try:
        return datetime.datetime.strptime((value or "").strip()[:7], "%Y-%m").date()  # noqa: DTZ007
    except ValueError:
        return None


def local_month():
    """Return the first day of the month in which an event starts, in the event's own time zone.

    An event on 1 December at 01:00 in Foshan starts on 30 November in UTC: the page shows
    it in December, so the filter counts it there too.
    """
    return Case(
        *(
            When(time_zone=zone, then=TruncMonth("starts_at", output_field=DateField(), tzinfo=ZoneInfo(zone)))
            for zone in TimeZoneChoice.values
        ),
        output_field=DateField(),
    )


def starts_in_month(first):
    """Return the condition for events starting in the month of ``first``, each in its own time zone."""
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    condition = Q()
    for zone in TimeZoneChoice.values:
        start, end = (
            datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(zone)) for day in (first, following)
        )
        condition |= Q(time_zone=zone, starts_at__gte=start, starts_at__lt=end)
    return condition


class EventFilterForm(forms.Form):
    """The filter form, its labels without colons (as GOV.UK writes them)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind, empty_label=_("All kinds"))
    city = django_filters.ModelChoiceFilter(
        label=_("Alliance city"),
        queryset=City.objects.all(),
        to_field_name="slug",
        method="filter_city",
        empty_label=_("All cities"),
    )
    # The months that have events in the list, named in the visitor's language ("November
    # 2026", "2026年11月"): a month field is a bare text box in some browsers and offers
    # months without any event.
    month = django_filters.ChoiceFilter(label=_("Month"), method="filter_month", empty_label=_("All months"))

    class Meta:
        model = Event
        fields = ["kind", "city", "month"]
        form = EventFilterForm

    def __init__(self, data=None, queryset=None, *, newest_first=False, **kwargs):
        super().__init__(data, queryset, **kwargs)
        rows = self.queryset.order_by().annotate(month=local_month()).values_list("month", flat=True).distinct()
        # PostgreSQL answers the truncated month as a timestamp, SQLite as a date.
        months = {month.date() if isinstance(month, datetime.datetime) else month for month in rows}
        # A month from an older link stays chosen (and finds nothing) rather than being ignored.
        if chosen := parse_month(data.get("month")) if data else None:
            months.add(chosen)
        self.filters["month"].extra["choices"] = [
            (month.strftime("%Y-%m"), date_format(month, "YEAR_MONTH_FORMAT"))
            for month in sorted(months, reverse=newest_first)
        ]

    def filter_city(self, queryset, name, value):
        # An event belongs to a city through its venue or through the cities it involves.
        # A subquery rather than a join, so the places-taken count is not multiplied.
        matching = Event.objects.filter(Q(cities=value) | Q(venue__city=value)).values("pk")
        return queryset.filter(pk__in=matching)

    def filter_month(self, queryset, name, value):
        first = parse_month(value)
        return queryset if first is None else queryset.filter(starts_in_month(first))
