"""The companies demo content: complete, trilingual, and safe to load twice."""

from io import BytesIO

import pytest
from PIL import Image

from companies import demo
from companies.demo_logos import initials, logo_png, slug_colour
from companies.models import City, Company, CompanyStatus, ContactPerson, Country, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stored_files(settings):
    return sorted(
        str(path.relative_to(settings.MEDIA_ROOT)) for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()
    )


def counts():
    return (
        Sector.objects.count(),
        City.objects.count(),
        City.partner_cities.through.objects.count(),
        Company.objects.count(),
        Company.sectors.through.objects.count(),
        ContactPerson.objects.count(),
    )


def test_loading_twice_creates_no_duplicate_rows_or_logo_files(settings):
    first_summary = demo.load()
    first_counts, first_files = counts(), stored_files(settings)
    second_summary = demo.load()
    assert counts() == first_counts
    assert stored_files(settings) == first_files
    assert first_summary == second_summary == "9 sectors, 9 alliance cities, 32 companies (30 published)"
    assert len(first_files) == 2 * 32


def test_real_members_carry_their_chinese_names():
    demo.load()
    names = dict(
        Company.objects.filter(slug__in=["osram", "allianz", "remondis"]).values_list("name_en", "name_zh_hans")
    )
    assert names == {"Osram": "欧司朗", "Allianz": "安联", "Remondis": "瑞曼迪斯"}


def test_remondis_german_texts_mention_abfallwirtschaft_and_recycling():
    demo.load()
    remondis = Company.objects.get(slug="remondis")
    german = " ".join([remondis.summary_de, remondis.profile_de, remondis.services_de])
    assert "Abfallwirtschaft" in german
    assert "Recycling" in german


def test_every_company_is_trilingual_and_complete():
    demo.load()
    incomplete = [
        (company.slug, column)
        for company in Company.objects.all()
        for column in [
            f"{field}_{language}"
            for field in ("name", "summary", "profile", "services")
            for language in demo.LANGUAGES
        ]
        + ["city_id", "size", "country"]
        if not getattr(company, column)
    ]
    assert incomplete == []


def test_demo_spreads_companies_over_countries_sectors_and_cities():
    demo.load()
    published = Company.objects.published()
    assert published.filter(country=Country.GERMANY).count() == 16
    assert published.filter(country=Country.CHINA).count() == 14
    assert Company.objects.filter(status=CompanyStatus.DRAFT).count() == 2
    assert published.filter(featured=True).count() == 5
    assert published.members().count() == 29
    assert [sector.slug for sector in Sector.objects.filter(companies__isnull=True)] == []
    assert [city.slug for city in City.objects.filter(companies__isnull=True)] == []
    assert set(published.values_list("city__country", flat=True)) == {Country.CHINA, Country.GERMANY}


def test_cities_have_three_languages_coordinates_and_symmetric_partners():
    demo.load()
    foshan = City.objects.get(slug="foshan")
    assert (foshan.name_zh_hans, foshan.region_de) == ("佛山", "Guangdong")
    assert sorted(foshan.partner_cities.values_list("slug", flat=True)) == ["hannover", "ludwigshafen", "stuttgart"]
    assert "foshan" in City.objects.get(slug="ludwigshafen").partner_cities.values_list("slug", flat=True)
    for city in City.objects.all():
        assert all(getattr(city, f"description_{language}") for language in demo.LANGUAGES), city.slug
        assert city.latitude is not None
        assert city.longitude is not None
    assert set(City.objects.values_list("country", flat=True)) == {Country.CHINA, Country.GERMANY}


def test_invented_cities_are_marked_as_demo_entries_and_documented_ones_are_not():
    demo.load()
    assert City.objects.get(slug="duisburg").description_en.endswith("(Demo entry.)")
    assert City.objects.get(slug="weifang").description_zh_hans.endswith("（演示条目）")
    assert "Demo" not in City.objects.get(slug="taicang").description_en


def test_demo_companies_get_a_resized_logo_and_invented_ones_only_example_addresses():
    demo.load()
    osram = Company.objects.get(slug="osram")
    with Image.open(osram.logo_small.path) as small:
        assert (small.format, small.size) == ("WEBP", (240, 240))
    assert (osram.website, osram.email) == ("https://www.osram.com", "")
    invented = Company.objects.get(slug="hanse-logistik-partner")
    assert (invented.website, invented.email) == (
        "https://www.hanse-logistik-partner.example",
        "info@hanse-logistik-partner.example",
    )
    assert ContactPerson.objects.filter(company__slug__in=["osram", "allianz", "remondis"]).count() == 0
    assert all(email.endswith(".example") for email in ContactPerson.objects.values_list("email", flat=True))


def test_public_contacts_are_translated():
    demo.load()
    contact = ContactPerson.objects.get(name="Chen Yu")
    assert (contact.company.slug, contact.role_de, contact.role_zh_hans, contact.is_public) == (
        "leinetal-messeservice",
        "China-Desk",
        "中国业务负责人",
        True,
    )


def test_every_demo_company_has_its_own_logo_colour():
    colours = [slug_colour(company.slug) for company in demo.COMPANIES]
    assert len(set(colours)) == len(colours)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Hanse Logistics Partner", "HL"), ("Osram", "O"), ("Rhine-Main Industrial", "RM"), ("3D Print", "P")],
)
def test_initials_take_the_first_letters_of_two_words(name, expected):
    assert initials(name) == expected


def test_logo_is_a_square_png_in_the_company_colour():
    with Image.open(BytesIO(logo_png("Osram", "osram"))) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (480, 480), "RGBA")
        assert image.getpixel((20, 240)) == (*slug_colour("osram"), 255)
        assert image.getpixel((0, 0))[3] == 0
