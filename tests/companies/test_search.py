"""Search in three languages, fragments, typos and hostile input, on SQLite and PostgreSQL."""

import pytest

from companies.models import Company, CompanyStatus
from companies.search import NameFirstResults, cjk_bigrams, normalise_query, order_by_relevance, plan
from companies.services import delete_cities, delete_sectors, save_city, save_company, save_sector
from tests.factories import CityFactory, CompanyFactory, SectorFactory

from .conftest import postgresql_only

pytestmark = pytest.mark.django_db


def names(query):
    return [company.name_en for company in Company.objects.published().search(query).order_by("-name_hit", "name_en")]


def test_cjk_bigrams_split_runs_of_chinese_into_overlapping_pairs():
    assert cjk_bigrams("欧司朗 Osram 汽车") == ["欧司", "司朗", "汽车"]
    assert cjk_bigrams("佛") == ["佛"]
    assert cjk_bigrams("Osram") == []


def test_query_is_trimmed_lowered_and_cut_to_200_characters():
    assert normalise_query("  Osram   GmbH ") == "osram gmbh"
    assert len(normalise_query("x" * 4000)) == 200


def test_chinese_name_finds_osram(osram, remondis):
    assert names("欧司朗") == ["Osram"]


def test_two_character_chinese_word_finds_company_with_it_inside_its_name(hyundai, osram):
    assert names("汽车") == ["Foshan Modern Auto Parts"]


def test_german_abfall_finds_remondis_by_abfallwirtschaft(osram, remondis):
    assert names("Abfall") == ["Remondis"]


def test_recycling_finds_remondis(osram, remondis):
    assert names("Recycling") == ["Remondis"]


def test_german_fragment_maschine_finds_maschinenbau(hyundai, osram):
    assert names("maschine") == ["Foshan Modern Auto Parts"]


def test_sector_name_in_another_language_finds_company(osram, remondis):
    assert names("Beleuchtung") == ["Osram"]


def test_city_name_finds_its_companies(osram):
    CompanyFactory(name_en="Ludwig Logistics", city=CityFactory(name_en="Ludwigshafen", name_zh_hans="路德维希港"))
    assert names("路德维希港") == ["Ludwig Logistics"]


@postgresql_only
def test_typo_osrma_finds_osram(osram, remondis):
    assert names("Osrma") == ["Osram"]


def test_name_matches_rank_before_description_matches(lighting):
    CompanyFactory(name_en="Bright Works", summary_en="Distributor of Osram lamps.")
    CompanyFactory(name_en="Osram", slug="osram")
    ranked = order_by_relevance(Company.objects.published().search("osram"))
    assert [company.name_en for company in ranked] == ["Osram", "Bright Works"]


def test_search_data_follows_sector_changes(osram, recycling):
    save_company(company=osram, user=None, sectors=[*osram.sectors.all(), recycling])
    assert names("Umweltdienstleistungen") == ["Osram"]
    save_company(company=osram, user=None, sectors=[s for s in osram.sectors.all() if s != recycling])
    assert names("Umweltdienstleistungen") == []


def test_search_data_follows_sector_and_city_renames(osram, lighting):
    lighting.name_de = "Lichttechnik"
    save_sector(sector=lighting, user=None)
    assert names("Lichttechnik") == ["Osram"]
    osram.city.name_de = "Fo Shan Stadt"
    save_city(city=osram.city, user=None)
    assert names("Fo Shan Stadt") == ["Osram"]


def test_search_data_follows_profile_edit(osram):
    osram.profile_de = "Spezialist für Infrarot"
    save_company(company=osram, user=None)
    assert names("infrarot") == ["Osram"]


def test_drafts_are_not_found(osram):
    osram.status = CompanyStatus.DRAFT
    save_company(company=osram, user=None)
    assert names("Osram") == []


def test_sql_and_html_in_the_query_match_nothing_and_break_nothing(osram):
    assert names("'; DROP TABLE companies_company; --") == []
    assert names("<script>alert(1)</script> & | ! :*") == []
    assert Company.objects.count() == 1


def test_4000_character_query_is_answered_as_its_first_words(osram):
    assert names("osram " * 700) == ["Osram"]


def test_common_words_list_name_matches_first_then_the_rest_each_by_name(client, monkeypatch):
    monkeypatch.setattr("companies.views.RANKED_LIMIT", 2)
    CompanyFactory(name_en="Zeta Lamps")
    CompanyFactory(name_en="Alpha Trading", summary_en="Sells lamps.")
    CompanyFactory(name_en="Beta Lamps")
    CompanyFactory(name_en="Gamma Tools", services_en="Lamps repair")
    CompanyFactory(name_en="Unrelated")
    response = client.get("/en/companies/", {"q": "lamps"})
    assert [company.name_en for company in response.context["companies"]] == [
        "Beta Lamps",
        "Zeta Lamps",
        "Alpha Trading",
        "Gamma Tools",
    ]
    assert response.context["total"] == 4


def test_name_first_results_slices_across_both_parts():
    for name in ("Lamp A", "Lamp B", "Other C", "Other D"):
        CompanyFactory(name_en=name, summary_en="lamp")
    matches = Company.objects.published().search("lamp")
    results = NameFirstResults(matches, plan("lamp"), total=4)
    assert [c.name_en for c in results[0:1]] == ["Lamp A"]
    assert [c.name_en for c in results[1:3]] == ["Lamp B", "Other C"]
    assert [c.name_en for c in results[3:10]] == ["Other D"]
    assert [c.name_en for c in results[10:20]] == []
    assert results.count() == len(results) == 4


def test_name_first_results_finds_where_each_part_ends_as_far_as_a_page_needs():
    # Three parts: the whole query in a name, every word elsewhere, some words only.
    for name in ("Rhein Lamp 1", "Rhein Lamp 2", "Rhein Lamp 3"):
        CompanyFactory(name_en=name)
    for name in ("Both 1", "Both 2"):
        CompanyFactory(name_en=name, summary_en="rhein lamp maker")
    for name in ("Only 1", "Only 2", "Only 3"):
        CompanyFactory(name_en=name, summary_en="lamp maker")
    matches = Company.objects.published().search("rhein lamp")
    results = NameFirstResults(matches, plan("rhein lamp"), total=8)
    everything = [c.name_en for c in results[0:8]]
    assert everything == [
        "Rhein Lamp 1", "Rhein Lamp 2", "Rhein Lamp 3", "Both 1", "Both 2", "Only 1", "Only 2", "Only 3"
    ]  # fmt: skip
    for start in range(8):
        for stop in range(start, 10):
            assert [c.name_en for c in results[start:stop]] == everything[start:stop], (start, stop)


def test_deleting_a_sector_or_city_removes_its_name_from_the_companies_search_text():
    sector = SectorFactory(name_en="Zirconium plating")
    city = CityFactory(name_en="Quxville")
    company = CompanyFactory(name_en="Plating works", city=city, sectors=[sector])
    assert Company.objects.published().search("zirconium").count() == 1

    delete_sectors(sectors=[sector], user=None)
    delete_cities(cities=[city], user=None)

    company.refresh_from_db()
    assert "zirconium" not in company.search_text
    assert "quxville" not in company.search_text
    assert Company.objects.published().search("zirconium").count() == 0
