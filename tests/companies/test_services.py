"""companies.services.save_companies: many companies saved at once (an import), as save_company saves each."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from reversion.models import Revision

from companies import services
from companies.models import Company, Country, SearchWord
from tests.companies.test_images import image_bytes, upload
from tests.factories import CityFactory, CompanyFactory, ContactPersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def new_company(name, **fields):
    return Company(name_en=name, country=Country.GERMANY, **fields)


def test_new_companies_get_slugs_no_other_company_has(lighting):
    CompanyFactory(name_en="Lumen Works GmbH", slug="lumen-works")
    saved = services.save_companies(
        companies=[
            (new_company("Lumen Works"), [lighting]),
            (new_company("Lumen-Works"), []),
            (new_company("流明"), None),
            (new_company("Given", slug="given-slug"), None),
        ],
        user=None,
    )
    assert [company.slug for company in saved] == ["lumen-works-2", "lumen-works-3", "company", "given-slug"]
    assert set(Company.objects.values_list("slug", flat=True)) >= {"lumen-works-2", "lumen-works-3", "company"}


def test_new_and_changed_companies_get_sectors_search_data_log_and_one_revision(lighting, recycling, osram, remondis):
    staff = UserFactory(username="importer", is_staff=True)
    foshan = CityFactory(name_en="Foshan", name_de="Foshan", name_zh_hans="佛山", slug="foshan")
    ContactPersonFactory(company=osram, name="Li Wei")
    revisions = Revision.objects.count()
    lumen = new_company("Lumen Works", name_zh_hans="流明工厂", city_id=foshan.pk)
    osram.name_de = "Osram Licht"
    services.save_companies(
        companies=[(lumen, [lighting, recycling]), (osram, None), (remondis, [lighting])],
        user=staff,
    )

    lumen, osram, remondis = (Company.objects.get(slug=slug) for slug in ("lumen-works", "osram", "remondis"))
    assert sorted(lumen.sectors.values_list("slug", flat=True)) == ["lighting", "recycling"]
    assert list(osram.sectors.values_list("slug", flat=True)) == ["lighting"]
    assert list(remondis.sectors.values_list("slug", flat=True)) == ["lighting"]
    # Search data as refresh_search_data makes it: names, sectors and city in every language.
    assert "流明" in lumen.search_names and "佛山" in lumen.search_text and "beleuchtung" in lumen.search_text
    assert "osram licht" in osram.search_text and "beleuchtung" in osram.search_text
    assert "回收" not in remondis.search_text and "照明" in remondis.search_text
    assert SearchWord.objects.filter(word="lumen").exists()
    if connection.vendor == "postgresql":
        assert Company.objects.filter(search_vector__isnull=True).count() == 0

    entries = LogEntry.objects.filter(user=staff).order_by("object_id")
    assert sorted((entry.object_repr, entry.action_flag) for entry in entries) == [
        ("Lumen Works", ADDITION),
        ("Osram", CHANGE),
        ("Remondis", CHANGE),
    ]
    # One revision by the user, each company in it once, with its sectors and contacts as saved.
    assert Revision.objects.count() == revisions + 1
    revision = Revision.objects.latest("pk")
    assert revision.user == staff
    copies = {(version.content_type.model, version.object_repr): version for version in revision.version_set.all()}
    assert sorted(copies) == [
        ("company", "Lumen Works"),
        ("company", "Osram"),
        ("company", "Remondis"),
        ("contactperson", "Li Wei (Osram)"),
    ]
    assert sorted(copies["company", "Lumen Works"].field_dict["sectors"]) == sorted([lighting.pk, recycling.pk])
    assert copies["company", "Remondis"].field_dict["sectors"] == [lighting.pk]
    assert copies["company", "Osram"].field_dict["name_de"] == "Osram Licht"


def test_a_new_company_with_a_logo_gets_its_resized_copy(lighting):
    logo = upload(image_bytes(size=(960, 480)), name="lumen.png")
    (company,) = services.save_companies(companies=[(new_company("Lumen Works", logo=logo), [lighting])], user=None)
    company.refresh_from_db()
    with Image.open(company.logo_small.path) as small:
        assert (small.format, small.size) == ("WEBP", (240, 120))
    assert list(company.sectors.all()) == [lighting]


def count_queries(companies):
    user = UserFactory(is_staff=True)
    with CaptureQueriesContext(connection) as queries:
        services.save_companies(companies=companies, user=user)
    return len(queries)


def test_new_companies_cost_no_query_each(lighting, recycling):
    one = count_queries([(new_company("New 1"), [lighting, recycling])])
    three = count_queries([(new_company(f"New {number}"), [lighting, recycling]) for number in (2, 3, 4)])
    assert three == one


def test_a_changed_company_costs_one_update(lighting, recycling):
    companies = CompanyFactory.create_batch(4, sectors=[lighting])
    one = count_queries([(companies[0], [recycling])])
    three = count_queries([(company, [recycling]) for company in companies[1:]])
    assert three == one + 2
