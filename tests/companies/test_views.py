"""Directory, profile, QR code, city pages, home section and sitemap, as a visitor sees them."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import CompanyStatus
from companies.services import save_company, save_sector
from tests.factories import CityFactory, CompanyFactory, ContactPersonFactory, SectorFactory, UserFactory
from zone_portal.roles import ZONE_STAFF

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/companies/"
# With nothing cached: the facet counts, the sector and city names for the facets, the page's
# companies and their sectors, and the cache version. On PostgreSQL the counts are the sector
# and city ids and one statement over the sample, then one over every company (a small
# directory), and the page's ids come from the entry table first; on SQLite, the counts are
# the total and one grouped query per facet.
COLD_DIRECTORY_QUERIES = 10 if connection.vendor == "postgresql" else 11


def card_names(response):
    return [company.name_en for company in response.context["companies"]]


# --- Directory ----------------------------------------------------------------------------


def test_directory_lists_only_published_companies_by_name(client):
    CompanyFactory(name_en="Beta")
    CompanyFactory(name_en="Alpha")
    CompanyFactory(name_en="Hidden", status=CompanyStatus.DRAFT)
    CompanyFactory(name_en="Old", status=CompanyStatus.ARCHIVED)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert card_names(response) == ["Alpha", "Beta"]
    assert response.context["total"] == 2


def test_directory_search_shows_osram_for_chinese_query_and_echoes_it_escaped(client, osram, remondis):
    response = client.get(DIRECTORY, {"q": "欧司朗"})
    assert card_names(response) == ["Osram"]
    assert response.context["sort"] == "relevance"


def test_search_query_count_is_the_same_for_one_and_many_matches(client, lighting):
    CompanyFactory(name_en="Lamp One", sectors=[lighting])
    one = directory_queries(client, {"q": "lamp", "sector": "lighting"})
    for number in range(8):
        CompanyFactory(name_en=f"Lamp {number}", sectors=[lighting, SectorFactory()])
    many = directory_queries(client, {"q": "lamp", "sector": "lighting"})
    # Reading the query: the zone's terms and the words typos are corrected against (2).
    # PostgreSQL counts every facet in one statement over the sample, then (a small match set)
    # in one over every company, after reading the sector and city ids (4), and reads the
    # matches' ids before ranking them (1); SQLite: the total and one grouped query per facet (6).
    assert one == many == (13 if connection.vendor == "postgresql" else 14)


def test_html_in_search_box_is_shown_escaped(client, osram):
    response = client.get(DIRECTORY, {"q": '<script>alert("x")</script>'})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_4000_character_search_gives_empty_state_not_an_error(client, osram):
    response = client.get(DIRECTORY, {"q": "z" * 4000})
    assert response.status_code == 200
    assert "No companies match these filters" in response.content.decode()
    assert 'href="/en/companies/"' in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "9999", "1.5"])
def test_odd_page_numbers_show_a_page_rather_than_an_error(client, page):
    for number in range(30):
        CompanyFactory(name_en=f"Company {number:02d}")
    response = client.get(DIRECTORY, {"page": page})
    assert response.status_code == 200
    # Not a whole number: the first page; out of range (past the end, zero, negative): the last.
    expected = 1 if page in {"abc", "1.5"} else 2
    assert response.context["page_obj"].number == expected


def test_second_page_holds_the_rest(client):
    for number in range(30):
        CompanyFactory(name_en=f"Company {number:02d}")
    response = client.get(DIRECTORY, {"page": 2})
    assert card_names(response) == [f"Company {number:02d}" for number in range(24, 30)]


def test_unknown_filter_values_are_ignored(client, osram):
    response = client.get(DIRECTORY, {"sector": "no-such-sector", "country": "ZZ", "size": "huge", "sort": "x"})
    assert response.status_code == 200
    assert card_names(response) == ["Osram"]


def test_filters_combine_and_keep_the_query_string_in_pagination_links(client, lighting):
    city = CityFactory(slug="foshan", name_en="Foshan")
    for number in range(25):
        CompanyFactory(name_en=f"Lamp {number:02d}", sectors=[lighting], city=city, country="DE", size="small")
    CompanyFactory(name_en="Lamp CN", sectors=[lighting], city=city, country="CN", size="small")
    response = client.get(DIRECTORY, {"sector": "lighting", "city": "foshan", "country": "DE"})
    assert response.context["total"] == 25
    assert "?sector=lighting&amp;city=foshan&amp;country=DE&amp;page=2" in response.content.decode()


def test_members_only_and_newest_member_sort(client):
    import datetime

    CompanyFactory(name_en="Early", member_since=datetime.date(2017, 1, 1))
    CompanyFactory(name_en="Recent", member_since=datetime.date(2024, 5, 1))
    CompanyFactory(name_en="Not member")
    assert card_names(client.get(DIRECTORY, {"members": "true", "sort": "newest"})) == ["Recent", "Early"]
    assert card_names(client.get(DIRECTORY, {"sort": "newest"})) == ["Recent", "Early", "Not member"]


def test_card_shows_resized_logo_lazy_with_alt_or_a_placeholder(client, osram):
    osram.logo_small = "companies/logos/small/osram.png"
    type(osram).objects.filter(pk=osram.pk).update(logo_small="companies/logos/small/osram.png")
    CompanyFactory(name_en="No Logo")
    body = client.get(DIRECTORY).content.decode()
    assert '<img src="/media/companies/logos/small/osram.png" alt="Logo of Osram" loading="lazy"' in body
    assert '<span class="logo-placeholder" aria-hidden="true">N</span>' in body


def directory_queries(client, params=None):
    with CaptureQueriesContext(connection) as context:
        assert client.get(DIRECTORY, params or {}).status_code == 200
    return len(context.captured_queries)


def test_directory_query_count_is_the_same_for_one_and_many_companies(client, lighting, recycling):
    CompanyFactory(sectors=[lighting])
    one = directory_queries(client)
    for _ in range(10):
        CompanyFactory(sectors=[lighting, recycling], city=CityFactory())
    many = directory_queries(client)  # the new companies invalidated the cached counts
    assert one == many == COLD_DIRECTORY_QUERIES


def test_directory_reuses_cached_facets_until_a_company_changes(client, osram):
    directory_queries(client)
    # The cache version, the page's rows and their sectors (PostgreSQL: the page's ids first).
    assert directory_queries(client) == (4 if connection.vendor == "postgresql" else 3)
    save_company(company=osram, user=None)
    assert directory_queries(client) == COLD_DIRECTORY_QUERIES


# --- Profile ------------------------------------------------------------------------------


def test_profile_shows_names_in_other_languages_facts_and_only_public_contacts(client, osram):
    ContactPersonFactory(company=osram, name="Public Person", is_public=True)
    ContactPersonFactory(company=osram, name="Private Person", is_public=False)
    osram.services_en = "Lighting design\nLED retrofits"
    save_company(company=osram, user=None)
    response = client.get(f"/en/companies/{osram.slug}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<p class="other-names"><span lang="zh-hans">欧司朗</span></p>' in body
    assert "<li>Lighting design</li><li>LED retrofits</li>" in body
    assert "Public Person" in body
    assert "Private Person" not in body
    assert f'src="/en/companies/{osram.slug}/qr.svg"' in body


def test_profile_in_chinese_shows_chinese_name_and_english_one_beside_it(client, osram):
    body = client.get(f"/zh-hans/companies/{osram.slug}/").content.decode()
    assert "<h1>欧司朗</h1>" in body
    assert '<p class="other-names"><span lang="en">Osram</span></p>' in body


def test_profile_has_organization_json_ld_with_escaped_text(client, osram):
    osram.summary_en = "Lamps </script><b> & more"
    save_company(company=osram, user=None)
    body = client.get(f"/en/companies/{osram.slug}/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert "</script>" not in block
    data = json.loads(block)
    assert data["@type"] == "Organization"
    assert data["name"] == "Osram"
    assert data["alternateName"] == ["欧司朗"]
    assert data["description"] == "Lamps </script><b> & more"
    assert data["url"] == f"http://testserver/en/companies/{osram.slug}/"
    assert '<meta property="og:title" content="Osram">' in body


@pytest.mark.parametrize("status", [CompanyStatus.DRAFT, CompanyStatus.ARCHIVED])
def test_unpublished_profile_is_404_for_visitors_and_a_preview_for_staff(client, status):
    company = CompanyFactory(name_en="Secret", status=status)
    url = f"/en/companies/{company.slug}/"
    assert client.get(url).status_code == 404
    assert client.get(f"{url}qr.svg").status_code == 404
    # A preview is for those who may see companies in the admin (tests/test_staff_workflows.py).
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=ZONE_STAFF))
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "Preview: this profile is not public" in response.content.decode()


def test_unknown_profile_is_404(client):
    assert client.get("/en/companies/no-such-company/").status_code == 404


def test_qr_code_is_svg_of_the_profile_address(client, osram):
    response = client.get(f"/en/companies/{osram.slug}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b"<path" in response.content


def profile_queries(client, company):
    with CaptureQueriesContext(connection) as context:
        assert client.get(company.get_absolute_url()).status_code == 200
    return len(context.captured_queries)


def test_profile_query_count_is_the_same_for_one_and_many_sectors_and_contacts(client):
    small = CompanyFactory(sectors=[SectorFactory()])
    ContactPersonFactory(company=small)
    big = CompanyFactory(sectors=[SectorFactory() for _ in range(5)])
    for _ in range(5):
        ContactPersonFactory(company=big)
    # company with city, sectors, public contacts (+ whatever the events include adds, the same for both)
    assert profile_queries(client, small) == profile_queries(client, big) >= 3


# --- Cities -------------------------------------------------------------------------------


def test_city_list_groups_by_country_with_published_company_counts_and_a_map(client):
    foshan = CityFactory(name_en="Foshan", country="CN", latitude=23.02, longitude=113.12)
    CityFactory(name_en="Ludwigshafen", country="DE", latitude=49.48, longitude=8.44)
    CompanyFactory(city=foshan)
    CompanyFactory(city=foshan)
    CompanyFactory(city=foshan, status=CompanyStatus.DRAFT)
    response = client.get("/en/cities/")
    groups = response.context["groups"]
    assert [(str(g["country"]), [(c.name_en, c.company_count) for c in g["cities"]]) for g in groups] == [
        ("China", [("Foshan", 2)]),
        ("Germany", [("Ludwigshafen", 0)]),
    ]
    body = response.content.decode()
    # One dot per city in each of the map's two layouts (wide and narrow).
    assert body.count('class="map-dot"') == 2 * 2
    assert "2 companies" in body


def test_city_list_query_count_is_fixed(client):
    CityFactory()
    with CaptureQueriesContext(connection) as one:
        client.get("/en/cities/")
    for _ in range(5):
        CompanyFactory(city=CityFactory())
    with CaptureQueriesContext(connection) as many:
        client.get("/en/cities/")
    # The cities with their company counts, and their partner cities for the map and the list.
    assert len(one.captured_queries) == len(many.captured_queries) == 2


def test_city_detail_shows_description_partners_and_its_companies(client):
    foshan = CityFactory(name_en="Foshan", slug="foshan", description_en="A manufacturing city.")
    taicang = CityFactory(name_en="Taicang", slug="taicang")
    foshan.partner_cities.add(taicang)
    CompanyFactory(name_en="Foshan Lamps", city=foshan)
    CompanyFactory(name_en="Elsewhere", city=taicang)
    response = client.get("/en/cities/foshan/")
    body = response.content.decode()
    assert [c.name_en for c in response.context["companies"]] == ["Foshan Lamps"]
    assert "A manufacturing city." in body
    assert 'href="/en/cities/taicang/">Taicang</a>' in body
    # The partnership shows on both cities.
    assert 'href="/en/cities/foshan/">Foshan</a>' in client.get("/en/cities/taicang/").content.decode()


def test_city_detail_query_count_is_the_same_for_one_and_many_companies(client, lighting):
    city = CityFactory(slug="one")
    CompanyFactory(city=city, sectors=[lighting])
    other = CityFactory(slug="many")
    other.partner_cities.add(city, CityFactory())
    for _ in range(6):
        CompanyFactory(city=other, sectors=[lighting, SectorFactory()])
    counts = []
    for slug in ("one", "many"):
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/en/cities/{slug}/").status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] >= 4


def test_unknown_city_is_404(client):
    assert client.get("/en/cities/atlantis/").status_code == 404


# --- Home and sitemap ---------------------------------------------------------------------


def test_home_shows_key_figures_from_the_database_and_featured_companies(client):
    import datetime

    CompanyFactory(name_en="Member DE", country="DE", member_since=datetime.date(2020, 1, 1), featured=True)
    CompanyFactory(name_en="CN", country="CN", member_since=datetime.date(2021, 1, 1))
    CompanyFactory(name_en="Draft DE", country="DE", member_since=datetime.date(2021, 1, 1), status="draft")
    response = client.get("/en/")
    body = response.content.decode()
    assert re.search(r"Member companies of the zone</dt><dd>2</dd>", body)
    assert re.search(r"German companies in the directory</dt><dd>1</dd>", body)
    assert re.search(r"Alliance cities</dt><dd>3</dd>", body)  # each factory company brings a city
    assert "Member DE" in body
    assert ">CN<" not in body


def test_home_query_count_is_the_same_for_one_and_many_featured_companies(client, lighting):
    CompanyFactory(featured=True, sectors=[lighting])
    with CaptureQueriesContext(connection) as one:
        client.get("/en/")
    for _ in range(5):
        CompanyFactory(featured=True, sectors=[lighting, SectorFactory()])
    with CaptureQueriesContext(connection) as many:
        client.get("/en/")
    assert len(one.captured_queries) == len(many.captured_queries)


def test_sitemap_lists_published_companies_and_cities_in_every_language(client, osram):
    CompanyFactory(slug="draft-co", status=CompanyStatus.DRAFT)
    body = client.get("/sitemap.xml").content.decode()
    for language in ("en", "de", "zh-hans"):
        assert f"http://testserver/{language}/companies/osram/" in body
        assert f"http://testserver/{language}/cities/{osram.city.slug}/" in body
    assert "draft-co" not in body
    assert reverse("companies:list") == "/en/companies/"


def test_facet_labels_follow_a_sector_rename(client, osram, lighting):
    assert "Lighting (1)" in client.get(DIRECTORY).content.decode()
    lighting.name_en = "Light and optics"
    save_sector(sector=lighting, user=None)
    assert "Light and optics (1)" in client.get(DIRECTORY).content.decode()


def test_facet_labels_are_in_the_visitors_language(client, osram):
    assert "照明 (1)" in client.get("/zh-hans/companies/").content.decode()
