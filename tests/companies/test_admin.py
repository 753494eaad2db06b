"""The staff admin of companies, cities and sectors: lists, forms, uploads, actions, roles."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from companies.models import Company, CompanyStatus, Country
from tests.companies.test_images import SVG, bomb_png, image_bytes
from tests.factories import CityFactory, CompanyFactory, ContactPersonFactory, SectorFactory, UserFactory
from zone_portal.roles import VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:companies_company_changelist")
ADD = reverse("admin:companies_company_add")


def change_url(company):
    return reverse("admin:companies_company_change", args=[company.pk])


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="zone-staff", is_staff=True)
    user.groups.add(Group.objects.get(name=ZONE_STAFF))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def viewer_client(client):
    user = UserFactory(username="viewer", is_staff=True)
    user.groups.add(Group.objects.get(name=VIEWERS))
    client.force_login(user)
    return client


def stored_logo_files(settings):
    return sorted(path.name for path in (settings.MEDIA_ROOT / "companies").rglob("*") if path.is_file())


def company_form_data(**overrides):
    """Return a complete POST body of the company form, with an empty contacts inline."""
    city = CityFactory(name_en="Foshan", slug="foshan")
    sector = SectorFactory(name_en="Lighting", slug="lighting")
    data = {
        "status": CompanyStatus.PUBLISHED,
        "country": Country.GERMANY,
        "city": city.pk,
        "sectors": [sector.pk],
        "name_en": "Lumen Works",
        "name_de": "Lumen Werke",
        "name_zh_hans": "流明工厂",
        "summary_en": "Lighting for factories.",
        "founded_year": "1998",
        "size": "medium",
        "member_since": "2019-05-01",
        "website": "https://lumen.example",
        "email": "info@lumen.example",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


# --- Changelist ---------------------------------------------------------------------------


def test_changelist_shows_resized_logo_name_country_city_status_and_membership(staff_client):
    company = CompanyFactory(
        name_en="Osram",
        city=CityFactory(name_en="Foshan"),
        member_since=datetime.date(2017, 3, 1),
        logo=ContentFile(image_bytes(size=(500, 500)), name="osram.png"),
    )
    response = staff_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<img src="/media/{company.logo_small.name}" alt="" width="40" height="40" class="admin-logo">' in html
    assert company.logo.name not in html
    assert ">Osram</a>" in html
    assert '<td class="field-city nowrap">Foshan</td>' in html or '<td class="field-city">Foshan</td>' in html
    assert '<td class="field-member"><img src="/static/admin/img/icon-yes.svg" alt="True"></td>' in html


@pytest.mark.parametrize("rows", [1, 6])
def test_changelist_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, rows):
    sectors = SectorFactory.create_batch(3)
    for _ in range(rows):
        CompanyFactory(sectors=sectors, logo=ContentFile(image_bytes(size=(60, 60)), name="l.png"))
        ContactPersonFactory.create_batch(2, company=Company.objects.last())
    staff_client.get(CHANGELIST)  # Warm the session and content-type caches.
    # Session, user, user's and groups' permissions, sector and city filter choices,
    # filtered and total counts, companies joined with their cities.
    with django_assert_num_queries(9):
        response = staff_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("欧司朗", ["Osram"]),
        ("Abfallwirtschaft", ["Remondis"]),
        ("remondis-gmbh", ["Remondis"]),
        ("info@osram", ["Osram"]),
    ],
)
def test_changelist_search_finds_names_in_every_language_slug_and_email(staff_client, term, expected):
    CompanyFactory(name_en="Osram", name_zh_hans="欧司朗", email="info@osram.example")
    CompanyFactory(name_en="Remondis", name_de="Remondis Abfallwirtschaft", slug="remondis-gmbh")
    CompanyFactory(name_en="Allianz", name_zh_hans="安联")
    response = staff_client.get(CHANGELIST, {"q": term})
    assert [company.name for company in response.context["cl"].result_list] == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("yes", ["Member"]), ("no", ["Prospect"]), ("", ["Member", "Prospect"])]
)
def test_membership_filter_splits_members_from_others(staff_client, value, expected):
    CompanyFactory(name_en="Member", member_since=datetime.date(2020, 1, 1))
    CompanyFactory(name_en="Prospect", member_since=None)
    response = staff_client.get(CHANGELIST, {"member": value} if value else {})
    assert [company.name for company in response.context["cl"].result_list] == expected


def test_sector_country_status_and_featured_filters_narrow_the_list(staff_client):
    lighting = SectorFactory(name_en="Lighting")
    CompanyFactory(name_en="Bright", sectors=[lighting], country=Country.GERMANY, featured=True)
    CompanyFactory(name_en="Dim", country=Country.CHINA, status=CompanyStatus.DRAFT)
    assert [
        c.name for c in staff_client.get(CHANGELIST, {"sectors__id__exact": lighting.pk}).context["cl"].result_list
    ] == ["Bright"]
    assert [c.name for c in staff_client.get(CHANGELIST, {"country__exact": "CN"}).context["cl"].result_list] == [
        "Dim"
    ]
    assert [c.name for c in staff_client.get(CHANGELIST, {"status__exact": "draft"}).context["cl"].result_list] == [
        "Dim"
    ]
    assert [c.name for c in staff_client.get(CHANGELIST, {"featured__exact": "1"}).context["cl"].result_list] == [
        "Bright"
    ]


# --- Change form --------------------------------------------------------------------------


def test_change_form_groups_translated_fields_per_language_and_never_shows_untranslated_name(staff_client):
    company = CompanyFactory(name_en="Osram", name_zh_hans="欧司朗")
    ContactPersonFactory(company=company, name="Anna Becker")
    response = staff_client.get(change_url(company))
    html = response.content.decode()
    assert [fieldset.name for fieldset in response.context["adminform"]][1:4] == ["English", "Deutsch", "中文"]
    assert 'name="name_en"' in html
    assert 'name="name_zh_hans"' in html
    assert 'name="name"' not in html
    assert 'value="Anna Becker"' in html
    assert 'accept="image/png,image/jpeg,image/webp"' in html


def test_change_form_links_to_the_public_profile_and_keeps_the_slug_read_only(staff_client):
    company = CompanyFactory(name_en="Osram", slug="osram")
    response = staff_client.get(change_url(company))
    html = response.content.decode()
    assert reverse("admin:view_on_site", args=[response.context["content_type_id"], company.pk]) in html
    assert 'name="slug"' not in html
    assert '<div class="readonly">osram</div>' in html


def test_add_form_with_a_real_png_creates_the_company_and_its_resized_logo(staff_client):
    logo = SimpleUploadedFile("lumen.png", image_bytes(size=(960, 480)), content_type="image/png")
    response = staff_client.post(ADD, company_form_data(logo=logo))
    assert response.status_code == 302
    company = Company.objects.get()
    assert (company.slug, company.name_zh_hans, company.sectors.get().slug) == ("lumen-works", "流明工厂", "lighting")
    with Image.open(company.logo_small.path) as small:
        assert (small.format, small.size) == ("WEBP", (240, 120))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.svg",
            SVG,
            "This file is not an image we can read. Upload a PNG, JPEG or WebP file (SVG is not accepted).",
        ),
        ("logo.png", b"plain text pretending to be a picture", "This file is not an image we can read."),
        ("bomb.png", None, "The image is too large in pixels; the largest allowed is 25 megapixels."),
        (
            "logo.gif",
            image_bytes(image_format="GIF", mode="P", color=1),
            "Only PNG, JPEG and WebP images are accepted.",
        ),
        (
            "huge.png",
            b"\x89PNG" + b"\0" * (5 * 1024 * 1024),
            "The image is 5.0\xa0MB; the largest allowed is 5.0\xa0MB.",
        ),
    ],
)
def test_add_form_refuses_bad_logos_with_a_clear_message_and_saves_nothing(
    staff_client, settings, name, content, message
):
    content = bomb_png() if content is None else content
    logo = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = staff_client.post(ADD, company_form_data(logo=logo))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["logo"]
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert Company.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "companies").exists()


def test_change_form_replaces_the_logo_and_deletes_the_old_files(
    staff_client, settings, django_capture_on_commit_callbacks
):
    company = CompanyFactory(logo=ContentFile(image_bytes(size=(300, 300)), name="old.png"))
    data = company_form_data(
        logo=SimpleUploadedFile("new.png", image_bytes(size=(480, 240)), content_type="image/png"),
        name_en=company.name_en,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(change_url(company), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.logo_small.name.startswith("companies/logos/small/new")
    assert stored_logo_files(settings) == sorted(
        [company.logo.name.rsplit("/", 1)[1], company.logo_small.name.rsplit("/", 1)[1]]
    )


def test_change_form_clear_checkbox_removes_logo_and_resized_logo(
    staff_client, settings, django_capture_on_commit_callbacks
):
    company = CompanyFactory(logo=ContentFile(image_bytes(), name="old.png"))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            change_url(company), company_form_data(name_en=company.name_en, **{"logo-clear": "on"})
        )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.logo.name, company.logo_small.name) == ("", "")
    assert stored_logo_files(settings) == []


def test_contact_people_are_edited_inline(staff_client):
    data = company_form_data(
        **{
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Li Wei",
            "contacts-0-role_en": "Sales manager",
            "contacts-0-role_zh_hans": "销售经理",
            "contacts-0-languages": ["zh", "en", "yue"],
            "contacts-0-email": "li.wei@lumen.example",
            "contacts-0-position": "0",
        }
    )
    assert staff_client.post(ADD, data).status_code == 302
    contact = Company.objects.get().contacts.get()
    assert (contact.name, contact.role_zh_hans, contact.is_public) == ("Li Wei", "销售经理", False)
    assert contact.languages == ["en", "zh", "yue"]


def test_sector_autocomplete_searches_names_in_every_language(staff_client):
    SectorFactory(name_en="Recycling and environmental services", name_de="Recycling und Umwelt", name_zh_hans="回收")
    SectorFactory(name_en="Insurance")
    url = reverse("admin:autocomplete")
    params = {"app_label": "companies", "model_name": "company", "field_name": "sectors", "term": "回收"}
    results = json.loads(staff_client.get(url, params).content)["results"]
    assert [result["text"] for result in results] == ["Recycling and environmental services"]


# --- Bulk actions -------------------------------------------------------------------------


def run_action(client, action, companies):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [company.pk for company in companies]}, follow=True
    )


def test_publish_action_publishes_drafts_counts_only_changes_and_logs_each(staff_client):
    drafts = CompanyFactory.create_batch(2, status=CompanyStatus.DRAFT)
    already = CompanyFactory(status=CompanyStatus.PUBLISHED)
    response = run_action(staff_client, "publish", [*drafts, already])
    assert [str(message) for message in response.context["messages"]] == ["2 companies were published."]
    assert set(Company.objects.values_list("status", flat=True)) == {CompanyStatus.PUBLISHED}
    entries = LogEntry.objects.filter(action_flag=CHANGE, user=staff_client.user)
    assert sorted(int(entry.object_id) for entry in entries) == sorted(company.pk for company in drafts)
    assert entries.first().get_change_message() == "Changed Status."


def test_archive_action_archives_and_says_how_many(staff_client):
    company = CompanyFactory(status=CompanyStatus.PUBLISHED)
    response = run_action(staff_client, "archive", [company])
    assert [str(message) for message in response.context["messages"]] == ["1 company was archived."]
    company.refresh_from_db()
    assert company.status == CompanyStatus.ARCHIVED


def test_feature_and_unfeature_actions_toggle_the_flag(staff_client):
    companies = CompanyFactory.create_batch(3, featured=False)
    response = run_action(staff_client, "feature", companies[:2])
    assert [str(message) for message in response.context["messages"]] == ["2 companies are now featured."]
    assert sorted(Company.objects.filter(featured=True).values_list("pk", flat=True)) == [c.pk for c in companies[:2]]
    response = run_action(staff_client, "unfeature", companies)
    assert [str(message) for message in response.context["messages"]] == ["2 companies are no longer featured."]
    assert Company.objects.filter(featured=True).count() == 0


# --- Roles --------------------------------------------------------------------------------


def test_zone_staff_can_edit_a_company(staff_client):
    company = CompanyFactory(name_en="Old name")
    response = staff_client.post(change_url(company), company_form_data(name_en="New name"))
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.name_en, company.slug) == ("New name", "old-name")


def test_viewer_can_read_the_company_admin_but_not_change_it(viewer_client):
    company = CompanyFactory(name_en="Osram", status=CompanyStatus.DRAFT)
    changelist = viewer_client.get(CHANGELIST)
    assert changelist.status_code == 200
    assert [c.name for c in changelist.context["cl"].result_list] == ["Osram"]
    # Viewers read the admin for reports: they are offered no action, only the export button.
    assert changelist.context["action_form"] is None or not [
        value for value, _label in changelist.context["action_form"].fields["action"].choices if value
    ]
    assert (changelist.context["has_export_permission"], changelist.context["has_import_permission"]) == (True, False)
    form = viewer_client.get(change_url(company))
    assert form.status_code == 200
    assert 'name="_save"' not in form.content.decode()
    assert viewer_client.post(change_url(company), company_form_data(name_en="Hacked")).status_code == 403
    assert viewer_client.get(ADD).status_code == 403
    assert run_action(viewer_client, "publish", [company]).status_code == 200
    company.refresh_from_db()
    assert (company.name_en, company.status) == ("Osram", CompanyStatus.DRAFT)


def test_staff_user_without_a_role_cannot_see_companies(client):
    client.force_login(UserFactory(username="nobody", is_staff=True))
    assert client.get(CHANGELIST).status_code == 403


# --- Cities and sectors -------------------------------------------------------------------


def test_city_changelist_counts_companies_per_city(staff_client):
    foshan = CityFactory(name_en="Foshan", country=Country.CHINA)
    CityFactory(name_en="Duisburg", country=Country.GERMANY)
    CompanyFactory.create_batch(3, city=foshan)
    response = staff_client.get(reverse("admin:companies_city_changelist"))
    assert [(city.name, city.company_count) for city in response.context["cl"].result_list] == [
        ("Foshan", 3),
        ("Duisburg", 0),
    ]


def test_city_changelist_filters_by_country_and_searches_chinese_names(staff_client):
    CityFactory(name_en="Foshan", name_zh_hans="佛山", country=Country.CHINA)
    CityFactory(name_en="Duisburg", country=Country.GERMANY)
    url = reverse("admin:companies_city_changelist")
    assert [c.name for c in staff_client.get(url, {"country__exact": "DE"}).context["cl"].result_list] == ["Duisburg"]
    assert [c.name for c in staff_client.get(url, {"q": "佛山"}).context["cl"].result_list] == ["Foshan"]


@pytest.mark.parametrize("rows", [1, 5])
def test_city_and_sector_changelists_run_a_fixed_number_of_queries(staff_client, django_assert_num_queries, rows):
    for _ in range(rows):
        city = CityFactory()
        city.partner_cities.add(CityFactory())
        CompanyFactory(city=city, sectors=[SectorFactory()])
    staff_client.get(reverse("admin:companies_city_changelist"))
    # Session, user, user's and groups' permissions, filtered and total counts, annotated rows.
    with django_assert_num_queries(7):
        staff_client.get(reverse("admin:companies_city_changelist"))
    with django_assert_num_queries(7):
        staff_client.get(reverse("admin:companies_sector_changelist"))


def test_city_form_edits_partner_cities_with_autocomplete(staff_client):
    city = CityFactory(name_en="Foshan")
    partner = CityFactory(name_en="Ludwigshafen", country=Country.GERMANY)
    city.partner_cities.add(partner)
    html = staff_client.get(reverse("admin:companies_city_change", args=[city.pk])).content.decode()
    assert 'class="admin-autocomplete' in html
    assert f'<option value="{partner.pk}" selected>Ludwigshafen</option>' in html


def test_sector_changelist_counts_companies(staff_client):
    lighting = SectorFactory(name_en="Lighting")
    CompanyFactory.create_batch(2, sectors=[lighting])
    response = staff_client.get(reverse("admin:companies_sector_changelist"))
    assert [(sector.name, sector.company_count) for sector in response.context["cl"].result_list] == [("Lighting", 2)]


def test_company_admin_pages_load_the_admin_stylesheet_for_logo_previews(staff_client):
    html = staff_client.get(CHANGELIST).content.decode()
    assert '<link href="/static/css/admin.css" media="all" rel="stylesheet">' in html


def test_company_whose_stored_logo_went_missing_can_still_be_saved(staff_client, settings):
    company = CompanyFactory(logo=ContentFile(image_bytes(), name="lost.png"))
    (settings.MEDIA_ROOT / company.logo.name).unlink()
    response = staff_client.post(change_url(company), company_form_data(name_en="Still editable"))
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name_en == "Still editable"


def test_deleting_companies_in_the_admin_deletes_their_logo_files(
    staff_client, settings, django_capture_on_commit_callbacks
):
    companies = [CompanyFactory(logo=ContentFile(image_bytes(), name=f"logo{n}.png")) for n in range(2)]
    assert len(stored_logo_files(settings)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            CHANGELIST,
            {"action": "delete_selected", "post": "yes", "_selected_action": [company.pk for company in companies]},
        )
    assert response.status_code == 302
    assert Company.objects.count() == 0
    assert stored_logo_files(settings) == []


def test_export_gives_excel_ready_csv_with_every_language_and_no_formulas(viewer_client):
    osram = CompanyFactory(
        name_en="Osram", name_de="Osram", name_zh_hans="欧司朗", sectors=[SectorFactory(name_en="Lighting")]
    )
    sneaky = CompanyFactory(name_en="=HYPERLINK(evil)", phone="+49 30 1234")
    # The spreadsheet export (docs/IMPORT.md) replaced the CSV action; CSV is its second format.
    response = viewer_client.post(reverse("admin:companies_company_export"), {"format": "1", "resource": "0"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["slug", "name_en", "name_de", "name_zh_hans"]
    by_slug = {row[0]: row for row in rows[1:]}
    assert by_slug["osram"][1:7] == ["Osram", "Osram", "欧司朗", "DE", osram.city.name_en, "Lighting"]
    assert by_slug[sneaky.slug][1] == "'=HYPERLINK(evil)"
    # A phone number is not a formula: it stays as written.
    assert by_slug[sneaky.slug][rows[0].index("phone")] == "+49 30 1234"
