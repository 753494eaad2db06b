"""Search as visitors type: the zone's terms, Chinese words, Traditional characters, pinyin,
many words, typos and help when nothing is found, on SQLite and PostgreSQL."""

import pytest
from django.contrib.auth.models import Group

from companies.models import Company, SearchTerm
from companies.search import order_by_relevance, plan, suggestions
from companies.services import delete_search_terms, save_search_term
from tests.factories import CompanyFactory, UserFactory
from tests.utils import form_data
from zone_portal.roles import ZONE_STAFF, sync_roles

pytestmark = pytest.mark.django_db


def ranked(query):
    return [company.name_en for company in order_by_relevance(Company.objects.published().search(query))]


def waste_term(sectors=()):
    term = SearchTerm(
        name_en="waste management",
        name_de="Entsorgung",
        name_zh_hans="废物处理",
        synonyms="Abfallwirtschaft\n环保\nwaste disposal",
    )
    return save_search_term(term=term, user=None, sectors=list(sectors))


@pytest.fixture
def allianz(db):
    return CompanyFactory(
        name_en="Allianz", name_zh_hans="安联", slug="allianz", summary_en="Insurance for industry.", summary_de=""
    )


@pytest.fixture
def fsl(db):
    return CompanyFactory(
        name_en="FSL Lighting",
        name_zh_hans="佛山电器照明",
        slug="fsl",
        summary_en="Lamps and LED modules.",
        country="CN",
    )


# --- The zone's terms ---------------------------------------------------------------------


def test_a_term_widens_the_search_to_its_other_words_in_every_language(osram, remondis):
    assert ranked("Entsorgung") == []
    waste_term()
    # Remondis says "Abfallwirtschaft" and "waste management"; nobody wrote "Entsorgung".
    assert ranked("Entsorgung") == ["Remondis"]
    assert ranked("废物处理") == ["Remondis"]
    assert ranked("waste disposal") == ["Remondis"]


def test_a_deleted_term_no_longer_widens(remondis):
    term = waste_term()
    delete_search_terms(terms=[term], user=None)
    assert ranked("Entsorgung") == []


def test_a_term_typed_with_a_typo_is_corrected_to_it(remondis):
    waste_term()
    assert ranked("Entsorgng") == ["Remondis"]


def test_staff_add_a_term_in_the_admin_and_the_cached_german_directory_finds_by_it(client, remondis):
    sync_roles()
    staff = UserFactory(username="staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=ZONE_STAFF))
    # A visitor's search is counted and cached before the term exists.
    assert "Remondis" not in client.get("/de/companies/", {"q": "Entsorgung"}).content.decode()

    client.force_login(staff)
    page = client.get("/admin/companies/searchterm/add/").content.decode()
    assert "Synonyms" in page
    data = form_data(page, "searchterm_form")
    data.update(name_en="waste management", name_de="Entsorgung", name_zh_hans="废物处理", synonyms="Abfallwirtschaft")
    response = client.post("/admin/companies/searchterm/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    term = SearchTerm.objects.get()
    assert term.search_forms.split("\n") == ["waste management", "entsorgung", "废物处理", "abfallwirtschaft"]
    client.logout()

    response = client.get("/de/companies/", {"q": "Entsorgung"})
    assert [company.name_en for company in response.context["companies"]] == ["Remondis"]
    assert response.context["total"] == 1


def test_staff_writing_a_profile_see_the_terms_of_its_sectors(client, remondis, recycling):
    waste_term(sectors=[recycling])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/companies/company/{remondis.pk}/change/").content.decode()
    assert "Words the zone uses" in page
    assert "Entsorgung · 废物处理 · Abfallwirtschaft · 环保 · waste disposal" in page


# --- Chinese as people type it ------------------------------------------------------------


def test_a_compound_chinese_query_matches_by_its_words(allianz, osram):
    # 安联保险: "Allianz insurance"; the profile has 安联 but not 保险, nor the pair 联保.
    assert plan("安联保险").words[0].chinese == ["安联"]
    assert ranked("安联保险") == ["Allianz"]


def test_traditional_characters_find_simplified_names(osram):
    assert ranked("歐司朗") == ["Osram"]


def test_pinyin_with_or_without_spaces_and_tones_finds_chinese_names(osram, fsl):
    for query in ("ousilang", "ou si lang", "Ōusīlǎng", "ou1si1lang3"):
        assert ranked(query) == ["Osram"], query
    # Osram is in the lighting sector, 照明 (zhaoming): found too, after the name.
    assert ranked("foshan zhaoming") == ["FSL Lighting", "Osram"]


def test_a_single_chinese_character_finds_names_with_it(osram, fsl):
    assert ranked("朗") == ["Osram"]
    assert ranked("照") == ["FSL Lighting", "Osram"]  # Osram by its sector, 照明


def test_full_width_letters_are_read_as_ordinary_ones(osram):
    assert ranked("ＯＳＲＡＭ") == ["Osram"]


# --- Many words and typos -----------------------------------------------------------------


def test_companies_matching_every_word_come_first_then_those_matching_most(osram, lighting):
    CompanyFactory(name_en="Munich Lamps", summary_en="Osram lamps from Munich.", sectors=[lighting])
    CompanyFactory(name_en="Bright Works", summary_en="Lamps.")
    assert ranked("osram lamps munich") == ["Munich Lamps", "Osram", "Bright Works"]


def test_osram_licht_puts_osram_first(osram, lighting):
    CompanyFactory(name_en="Licht Handel", summary_de="Wir verkaufen Lampen von Osram und Licht.", sectors=[lighting])
    assert ranked("Osram Licht")[0] == "Osram"


def test_a_missing_word_never_empties_the_result(osram):
    assert ranked("osram quantumflux") == ["Osram"]


@pytest.mark.parametrize("typo", ["Osarm", "Osrm", "Osrram", "Orsam"])
def test_typos_with_swapped_missing_or_doubled_letters_find_the_company(osram, remondis, typo):
    assert ranked(typo) == ["Osram"]


def test_a_real_word_is_not_corrected_into_another(osram):
    CompanyFactory(name_en="Osran Tools")
    assert ranked("osram") == ["Osram"]


# --- Nothing found ------------------------------------------------------------------------


def test_nothing_found_offers_a_correction_and_the_nearest_sectors(client, osram, lighting, recycling):
    # Two letters wrong in five: too far to search by, near enough to suggest.
    assert ranked("Osaem") == []
    assert suggestions("Osaem") == ["osram"]
    body = client.get("/en/companies/", {"q": "Osaem lighting"}).content.decode()
    assert "Osram" in body  # "lighting" still finds the lighting company

    body = client.get("/en/companies/", {"q": "Osaem"}).content.decode()
    assert "No companies match these filters" in body
    assert "Did you mean:" in body
    assert '<a href="/en/companies/?q=osram">osram</a>' in body
    assert 'href="/en/companies/"' in body

    # Too far from any word to correct, close to a sector's German name.
    response = client.get("/en/companies/", {"q": "Umweltdienstleistungn"})
    assert response.context["total"] == 0
    assert response.context["near_sectors"] == [recycling]
    assert "Sectors close to your search:" in response.content.decode()


def test_the_portal_search_suggests_and_lists_the_nearest_sector_first(client, osram, lighting, recycling):
    response = client.get("/en/search/", {"q": "Osaem"})
    body = response.content.decode()
    assert 'href="/en/search/?q=osram"' in body
    response = client.get("/en/search/", {"q": "Umweltdienstleistungn"})
    assert response.context["sectors"][0] == recycling


def test_sectors_close_to_a_query_are_found_in_any_language(lighting, recycling):
    from companies.search import nearest_sectors

    assert nearest_sectors("Beleuchtungen") == [lighting]
    assert nearest_sectors("环境") == [recycling]
    assert nearest_sectors("zzzz") == []


# --- Through the pages, in every language -------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [("歐司朗", "Osram"), ("ousilang", "Osram"), ("Osarm licht", "Osram"), ("安联保险", "Allianz")],
)
def test_the_directory_finds_what_visitors_type_in_every_language(client, osram, allianz, language, query, expected):
    response = client.get(f"/{language}/companies/", {"q": query})
    assert response.status_code == 200
    assert [company.name_en for company in response.context["companies"]][:1] == [expected]


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_the_portal_search_widens_by_terms_in_every_language(client, remondis, language):
    waste_term()
    response = client.get(f"/{language}/search/", {"q": "Entsorgung"})
    assert response.context["groups"]["companies"]["count"] == 1
    assert remondis.get_absolute_url().replace("/en/", f"/{language}/") in response.content.decode()
