"""The search box in every page's header and the search page it leads to, grouped by kind."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.models import CompanyStatus, CooperationStatus
from core.text_search import clean_query
from events.models import EventStatus
from tests.factories import (
    AnnouncementFactory,
    CompanyFactory,
    CooperationFactory,
    EventFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


def group_titles(html):
    """Return the result groups' headings, in page order, e.g. ["Companies (1)", "Events (2)"]."""
    return re.findall(r'<h2 id="results-[a-z]+-title">([^<]+)</h2>', html)


def group(html, kind):
    """Return the HTML of one result group (companies, events, announcements, cooperation)."""
    match = re.search(rf'<section class="search-group" id="results-{kind}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_one_query_finds_every_kind_grouped_with_counts(client):
    CompanyFactory(name_en="Rhein Logistik GmbH")
    EventFactory(title_en="Logistik forum Foshan")
    EventFactory(title_en="Another forum", summary_en="Logistik between the Rhine and the Pearl River.")
    AnnouncementFactory(title_en="Logistik day: registration open")
    CooperationFactory(title_en="Logistik partner sought")

    response = client.get("/en/search/", {"q": "logistik"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Search results for “logistik” · " in html
    assert "<h1>Search results for “logistik”</h1>" in html
    assert group_titles(html) == ["Companies (1)", "Events (2)", "Announcements (1)", "Offers and requests (1)"]
    assert "Rhein Logistik GmbH" in group(html, "companies")
    assert "Logistik forum Foshan" in group(html, "events")
    assert "Another forum" in group(html, "events")
    assert "Logistik day: registration open" in group(html, "announcements")
    assert "Logistik partner sought" in group(html, "cooperation")
    assert "5 results" in html


def test_kinds_without_matches_are_left_out(client):
    EventFactory(title_en="Hannover Messe matchmaking")

    html = client.get("/en/search/", {"q": "hannover"}).content.decode()

    assert group_titles(html) == ["Events (1)"]


def test_german_query_finds_german_content_on_the_german_page(client):
    CompanyFactory(name_en="Remondis", name_de="Remondis", summary_de="Abfallwirtschaft und Wasserwirtschaft.")
    EventFactory(title_en="Waste forum", title_de="Forum Abfallwirtschaft")
    AnnouncementFactory(title_en="Waste day", title_de="Tag der Abfallwirtschaft")
    CooperationFactory(title_en="Waste partner", description_de="Partner für Abfallwirtschaft gesucht.")

    response = client.get("/de/search/", {"q": "Abfallwirtschaft"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert len(group_titles(html)) == 4
    assert "Remondis" in group(html, "companies")
    assert "Forum Abfallwirtschaft" in group(html, "events")
    assert "Tag der Abfallwirtschaft" in group(html, "announcements")
    # The card shows the German title, falling back to English where there is none.
    assert "Waste partner" in group(html, "cooperation")


def test_chinese_query_finds_chinese_names_and_titles(client):
    CompanyFactory(name_en="Osram", name_zh_hans="欧司朗")
    CompanyFactory(name_en="Allianz", name_zh_hans="安联")
    EventFactory(title_en="Lighting forum", title_zh_hans="欧司朗照明论坛")
    AnnouncementFactory(title_en="Osram joins", title_zh_hans="欧司朗加入园区")
    CooperationFactory(
        title_en="Lighting partner", title_zh_hans="寻找照明合作伙伴", description_zh_hans="欧司朗的合作"
    )

    response = client.get("/zh-hans/search/", {"q": "欧司朗"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    companies = group(html, "companies")
    assert "欧司朗" in companies
    assert "安联" not in companies
    assert "欧司朗照明论坛" in group(html, "events")
    assert "欧司朗加入园区" in group(html, "announcements")
    assert "寻找照明合作伙伴" in group(html, "cooperation")


def test_every_word_must_match_in_some_field_or_language(client):
    EventFactory(title_en="Alliance forum", summary_de="Treffen in Foshan")
    EventFactory(title_en="Alliance dinner", summary_en="In Taicang")

    html = client.get("/en/search/", {"q": "alliance foshan"}).content.decode()

    assert "Alliance forum" in group(html, "events")
    assert "Alliance dinner" not in html


def test_anonymous_entry_never_shows_or_is_found_by_its_company_name(client):
    secretive = CompanyFactory(name_en="Geheimnis Maschinenbau")
    CooperationFactory(company=secretive, anonymous=True, title_en="Gearbox supplier sought")
    CooperationFactory(company=CompanyFactory(name_en="Offen Maschinenbau"), title_en="Service partner sought")

    by_name = client.get("/en/search/", {"q": "Geheimnis"}).content.decode()
    by_title = client.get("/en/search/", {"q": "gearbox"}).content.decode()

    # Found by its company's name: the company itself, never its anonymous entry.
    assert group_titles(by_name) == ["Companies (1)"]
    assert "Gearbox supplier sought" not in by_name
    entries = group(by_title, "cooperation")
    assert "Gearbox supplier sought" in entries
    assert "Geheimnis" not in by_title
    assert "(name withheld)" in entries


def test_named_entry_is_found_by_its_company_name(client):
    CooperationFactory(company=CompanyFactory(name_en="Offen Maschinenbau"), title_en="Service partner sought")

    html = client.get("/en/search/", {"q": "offen"}).content.decode()

    assert "Service partner sought" in group(html, "cooperation")


def test_unpublished_things_never_appear(client):
    CompanyFactory(name_en="Hidden draft company", status=CompanyStatus.DRAFT)
    CompanyFactory(name_en="Hidden archived company", status=CompanyStatus.ARCHIVED)
    EventFactory(title_en="Hidden draft event", status=EventStatus.DRAFT)
    EventFactory(
        title_en="Hidden scheduled event",
        status=EventStatus.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    AnnouncementFactory(title_en="Hidden draft announcement", published_at=None)
    AnnouncementFactory(
        title_en="Hidden future announcement", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    CooperationFactory(title_en="Hidden entry in review", status=CooperationStatus.REVIEW)
    CooperationFactory(title_en="Hidden expired entry", valid_until=timezone.localdate() - datetime.timedelta(days=1))
    CooperationFactory(title_en="Hidden entry of a draft company", company=CompanyFactory(status=CompanyStatus.DRAFT))

    html = client.get("/en/search/", {"q": "hidden"}).content.decode()

    assert "Hidden" not in html.replace("“hidden”", "")
    assert "Nothing found for “hidden”" in html


def test_companies_link_to_the_directory_with_the_query(client):
    for number in range(8):
        CompanyFactory(name_en=f"Foshan Ceramics {number}")

    html = client.get("/en/search/", {"q": "ceramics"}).content.decode()

    companies = group(html, "companies")
    assert companies.count('class="card company-card"') == 6
    assert '<a class="button-link" href="/en/companies/?q=ceramics">' in companies
    assert "See all 8 companies in the directory, with filters" in companies


def test_empty_query_shows_only_the_form(client):
    CompanyFactory(name_en="Osram")

    response = client.get("/en/search/", {"q": "   "})

    html = response.content.decode()
    assert "<title>Search the portal · " in html
    assert "<h1>Search the portal</h1>" in html
    assert 'id="search-q"' in html
    assert group_titles(html) == []
    assert "Nothing found" not in html
    assert "Osram" not in html


def test_zero_results_offer_sectors_and_ways_back(client):
    SectorFactory(name_en="Logistics", slug="logistics")
    SectorFactory(name_en="Environmental services", slug="environment")

    html = client.get("/en/search/", {"q": "zzyzx"}).content.decode()

    assert "Nothing found for “zzyzx”" in html
    assert '<a class="tag" href="/en/companies/?sector=environment">Environmental services</a>' in html
    assert '<a class="tag" href="/en/companies/?sector=logistics">Logistics</a>' in html
    assert '<a class="button" href="/en/companies/">Browse the company directory</a>' in html
    assert 'href="/en/events/">See upcoming events</a>' in html
    assert 'href="/en/cooperation/">See the cooperation board</a>' in html
    assert "Did you mean" not in html


def test_zero_results_offer_the_company_search_suggestions(client, monkeypatch):
    from companies import search as company_search

    monkeypatch.setattr(company_search, "suggestions", lambda query: ["osram", query], raising=False)

    html = client.get("/en/search/", {"q": "osarm"}).content.decode()

    assert 'Did you mean:\n    <a href="/en/search/?q=osram">osram</a></p>' in html


def test_long_query_is_cut_to_200_characters(client):
    response = client.get("/en/search/", {"q": "a" * 5000})

    assert response.status_code == 200
    assert response.context["query"] == "a" * 200


def test_clean_query_drops_control_characters_and_collapses_spaces():
    assert clean_query("  Osram\x00 \t Licht\n") == "Osram Licht"
    assert clean_query(None) == ""
    assert clean_query("欧司朗") == "欧司朗"


def test_what_the_visitor_typed_is_escaped(client):
    html = client.get("/en/search/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_search_page_runs_the_same_number_of_queries_for_one_or_many_matches(client):
    sector = SectorFactory()

    def add_matches(count):
        for _number in range(count):
            company = CompanyFactory(name_en="Tianjin Works", sectors=[sector])
            EventFactory(title_en="Tianjin forum")
            AnnouncementFactory(title_en="Tianjin news")
            CooperationFactory(title_en="Tianjin partner", company=company, sectors=[sector])

    def queries_of_one_search():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/search/", {"q": "tianjin"})
        return len(captured.captured_queries), group_titles(response.content.decode())

    add_matches(1)
    one, titles_one = queries_of_one_search()
    add_matches(4)
    many, titles_many = queries_of_one_search()

    assert titles_one == ["Companies (1)", "Events (1)", "Announcements (1)", "Offers and requests (1)"]
    assert titles_many == ["Companies (5)", "Events (5)", "Announcements (5)", "Offers and requests (5)"]
    assert one == many
    # Per kind a count and a page of rows; cards prefetch sectors (companies, entries) and
    # cities (events): 11. The company search first reads the zone's terms and the words
    # typos are corrected against: 13.
    assert many == 13


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/de/",
        "/zh-hans/",
        "/en/companies/",
        "/de/events/",
        "/zh-hans/cooperation/",
        "/de/cities/",
        "/en/search/?q=osram",
        "/zh-hans/contact/",
        "/de/imprint/",
    ],
)
def test_header_search_box_is_on_every_public_page(client, path):
    html = client.get(path).content.decode()

    language = path.split("/")[1]
    form = re.search(r'<form class="site-search"[^>]*>.*?</form>', html, re.S).group(0)
    assert f'action="/{language}/search/"' in form
    assert 'method="get"' in form
    assert 'role="search"' in form
    assert 'type="search" name="q" id="site-search-q"' in form
    assert '<label class="visually-hidden" id="site-search-label" for="site-search-q">' in form
    assert '<button class="site-search-button" type="submit">' in form


def test_home_page_has_a_larger_search_form(client):
    html = client.get("/en/").content.decode()

    hero = re.search(r'<section class="hero".*?</section>', html, re.S).group(0)
    assert '<form class="form search-form hero-search" action="/en/search/" method="get" role="search"' in hero
    assert "Search companies, events, announcements and cooperation offers" in hero


def test_directory_keeps_its_own_search_with_facets(client):
    html = client.get("/en/companies/", {"q": "osram"}).content.decode()

    assert 'id="site-search-q"' in html
    assert '<input type="search" name="q" id="id_q" value="osram"' in html


def test_language_switcher_keeps_the_query(client):
    html = client.get("/en/search/", {"q": "欧司朗"}).content.decode()

    assert 'href="/de/search/?q=%E6%AC%A7%E5%8F%B8%E6%9C%97"' in html
