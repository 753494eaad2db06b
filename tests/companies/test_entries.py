"""The directory's entry tables on PostgreSQL: kept by triggers whatever writes, and approximate
counts for huge match sets (companies.entries). SQLite has neither: the directory counts the
company rows there, which the other directory tests cover."""

import pytest
from django.db import connection

from companies.models import Company, CompanyStatus, DirectoryFacets, DirectoryWords, Sector
from companies.services import delete_sectors
from tests.factories import CityFactory, CompanyFactory, SectorFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the entry tables exist on PostgreSQL only"),
]


def facets(company):
    return DirectoryFacets.objects.get(company_id=company.pk)


def test_every_kind_of_write_keeps_the_entries_current():
    sector, other = SectorFactory(slug="lighting"), SectorFactory(slug="other")
    city = CityFactory(slug="foshan")
    company = CompanyFactory(name_en="Osram", country="DE", city=city, sectors=[sector, other])
    entry = facets(company)
    assert (entry.published, entry.country, entry.city_id, entry.name) == (True, "DE", city.pk, "Osram")
    assert sorted(entry.sectors) == sorted([sector.pk, other.pk])
    assert DirectoryWords.objects.filter(company_id=company.pk, words="osram").exists()

    # A bulk update from a shell, bypassing every service and signal.
    Company.objects.filter(pk=company.pk).update(status=CompanyStatus.ARCHIVED, country="CN")
    entry = facets(company)
    assert (entry.published, entry.country) == (False, "CN")

    company.sectors.remove(other)
    assert facets(company).sectors == [sector.pk]
    delete_sectors(sectors=Sector.objects.filter(pk=sector.pk), user=None)
    assert facets(company).sectors == []

    city.delete()  # SET NULL, done by Django in an UPDATE
    assert facets(company).city_id is None

    Company.objects.filter(pk=company.pk).delete()
    assert not DirectoryFacets.objects.filter(company_id=company.pk).exists()
    assert not DirectoryWords.objects.filter(company_id=company.pk).exists()


def test_a_huge_match_set_is_counted_from_the_sample_and_shown_as_approximate(client, monkeypatch):
    lighting = SectorFactory(slug="lighting", name_en="Lighting")
    companies = [CompanyFactory(name_en=f"Lamp maker {number}", sectors=[lighting]) for number in range(40)]
    sampled = sum(1 for company in companies if company.pk % 16 == 0)
    assert sampled >= 2  # 40 consecutive ids hold two or three multiples of 16

    exact = client.get("/en/companies/", {"q": "lamp"})
    assert exact.context["total"] == 40
    assert "40 companies" in exact.content.decode()

    monkeypatch.setattr("companies.entries.EXACT_LIMIT", 16)
    response = client.get("/en/companies/", {"q": "lamp maker"})
    assert response.context["total"] == sampled * 16
    assert f"About {sampled * 16} companies" in response.content.decode()
    # Every match is still listed, whatever the estimate: the first page is full.
    assert len(response.context["companies"]) == 24

    # Without a search the total is exact, only the facet counts are estimated.
    response = client.get("/en/companies/", {"sector": "lighting"})
    assert response.context["total"] == 40
    assert "About" not in response.content.decode().split('class="result-count"')[1][:80]
