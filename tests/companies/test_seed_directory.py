"""`manage.py seed_directory`: synthetic companies for trying the directory at scale."""

import io

import pytest
from django.core.management import CommandError, call_command

from companies.models import Company, CompanyStatus
from companies.seeding import SEED_PREFIX
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def seed(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_directory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_adds_companies_in_three_languages_with_sectors_cities_sizes_and_members():
    out, err = seed("--companies", "60")

    companies = Company.objects.all()
    assert companies.count() == 60
    assert "Added 60 companies" in out
    assert "100% 60/60" in err  # the progress bar, on stderr
    for company in companies:
        assert company.slug.startswith(SEED_PREFIX)
        assert company.name_en and company.name_de and company.name_zh_hans
        assert company.summary_de and company.profile_zh_hans and company.services_en
        assert 1 <= company.sectors.count() <= 3
        assert company.city is not None and company.size
    assert companies.filter(member_since__isnull=False).exists()
    assert companies.filter(member_since__isnull=True).exists()
    assert len({company.country for company in companies}) >= 2
    assert companies.filter(status=CompanyStatus.PUBLISHED).count() >= 50


def test_seeded_companies_are_found_in_the_directory_in_every_language(client):
    seed("--companies", "40")
    company = Company.objects.published().order_by("pk").first()
    trade_de = company.name_de.split()[1]
    chinese = company.name_zh_hans.rstrip("0123456789")

    for path, query, name in (
        ("/en/companies/", company.name_en, company.name_en),
        ("/de/companies/", trade_de, company.name_de),
        ("/zh-hans/companies/", chinese, company.name_zh_hans),
    ):
        response = client.get(path, {"q": query})
        assert response.status_code == 200
        assert name in response.content.decode(), (path, query)


def test_a_second_run_adds_more_with_new_numbers_and_the_cached_directory_shows_them(client):
    seed("--companies", "5")
    first = client.get("/en/companies/")
    assert first.context["total"] == Company.objects.published().count()

    seed("--companies", "5")

    assert Company.objects.count() == 10
    assert len({company.slug for company in Company.objects.all()}) == 10
    assert client.get("/en/companies/").context["total"] == Company.objects.published().count()


def test_it_refuses_a_database_with_companies_it_did_not_make():
    CompanyFactory(name_en="Osram", slug="osram")

    with pytest.raises(CommandError, match=r"holds 1 companies that seed_directory did not make \(Osram"):
        seed("--companies", "5")
    assert Company.objects.count() == 1

    seed("--companies", "5", "--force")
    assert Company.objects.count() == 6


def test_remove_takes_out_only_the_seeded_companies():
    CompanyFactory(name_en="Osram", slug="osram")
    seed("--companies", "5", "--force")

    seed("--remove")

    assert list(Company.objects.values_list("slug", flat=True)) == ["osram"]


def test_it_refuses_a_count_below_one():
    with pytest.raises(CommandError, match="1 or more"):
        seed("--companies", "0")
