"""Markup that machines and assistive technology read: heading levels, datetime values, the
language of texts shown in the fallback language, and the "page not found" page's links."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from tests.factories import (
    AnnouncementFactory,
    CityFactory,
    CompanyFactory,
    ContactPersonFactory,
    CooperationFactory,
    EventFactory,
    RegistrationFactory,
    SectorFactory,
)
from tests.validators import ISO_DATETIME_SECONDS, heading_problems

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "zh-hans"]


def document(response):
    return lxml_html.fromstring(response.content.decode())


# --- Page not found ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_not_found_links_to_the_same_address_in_each_language_and_home(client, language):
    response = client.get(f"/{language}/no-such-page/?from=mail")
    assert response.status_code == 404
    page = document(response)
    switcher = {link.get("hreflang"): link.get("href") for link in page.xpath("//nav[@class='language-switcher']//a")}
    assert switcher == {code: f"/{code}/no-such-page/?from=mail" for code in LANGUAGES}
    for code, href in switcher.items():
        other = client.get(href)
        assert other.status_code == 404
        # That language's page, with a way home in it.
        assert document(other).xpath("/html/@lang") == [code]
        assert document(other).xpath(f"//main//a[@href='/{code}/']")
    assert page.xpath(f"//main//a[@href='/{language}/']")
    # Nothing to index: no canonical address and no alternates.
    assert not page.xpath("//link[@rel='canonical' or @rel='alternate']")


def test_missing_company_links_to_the_missing_company_in_each_language(client):
    response = client.get("/de/companies/no-such-company/")
    assert response.status_code == 404
    switcher = [link.get("href") for link in document(response).xpath("//nav[@class='language-switcher']//a")]
    assert switcher == [f"/{code}/companies/no-such-company/" for code in LANGUAGES]


# --- Every public page ---------------------------------------------------------------------


@pytest.fixture
def portal():
    """A little of everything, with German and Chinese left empty here and there (English shows)."""
    foshan = CityFactory(name_en="Foshan", name_de="Foshan", name_zh_hans="佛山", slug="foshan", region_en="Guangdong")
    taicang = CityFactory(name_en="Taicang", slug="taicang")
    foshan.partner_cities.add(taicang)
    sector = SectorFactory(name_en="Logistics", name_de="Logistik", slug="logistics")
    company = CompanyFactory(
        name_en="Remondis",
        slug="remondis",
        city=foshan,
        summary_en="Recycling and water services.",
        profile_en="Recycling, service and water.",
        services_en="Recycling\nWater",
        address_en="1 Recycling Road, Shunde",
        headquarters_en="Lünen",
        sectors=[sector],
    )
    ContactPersonFactory(company=company, role_en="Sales manager")
    CooperationFactory(title_en="Service partner wanted", slug="service-partner", company=company, sectors=[sector])
    start = timezone.now().replace(microsecond=123456) + datetime.timedelta(days=30)
    event = EventFactory(
        title_en="Alliance plenary assembly",
        title_de="Vollversammlung der Allianz",
        slug="plenary",
        summary_en="The yearly assembly.",
        body_en="<p>Programme</p><h2>Speakers</h2><p>Mayors</p>",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        venue__city=foshan,
        cities=[foshan],
        participants=[company],
        organiser_en="Foshan Municipal Government",
    )
    past = timezone.now() - datetime.timedelta(days=60)
    EventFactory(title_en="Hannover Messe matchmaking", slug="hannover", starts_at=past, ends_at=past)
    AnnouncementFactory(
        title_en="Registration opens",
        slug="registration-opens",
        event=event,
        published_at=timezone.now().replace(microsecond=654321) - datetime.timedelta(days=1),
    )
    return {"registration": RegistrationFactory(event=event)}


PAGES = [
    "",
    "companies/",
    "companies/?sector=logistics",
    "companies/remondis/",
    "companies/remondis/contact/",
    "cooperation/",
    "cooperation/service-partner/",
    "cooperation/propose/",
    "contact/",
    "cities/",
    "cities/foshan/",
    "events/",
    "events/past/",
    "events/plenary/",
    "events/announcements/",
    "events/announcements/registration-opens/",
    "imprint/",
    "privacy/",
    "no-such-page/",
]


def public_pages(client, portal, language):
    """Yield (address, HTML) of the main public pages in ``language``."""
    registration = portal["registration"]
    for page in [*PAGES, registration.get_absolute_url().split("/", 2)[2]]:
        url = f"/{language}/{page}"
        response = client.get(url)
        assert response.status_code == (404 if "no-such" in page else 200), url
        yield url, response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_has_one_h1_and_headings_in_order(client, portal, language):
    problems = {url: heading_problems(html) for url, html in public_pages(client, portal, language)}
    assert {url: found for url, found in problems.items() if found} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_datetime_values_are_iso_8601_without_fractions_of_a_second(client, portal, language):
    seen = 0
    for url, html in public_pages(client, portal, language):
        for value in lxml_html.fromstring(html).xpath("//time/@datetime"):
            seen += 1
            assert ISO_DATETIME_SECONDS.fullmatch(value) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (url, value)
    assert seen > 10


def test_event_times_carry_their_own_offset_in_whole_seconds(client):
    start = datetime.datetime(2027, 4, 20, 9, 30, 0, 500000, tzinfo=ZoneInfo("Asia/Shanghai"))
    EventFactory(slug="plenary", starts_at=start, ends_at=start + datetime.timedelta(hours=8))
    page = document(client.get("/en/events/plenary/"))
    assert page.xpath("//dd//time/@datetime") == ["2027-04-20T09:30:00+08:00", "2027-04-20T17:30:00+08:00"]


# --- Texts in the fallback language --------------------------------------------------------


def test_english_texts_on_a_chinese_page_are_marked_english(client, portal):
    page = document(client.get("/zh-hans/events/plenary/"))
    assert page.xpath("/html/@lang") == ["zh-hans"]
    [h1] = page.xpath("//h1")
    assert (h1.text, h1.get("lang")) == ("Alliance plenary assembly", "en")
    [lead] = page.xpath("//p[@class='lead']")
    assert (lead.text, lead.get("lang")) == ("The yearly assembly.", "en")
    assert page.xpath("//div[@class='prose']/@lang") == ["en"]
    # The city has a Chinese name: it needs no mark.
    assert page.xpath("//a[text()='佛山']/@lang") == []
    assert page.xpath("//dd[text()='Foshan Municipal Government']/@lang") == ["en"]


def test_texts_in_the_pages_language_carry_no_lang_of_their_own(client, portal):
    page = document(client.get("/de/events/plenary/"))
    [h1] = page.xpath("//h1")
    assert (h1.text, h1.get("lang")) == ("Vollversammlung der Allianz", None)
    # The German summary is missing: the English one shows, marked.
    assert page.xpath("//p[@class='lead']/@lang") == ["en"]
    english = document(client.get("/en/events/plenary/"))
    assert english.xpath("//main//*[@lang]") == []


def test_a_company_card_and_profile_mark_english_name_summary_and_city(client, portal):
    card = document(client.get("/zh-hans/cities/foshan/")).xpath("//li[contains(@class, 'company-card')]")[0]
    assert card.xpath(".//h3/a/@lang") == ["en"]
    assert card.xpath(".//p[@class='card-body']/@lang") == ["en"]
    profile = document(client.get("/zh-hans/companies/remondis/"))
    assert profile.xpath("//h1/@lang") == ["en"]
    assert profile.xpath("//ul[@class='services']/@lang") == ["en"]
    assert profile.xpath("//a[@class='tag']/@lang") == ["en"]
    city = document(client.get("/de/cities/foshan/"))
    assert city.xpath("//p[@class='lead']/span[@lang='en']/text()") == ["Guangdong"]
