"""Spreadsheet import and export of companies, contact people and cities, through the admin pages."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision

from companies.models import City, Company, CompanyStatus, ContactPerson, Country
from tests.factories import CityFactory, CompanyFactory, ContactPersonFactory, SectorFactory, UserFactory
from tests.utils import form_data
from zone_portal.roles import ORGANISERS, VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:companies_company_changelist")
IMPORT = reverse("admin:companies_company_import")
PROCESS_IMPORT = reverse("admin:companies_company_process_import")
EXPORT = reverse("admin:companies_company_export")
CITY_IMPORT = reverse("admin:companies_city_import")
CITY_EXPORT = reverse("admin:companies_city_export")
XLSX, CSV = "0", "1"
COMPANIES, CONTACTS = "0", "1"


def login(client, role, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def staff_client(client):
    return login(client, ZONE_STAFF, "zone-staff")


@pytest.fixture
def lighting(db):
    return SectorFactory(name_en="Lighting", name_de="Beleuchtung", name_zh_hans="照明", slug="lighting")


@pytest.fixture
def foshan(db):
    return CityFactory(name_en="Foshan", name_de="Foshan", name_zh_hans="佛山", slug="foshan", country=Country.CHINA)


@pytest.fixture
def osram(lighting, foshan):
    return CompanyFactory(
        name_en="Osram",
        name_de="Osram",
        name_zh_hans="欧司朗",
        slug="osram",
        country=Country.GERMANY,
        city=foshan,
        sectors=[lighting],
        status=CompanyStatus.PUBLISHED,
        founded_year=1919,
        website="https://www.osram.example",
        phone="+86 757 8123 4567",
        summary_de="Licht aus München – für Fabriken.",
        profile_en="Line one.\r\nLine two.",
    )


# Osram's row as an export writes it, for the columns the tests' files have.
OSRAM_ROW = {
    "slug": "osram",
    "name_en": "Osram",
    "name_de": "Osram",
    "name_zh_hans": "欧司朗",
    "country": "DE",
    "city": "Foshan",
    "sectors": "Lighting",
    "status": "published",
    "founded_year": 1919,
    "website": "https://www.osram.example",
}


def xlsx_file(rows, name="companies.xlsx"):
    """Return an upload of an XLSX whose first row is the heading of ``rows`` (a list of dicts)."""
    headers = list(dict.fromkeys(key for row in rows for key in row))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile(name, stream.getvalue())


def upload(client, file, *, url=IMPORT, file_format=XLSX, resource=COMPANIES):
    return client.post(url, {"resource": resource, "format": file_format, "import_file": file})


def confirm(client, preview, url=PROCESS_IMPORT):
    return client.post(url, form_data(preview.content.decode(), "confirm-import-form"))


def export(client, query="", file_format=XLSX, resource=COMPANIES, url=EXPORT):
    return client.post(f"{url}{query}", {"format": file_format, "resource": resource})


def read_xlsx(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.rows]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# --- Import: preview, confirm, rejection --------------------------------------------------


def test_preview_lists_new_and_changed_rows_and_saves_nothing(staff_client, osram, lighting, foshan):
    new_row = {
        "slug": "",
        "name_en": "Lumen Works",
        "name_de": "Lumen Werke",
        "name_zh_hans": "流明工厂",
        "country": "Deutschland",
        "city": "佛山",
        "sectors": "beleuchtung",
        "status": "published",
        "founded_year": 1998,
        "website": "lumen.example",
    }
    changed_row = {**OSRAM_ROW, "name_de": "Osram Licht"}
    response = upload(staff_client, xlsx_file([new_row, changed_row]))
    html = response.content.decode()
    assert response.status_code == 200
    result = response.context["result"]
    assert [(row.number, row.import_type) for row in result.valid_rows()] == [(2, "new"), (3, "update")]
    assert [change["label"] for change in result.valid_rows()[1].changes] == ["German name"]
    assert "1 new, 1 changed, 0 unchanged." in html
    assert "<strong>German name</strong>: <del>Osram</del> → <ins>Osram Licht</ins>" in html
    assert 'id="confirm-import-form"' in html
    # A dry run: nothing is saved until the import is confirmed.
    assert list(Company.objects.values_list("name_en", flat=True)) == ["Osram"]
    osram.refresh_from_db()
    assert osram.name_de == "Osram"


def test_confirmed_import_saves_through_the_service_and_the_directory_finds_the_new_company(
    staff_client, client, osram, lighting, foshan
):
    rows = [
        {
            "slug": "",
            "name_en": "Lumen Works",
            "name_de": "Lumen Werke",
            "name_zh_hans": "流明工厂",
            "country": "DE",
            "city": "Foshan",
            "sectors": "Lighting",
            "status": "published",
            "website": "lumen.example",
            "member_since": datetime.date(2020, 5, 1),
        },
        {**OSRAM_ROW, "name_de": "Osram Licht", "member_since": None},
    ]
    preview = upload(staff_client, xlsx_file(rows))
    response = confirm(staff_client, preview)
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    messages = [str(message) for message in staff_client.get(CHANGELIST).context["messages"]]
    assert messages == ["Imported: 1 new, 1 changed, 0 unchanged."]
    lumen = Company.objects.get(name_en="Lumen Works")
    assert (lumen.slug, lumen.name_zh_hans, lumen.website, lumen.city, list(lumen.sectors.all())) == (
        "lumen-works",
        "流明工厂",
        "https://lumen.example",
        foshan,
        [lighting],
    )
    assert lumen.member_since == datetime.date(2020, 5, 1)
    # The service built the search data and wrote the history with the acting user.
    assert "流明" in lumen.search_names
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(object_id=str(lumen.pk), user=staff_client.user).count() == 1
    osram.refresh_from_db()
    assert osram.name_de == "Osram Licht"
    directory = client.get("/zh-hans/companies/", {"q": "流明工厂"})
    assert [company.name_en for company in directory.context["companies"]] == ["Lumen Works"]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"sectors": "Lighting; Quantum"}, "Sectors: Unknown sector “Quantum”."),
        ({"website": "not a web address"}, "Website: Enter a valid URL."),
        ({"founded_year": "nineteen"}, "Year founded: “nineteen” is not a year."),
        ({"founded_year": 1500}, "Year founded: Ensure this value is greater than or equal to 1600."),
        ({"founded_year": 2999}, "Year founded: The year founded cannot be in the future."),
        (
            {"logo": "https://example.com/logo.png"},
            "Logo: Logos are not imported from links: upload the logo on the company’s page in the admin.",
        ),
        ({"city": "Atlantis"}, "Alliance city: Unknown alliance city “Atlantis”."),
        ({"name_en": "Good Two"}, "English name: Duplicate: the same as in row 2."),
        ({"name_en": "OSRAM"}, "English name: Another company is already called “OSRAM” (slug osram)."),
    ],
)
def test_one_bad_row_rejects_the_file_names_the_row_and_saves_nothing(
    staff_client, osram, lighting, foshan, bad, reason
):
    good = {"slug": "", "country": "CN", "sectors": "Lighting", "city": "Foshan"}
    rows = [{**good, "name_en": "Good Two"}, {**good, "name_en": "Good Three"}, {**good, "name_en": "Bad", **bad}]
    response = upload(staff_client, xlsx_file(rows))
    html = response.content.decode()
    rejected = response.context["result"].invalid_rows
    assert len(rejected) == 1
    assert rejected[0].spreadsheet_number == 4
    assert len(rejected[0].reasons) == 1
    assert rejected[0].reasons[0].startswith(reason)
    assert "Nothing can be imported: 1 row is rejected" in html
    assert 'id="confirm-import-form"' not in html
    assert Company.objects.count() == 1


def test_rejection_reasons_are_in_the_admins_language(staff_client, osram):
    rows = [{"slug": "", "name_en": "Neu", "country": "DE", "website": "keine adresse"}]
    response = staff_client.post(
        IMPORT, {"resource": COMPANIES, "format": XLSX, "import_file": xlsx_file(rows)}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.context["result"].invalid_rows[0].reasons == ["Website: Bitte eine gültige Adresse eingeben."]


def test_a_row_that_became_invalid_before_confirming_undoes_the_whole_import(staff_client, osram, lighting):
    rows = [
        {"slug": "", "name_en": "First", "country": "DE", "sectors": "Lighting"},
        {"slug": "", "name_en": "Second", "country": "DE", "sectors": "Lighting"},
    ]
    preview = upload(staff_client, xlsx_file(rows))
    lighting.delete()  # Someone deletes the sector between the preview and the confirmation.
    response = confirm(staff_client, preview)
    assert response.status_code == 302
    assert response["Location"] == IMPORT
    assert list(Company.objects.values_list("name_en", flat=True)) == ["Osram"]


def test_confirmed_import_is_one_revision_with_each_company_once_as_saved(staff_client, osram, lighting, foshan):
    revisions = Revision.objects.count()
    rows = [
        {**OSRAM_ROW, "slug": "", "name_en": "Lumen Works", "name_de": "", "name_zh_hans": ""},
        {**OSRAM_ROW, "name_de": "Osram Licht", "sectors": ""},
    ]
    confirm(staff_client, upload(staff_client, xlsx_file(rows)))
    assert Revision.objects.count() == revisions + 1
    revision = Revision.objects.latest("pk")
    assert revision.user == staff_client.user
    copies = {version.object_repr: version.field_dict for version in revision.version_set.all()}
    assert sorted(copies) == ["Lumen Works", "Osram"]
    assert (copies["Lumen Works"]["sectors"], copies["Lumen Works"]["city_id"]) == ([lighting.pk], foshan.pk)
    assert (copies["Osram"]["name_de"], copies["Osram"]["sectors"]) == ("Osram Licht", [])
    assert list(osram.sectors.all()) == []


def import_queries(client, names):
    """Return the queries of the preview and of the confirmation of a file of new companies."""
    rows = [{"slug": "", "name_en": name, "country": "DE", "city": "佛山", "sectors": "Beleuchtung"} for name in names]
    with CaptureQueriesContext(connection) as preview_queries:
        preview = upload(client, xlsx_file(rows))
    with CaptureQueriesContext(connection) as confirm_queries:
        assert confirm(client, preview).status_code == 302
    return len(preview_queries), len(confirm_queries)


def test_preview_and_import_cost_no_query_per_row(staff_client, osram, lighting, foshan):
    one = import_queries(staff_client, ["New 1"])
    three = import_queries(staff_client, ["New 2", "New 3", "New 4"])
    assert three == one
    assert Company.objects.filter(sectors=lighting, city=foshan).count() == 5


def test_unknown_columns_are_refused(staff_client):
    response = upload(staff_client, xlsx_file([{"slug": "", "name_en": "X", "nmae_de": "Typo"}]))
    assert "Unknown columns: nmae_de." in response.content.decode()
    assert 'id="confirm-import-form"' not in response.content.decode()


# --- Export and round trip ----------------------------------------------------------------


def test_export_follows_the_filters_and_reimports_as_unchanged(staff_client, osram, foshan):
    CompanyFactory(name_en="Elsewhere", country=Country.CHINA)
    response = export(staff_client, "?country__exact=DE")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(response.content)
    assert [row["name_en"] for row in rows] == ["Osram"]
    assert rows[0]["name_zh_hans"] == "欧司朗"
    assert rows[0]["summary_de"] == "Licht aus München – für Fabriken."
    assert rows[0]["sectors"] == "Lighting"
    assert rows[0]["phone"] == "+86 757 8123 4567"
    preview = upload(staff_client, SimpleUploadedFile("export.xlsx", response.content))
    result = preview.context["result"]
    assert [row.import_type for row in result.valid_rows()] == ["skip"]
    assert "0 new, 0 changed, 1 unchanged." in preview.content.decode()


def test_csv_export_is_for_excel_and_round_trips(staff_client, osram):
    sneaky = CompanyFactory(name_en="=HYPERLINK(evil)", phone="+49 30 1234", country=Country.GERMANY)
    response = staff_client.post(EXPORT, {"format": CSV, "resource": COMPANIES}, HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["osram"]["name_zh_hans"] == "欧司朗"
    assert by_slug["osram"]["phone"] == "+86 757 8123 4567"
    assert by_slug[sneaky.slug]["name_en"] == "'=HYPERLINK(evil)"
    assert by_slug[sneaky.slug]["phone"] == "+49 30 1234"
    preview = upload(staff_client, SimpleUploadedFile("export.csv", response.content), file_format=CSV)
    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["skip", "skip"]


def test_english_csv_export_uses_commas(staff_client, osram):
    response = staff_client.post(EXPORT, {"format": CSV, "resource": COMPANIES})
    header = response.content.decode("utf-8").splitlines()[0]
    assert header.startswith("\ufeffslug,name_en,name_de,name_zh_hans,country,city,sectors,status,size,founded_year,")
    assert header.endswith(",address_en,address_de,address_zh_hans")


def test_contacts_of_the_listed_companies_export_and_import(staff_client, osram):
    ContactPersonFactory(company=osram, name="Li Wei", role_en="Sales", phone="+86 757 1111", position=1)
    other = CompanyFactory(name_en="Other", country=Country.CHINA)
    ContactPersonFactory(company=other, name="Hidden")
    response = export(staff_client, "?country__exact=DE", resource=CONTACTS)
    rows = read_xlsx(response.content)
    assert [(row["company"], row["name"], row["phone"]) for row in rows] == [("osram", "Li Wei", "+86 757 1111")]
    rows[0]["role_de"] = "Vertrieb"
    rows.append({"company": "osram", "name": "Anna Schmidt", "role_en": "CEO", "is_public": False, "position": 2})
    preview = upload(staff_client, xlsx_file(rows), resource=CONTACTS)
    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["update", "new"]
    confirm(staff_client, preview)
    assert list(osram.contacts.values_list("name", "role_de", "is_public")) == [
        ("Li Wei", "Vertrieb", True),
        ("Anna Schmidt", "", False),
    ]
    assert ContactPerson.objects.count() == 3


def test_cities_export_and_import_through_the_service(staff_client, foshan):
    CityFactory(name_en="Duisburg", slug="duisburg", country=Country.GERMANY).partner_cities.add(foshan)
    response = export(staff_client, url=CITY_EXPORT)
    rows = read_xlsx(response.content)
    assert [(row["slug"], row["partner_cities"]) for row in rows] == [("foshan", "Duisburg"), ("duisburg", "Foshan")]
    rows.append({"slug": "", "name_en": "Ludwigshafen", "country": "Deutschland", "partner_cities": "佛山"})
    preview = upload(staff_client, xlsx_file(rows), url=CITY_IMPORT)
    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["skip", "skip", "new"]
    confirm(staff_client, preview, url=reverse("admin:companies_city_process_import"))
    ludwigshafen = City.objects.get(name_en="Ludwigshafen")
    assert list(ludwigshafen.partner_cities.all()) == [foshan]


# --- Roles --------------------------------------------------------------------------------


def test_viewers_export_but_cannot_import(client, osram):
    login(client, VIEWERS, "viewer")
    html = client.get(CHANGELIST).content.decode()
    assert f'href="{EXPORT}?' in html or f'href="{EXPORT}"' in html
    assert IMPORT not in html
    assert [row["name_en"] for row in read_xlsx(export(client).content)] == ["Osram"]
    assert client.get(IMPORT).status_code == 403
    assert upload(client, xlsx_file([{"slug": "", "name_en": "X", "country": "DE"}])).status_code == 403
    assert client.post(PROCESS_IMPORT, {}).status_code == 403
    assert Company.objects.count() == 1


def test_organisers_can_neither_import_nor_export(client, osram):
    login(client, ORGANISERS, "organiser")
    assert client.get(IMPORT).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert export(client).status_code == 403
    assert client.get(CITY_EXPORT).status_code == 403
