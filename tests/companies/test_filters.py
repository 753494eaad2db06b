"""The directory FilterSet: each filter, the sort order and the facet counts."""

import datetime

import pytest

from companies.filters import DirectoryFilterSet
from companies.models import Company, CompanyStatus
from companies.services import save_company
from tests.factories import CityFactory, CompanyFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    lighting = SectorFactory(slug="lighting", name_en="Lighting")
    logistics = SectorFactory(slug="logistics", name_en="Logistics")
    foshan = CityFactory(slug="foshan", name_en="Foshan")
    taicang = CityFactory(slug="taicang", name_en="Taicang")
    CompanyFactory(name_en="Osram", country="DE", size="large", city=foshan, sectors=[lighting])
    CompanyFactory(
        name_en="Rhein Logistik",
        country="DE",
        size="small",
        city=taicang,
        sectors=[logistics],
        member_since=datetime.date(2018, 5, 1),
    )
    CompanyFactory(
        name_en="Foshan Lamps",
        country="CN",
        size="small",
        city=foshan,
        sectors=[lighting, logistics],
        member_since=datetime.date(2022, 1, 1),
    )
    CompanyFactory(name_en="Draft Lamps", country="CN", city=foshan, sectors=[lighting], status=CompanyStatus.DRAFT)


def result(params):
    filterset = DirectoryFilterSet(params, queryset=Company.objects.for_directory())
    return [company.name_en for company in filterset.qs], filterset


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Foshan Lamps", "Osram", "Rhein Logistik"]),
        ({"country": "CN"}, ["Foshan Lamps"]),
        ({"sector": "lighting"}, ["Foshan Lamps", "Osram"]),
        ({"city": "taicang"}, ["Rhein Logistik"]),
        ({"size": "small"}, ["Foshan Lamps", "Rhein Logistik"]),
        ({"members": "true"}, ["Foshan Lamps", "Rhein Logistik"]),
        ({"members": "false"}, ["Foshan Lamps", "Osram", "Rhein Logistik"]),
        ({"sector": "lighting", "city": "foshan", "country": "DE"}, ["Osram"]),
        ({"q": "lamps"}, ["Foshan Lamps"]),
        ({"sort": "newest"}, ["Foshan Lamps", "Rhein Logistik", "Osram"]),
    ],
)
def test_each_filter_narrows_the_published_companies(directory, params, expected):
    assert result(params)[0] == expected


def test_unknown_values_are_ignored_and_reported_as_form_errors(directory):
    names, filterset = result({"sector": "nope", "country": "FR", "size": "giant", "sort": "random"})
    assert names == ["Foshan Lamps", "Osram", "Rhein Logistik"]
    assert set(filterset.form.errors) == {"sector", "country", "size", "sort"}


def test_search_sorts_by_relevance_unless_another_order_is_chosen(directory):
    assert result({"q": "lamps"})[1].chosen_sort == "relevance"
    assert result({"q": "lamps", "sort": "newest"})[1].chosen_sort == "newest"
    assert result({"sort": "relevance"})[1].chosen_sort == "name"


def test_facet_counts_without_filters_count_every_published_company(directory):
    counts = result({})[1].facet_counts()
    assert counts == {
        "total": 3,
        "country": {"DE": 2, "CN": 1},
        "sector": {"lighting": 2, "logistics": 2},
        "city": {"foshan": 2, "taicang": 1},
        "size": {"large": 1, "small": 2},
        "members": {True: 2},
        "approximate": False,
        "total_approximate": False,
    }


def test_facet_counts_apply_every_other_active_filter(directory):
    counts = result({"sector": "lighting", "country": "CN"})[1].facet_counts()
    assert counts["total"] == 1
    # Countries counted among lighting companies; sectors among Chinese companies.
    assert counts["country"] == {"DE": 1, "CN": 1}
    assert counts["sector"] == {"lighting": 1, "logistics": 1}
    assert counts["city"] == {"foshan": 1}
    assert counts["members"] == {True: 1}


def test_facet_counts_follow_the_search(directory):
    counts = result({"q": "lamps"})[1].facet_counts()
    assert counts["total"] == 1
    assert counts["country"] == {"CN": 1}


def test_cached_facet_counts_are_renewed_when_a_company_is_published(directory):
    assert result({})[1].facet_counts()["total"] == 3
    draft = Company.objects.get(name_en="Draft Lamps")
    draft.status = CompanyStatus.PUBLISHED
    save_company(company=draft, user=None)
    assert result({})[1].facet_counts()["total"] == 4


def test_cached_facet_counts_are_renewed_when_sectors_change(directory):
    assert result({})[1].facet_counts()["sector"]["logistics"] == 2
    osram = Company.objects.get(name_en="Osram")
    logistics = SectorFactory._meta.model.objects.get(slug="logistics")
    save_company(company=osram, user=None, sectors=[*osram.sectors.all(), logistics])
    assert result({})[1].facet_counts()["sector"]["logistics"] == 3
