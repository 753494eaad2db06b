"""Queryset methods and the search data kept on each company."""

import pytest

from companies.models import Company, CompanyStatus, SearchWord
from tests.factories import CompanyFactory, ContactPersonFactory, SectorFactory

pytestmark = pytest.mark.django_db


def test_for_directory_holds_only_published_companies():
    CompanyFactory(name_en="Shown")
    CompanyFactory(name_en="Draft", status=CompanyStatus.DRAFT)
    CompanyFactory(name_en="Archived", status=CompanyStatus.ARCHIVED)
    assert [company.name_en for company in Company.objects.for_directory()] == ["Shown"]


def test_for_directory_loads_city_and_sectors_in_two_queries(django_assert_num_queries):
    sectors = [SectorFactory(), SectorFactory()]
    for _ in range(3):
        CompanyFactory(sectors=sectors)
    with django_assert_num_queries(2):
        rows = [(c.city.name, [s.name for s in c.sectors.all()]) for c in Company.objects.for_directory()]
    assert len(rows) == 3
    assert all(len(sector_names) == 2 for _city, sector_names in rows)


def test_for_profile_prefetches_only_public_contacts():
    company = CompanyFactory()
    ContactPersonFactory(company=company, name="Shown", is_public=True)
    ContactPersonFactory(company=company, name="Private", is_public=False)
    loaded = Company.objects.for_profile().get(pk=company.pk)
    assert [contact.name for contact in loaded.public_contacts] == ["Shown"]


def test_for_profile_hides_drafts_unless_asked():
    draft = CompanyFactory(status=CompanyStatus.DRAFT)
    assert not Company.objects.for_profile().filter(pk=draft.pk).exists()
    assert Company.objects.for_profile(include_unpublished=True).filter(pk=draft.pk).exists()


def test_saving_fills_search_text_with_every_language_sectors_and_city_and_chinese_bigrams():
    sector = SectorFactory(name_en="Lighting", name_de="Beleuchtung", name_zh_hans="照明")
    company = CompanyFactory(name_en="Osram", name_zh_hans="欧司朗", summary_de="Licht aus München", sectors=[sector])
    company.refresh_from_db()
    assert company.search_names == "osram 欧司朗 欧司 司朗 欧 司 朗 ou si lang ousilang"
    for piece in ("osram", "欧司朗", "licht aus münchen", "beleuchtung", "照明", company.city.name_en.lower()):
        assert piece in company.search_text


def test_saving_records_the_words_of_names_for_typo_correction():
    CompanyFactory(
        name_en="Remondis Recycling", name_de="Remondis Wertstoffe", sectors=[SectorFactory(name_en="Tools")]
    )
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"remondis", "recycling", "wertstoffe", "tools"} <= words


def test_slug_stays_when_the_name_changes():
    company = CompanyFactory(name_en="Osram")
    slug = company.slug
    company.name_en = "Osram Licht"
    company.save()
    company.refresh_from_db()
    assert company.slug == slug
