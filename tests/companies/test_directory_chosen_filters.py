"""The directory names what a visitor chose: the status line lists every active filter, a chip
for each removes that filter alone, and the "Zone member" badge shows only where it tells
something."""

import datetime
import html
import re

import pytest

from tests.factories import CityFactory, CompanyFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/companies/"


def status_line(body):
    text = re.search(r'<p class="result-count" role="status">(.*?)</p>', body, re.S).group(1)
    return html.unescape(" ".join(text.split()))


def chips(body):
    """Return (label, href) of each chip, the hidden "Remove filter" kept in the label."""
    return [
        (html.unescape(re.sub(r"<[^>]+>", "", label)), html.unescape(href))
        for href, label in re.findall(r'<a class="chip" href="([^"]*)">(.*?)</a>', body, re.S)
    ]


@pytest.fixture
def foshan_lamps(lighting):
    foshan = CityFactory(slug="foshan", name_en="Foshan")
    CompanyFactory(
        name_en="Foshan Lamps", sectors=[lighting], city=foshan, country="CN", member_since=datetime.date(2018, 3, 1)
    )
    CompanyFactory(name_en="Lamp Works", sectors=[lighting], city=foshan, country="CN")
    return foshan


def test_each_chosen_filter_is_named_and_has_a_chip_that_removes_only_it(client, foshan_lamps):
    body = client.get(
        DIRECTORY,
        {
            "q": "lamp",
            "country": "CN",
            "sector": "lighting",
            "city": "foshan",
            "size": "",
            "members": "true",
            "sort": "name",
            "page": "1",
        },
    ).content.decode()

    assert status_line(body) == (
        "1 company · matching “lamp” · Country of origin: China · Sector: Lighting · Alliance city: Foshan"
        " · Zone members only"
    )
    assert chips(body) == [
        (
            "Remove filter matching “lamp”",
            "/en/companies/?country=CN&sector=lighting&city=foshan&members=true&sort=name",
        ),
        (
            "Remove filter Country of origin: China",
            "/en/companies/?q=lamp&sector=lighting&city=foshan&members=true&sort=name",
        ),
        ("Remove filter Sector: Lighting", "/en/companies/?q=lamp&country=CN&city=foshan&members=true&sort=name"),
        (
            "Remove filter Alliance city: Foshan",
            "/en/companies/?q=lamp&country=CN&sector=lighting&members=true&sort=name",
        ),
        ("Remove filter Zone members only", "/en/companies/?q=lamp&country=CN&sector=lighting&city=foshan&sort=name"),
    ]
    assert '<a class="chip-clear" href="/en/companies/">Clear filters</a>' in body


def test_removing_the_only_filter_leads_back_to_the_whole_directory(client, foshan_lamps):
    body = client.get(DIRECTORY, {"sector": "lighting"}).content.decode()
    assert status_line(body) == "2 companies · Sector: Lighting"
    assert chips(body) == [("Remove filter Sector: Lighting", "/en/companies/")]
    # One chip is its own way back: no second link to clear.
    assert "chip-clear" not in body


def test_without_filters_the_status_line_only_counts_and_no_chips_show(client, foshan_lamps):
    body = client.get(DIRECTORY).content.decode()
    assert status_line(body) == "2 companies"
    assert chips(body) == []
    assert "chip-list" not in body


def test_an_unknown_value_is_neither_named_nor_offered_for_removal(client, foshan_lamps):
    body = client.get(DIRECTORY, {"sector": "no-such-sector", "city": "foshan"}).content.decode()
    assert status_line(body) == "2 companies · Alliance city: Foshan"
    assert [label for label, _href in chips(body)] == ["Remove filter Alliance city: Foshan"]


def test_the_chips_speak_the_pages_language(client, foshan_lamps, lighting):
    body = client.get("/de/companies/", {"sector": "lighting", "members": "true"}).content.decode()
    assert [label for label, _href in chips(body)] == [
        "Filter entfernen Branche: Beleuchtung",
        "Filter entfernen Nur Mitglieder der Zone",
    ]


def test_member_badge_shows_in_the_directory_but_not_when_only_members_are_listed(client, foshan_lamps):
    badge = '<span class="badge badge-success">Zone member</span>'
    assert client.get(DIRECTORY).content.decode().count(badge) == 1
    body = client.get(DIRECTORY, {"members": "true"}).content.decode()
    assert "Foshan Lamps" in body
    assert badge not in body


def test_the_usual_order_sends_no_value_so_a_new_search_is_ordered_by_relevance(client, foshan_lamps):
    body = client.get(DIRECTORY).content.decode()
    assert '<option value="" selected>Name</option>' in body
    # What the form sends when a visitor types a search on that page and presses Search.
    response = client.get(DIRECTORY, {"q": "lamp", "country": "", "sort": ""})
    assert response.context["sort"] == "relevance"
    body = response.content.decode()
    assert '<option value="" selected>Relevance</option>' in body
    assert '<option value="name">Name</option>' in body


# --- Several sectors at once ----------------------------------------------------------------


def names_on(response):
    return [company.name_en for company in response.context["companies"]]


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_two_sectors_show_companies_in_either_once_each(client, osram, remondis, lighting, recycling, language):
    both = CompanyFactory(name_en="Bright Recycling", sectors=[lighting, recycling])
    CompanyFactory(name_en="Elsewhere Tools")
    response = client.get(f"/{language}/companies/", {"sector": ["lighting", "recycling"]})
    assert names_on(response) == ["Bright Recycling", "Osram", "Remondis"]
    assert response.context["total"] == 3
    body = response.content.decode()
    # Both boxes ticked; each sector's count is what ticking it alone would add to the others.
    assert 'name="sector" value="lighting" checked' in body and 'name="sector" value="recycling" checked' in body
    sector_facet = next(facet for facet in response.context["facets"] if facet["name"] == "sector")
    counts = {option["value"]: option["count"] for option in sector_facet["options"]}
    assert counts["lighting"] == 2 and counts["recycling"] == 2
    assert response.context["companies"][0] == both


def test_a_chip_removes_one_sector_and_keeps_the_other(client, osram, remondis, lighting, recycling):
    body = client.get(DIRECTORY, {"sector": ["lighting", "recycling"], "q": "osram"}).content.decode()
    hrefs = dict(chips(body))
    removing_lighting = next(href for label, href in hrefs.items() if "Lighting" in label)
    assert removing_lighting == "/en/companies/?q=osram&sector=recycling"


def test_sectors_combine_with_a_search_and_the_counts_agree(client, osram, remondis, lighting, recycling):
    response = client.get(DIRECTORY, {"sector": ["lighting", "recycling"], "q": "recycling"})
    assert names_on(response) == ["Remondis"]
    assert response.context["total"] == 1


def test_an_unknown_sector_among_the_chosen_is_ignored_not_an_error(client, osram, remondis):
    # As with any unknown filter value (an old link, a renamed sector): the filter is left out.
    response = client.get(DIRECTORY, {"sector": ["lighting", "no-such-sector"]})
    assert response.status_code == 200
    assert names_on(response) == ["Osram", "Remondis"]
