"""A contact person's languages: codes stored, labels shown in the page's language (issue #9).

The profile and the admin (editable for zone staff, read only for viewers) name the languages
in English, German and Chinese; a form saved back unchanged changes nothing; spreadsheets write
codes and read codes or names in any of the three languages; the migration turned the old free
text, and the copies in the change history, into codes without losing a word.
"""

import importlib
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Revision, Version

from companies.models import ContactPerson, Language
from core import history
from tests.companies.test_import_export import CONTACTS, confirm, export, read_xlsx, upload, xlsx_file
from tests.factories import CompanyFactory, ContactPersonFactory, UserFactory
from tests.utils import form_data
from zone_portal.demo import read_demo_data
from zone_portal.roles import VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db

migration = importlib.import_module("companies.migrations.0007_contact_languages")


def staff_client(client, role=ZONE_STAFF):
    user = UserFactory(username=f"user-{role}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return client


@pytest.fixture
def company(db):
    return CompanyFactory(name_en="Lumen Works", name_zh_hans="流明工厂", slug="lumen-works")


@pytest.fixture
def contact(company):
    return ContactPersonFactory(company=company, name="Li Wei", languages=["zh", "de", "en"], is_public=True)


def change_url(company):
    return reverse("admin:companies_company_change", args=[company.pk])


def shown_languages(html):
    """Return the languages line of each contact on a profile page."""
    return re.findall(r'<span class="text-muted">([^<]*)</span>', html)


# --- The field ----------------------------------------------------------------------------


def test_languages_are_stored_as_codes_in_the_choices_order(contact):
    contact.refresh_from_db()
    assert contact.languages == ["de", "en", "zh"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT languages FROM companies_contactperson WHERE id = %s", [contact.pk])
        assert cursor.fetchone() == ("de,en,zh",)
    assert list(ContactPerson.objects.filter(languages__contains="en")) == [contact]


def test_a_code_not_in_the_list_is_refused(contact):
    contact.languages = ["de", "tlh"]
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert error.value.message_dict == {
        "languages": ["Select a valid choice. tlh is not one of the available choices."]
    }


# --- The profile --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Languages: German, English, Chinese"),
        ("de", "Sprachen: Deutsch, Englisch, Chinesisch"),
        # Chinese separates the items of a list with "、", not a comma.
        ("zh-hans", "沟通语言： 德语、英语、中文"),
    ],
)
def test_profile_names_the_languages_in_the_pages_language(client, contact, language, shown):
    html = client.get(f"/{language}/companies/lumen-works/").content.decode()
    assert shown_languages(html) == [shown]


def test_other_languages_follow_the_listed_ones_as_written(client, contact):
    contact.languages = ["de"]
    contact.other_languages = "Swahili"
    contact.save()
    ContactPersonFactory(company=contact.company, name="Anna", languages=[], position=1)
    html = client.get("/de/companies/lumen-works/").content.decode()
    # A contact without languages has no languages line.
    assert shown_languages(html) == ["Sprachen: Deutsch, Swahili"]


# --- The admin ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "labels", "other"),
    [
        ("en", ["German", "English", "Chinese", "Cantonese"], "Other languages"),
        ("de", ["Deutsch", "Englisch", "Chinesisch"], "Weitere Sprachen"),
        ("zh-hans", ["德语", "英语", "中文"], "其他语言"),
    ],
)
def test_admin_form_offers_the_languages_in_the_admins_language_and_saves_back_unchanged(
    client, contact, language, labels, other
):
    contact.other_languages = "Swahili"
    contact.save()
    staff_client(client)
    response = client.get(change_url(contact.company), HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()

    boxes = re.findall(
        r'<label for="id_contacts-0-languages_0_\d+"><input type="checkbox" name="contacts-0-languages" '
        r'value="(\w+)"[^>]*?( checked)?>\s*([^<]+)</label>',
        html,
    )
    assert [code for code, _checked, _label in boxes] == Language.values
    assert [code for code, checked, _label in boxes if checked] == ["de", "en", "zh"]
    assert [label.strip() for _code, _checked, label in boxes][: len(labels)] == labels
    # Other languages: a box below the checkboxes, labelled for screen readers, with the label as placeholder.
    assert f'<label class="choices-other-label" for="id_contacts-0-languages_1">{other}</label>' in html
    assert re.search(
        rf'<input type="text" name="contacts-0-languages_other" value="Swahili" class="vTextField" '
        rf'placeholder="{other}"',
        html,
    )
    data = form_data(html, "company_form")
    assert (data["contacts-0-languages"], data["contacts-0-languages_other"]) == (["de", "en", "zh"], "Swahili")

    response = client.post(change_url(contact.company), data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.languages, contact.other_languages) == (["de", "en", "zh"], "Swahili")


def test_staff_choose_languages_by_ticking_them_and_name_others(client, contact):
    staff_client(client)
    data = form_data(client.get(change_url(contact.company)).content.decode(), "company_form")
    data["contacts-0-languages"] = ["yue", "en"]
    data["contacts-0-languages_other"] = " Swahili "
    assert client.post(change_url(contact.company), data).status_code == 302
    contact.refresh_from_db()
    assert (contact.languages, contact.other_languages) == (["en", "yue"], "Swahili")


def test_a_new_contact_gets_its_languages_from_the_form(client, contact):
    staff_client(client)
    data = form_data(client.get(change_url(contact.company)).content.decode(), "company_form")
    data.update(
        {
            "contacts-TOTAL_FORMS": "2",
            "contacts-1-name": "Anna Schmidt",
            "contacts-1-position": "1",
            "contacts-1-languages": "de",
            "contacts-1-languages_other": "Plattdeutsch",
        }
    )
    assert client.post(change_url(contact.company), data).status_code == 302
    anna = ContactPerson.objects.get(name="Anna Schmidt")
    assert (anna.languages, anna.other_languages) == (["de"], "Plattdeutsch")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "German, English, Chinese, Swahili"), ("de", "Deutsch, Englisch, Chinesisch, Swahili")],
)
def test_viewers_read_the_languages_by_name(client, contact, language, shown):
    contact.other_languages = "Swahili"
    contact.save()
    staff_client(client, VIEWERS)
    html = client.get(change_url(contact.company), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.findall(r'<td class="field-languages_spoken">\s*<p>([^<]*)</p>', html) == [shown]
    assert 'name="contacts-0-languages"' not in html


def test_restoring_a_version_puts_back_the_contacts_languages(client, contact):
    staff_client(client)
    url = change_url(contact.company)
    client.post(url, form_data(client.get(url).content.decode(), "company_form"))  # a version with de, en, zh
    data = form_data(client.get(url).content.decode(), "company_form")
    data["contacts-0-languages"] = "fr"
    client.post(url, data)
    contact.refresh_from_db()
    assert contact.languages == ["fr"]

    history = client.get(reverse("admin:companies_company_history", args=[contact.company.pk]))
    restore_url = history.context["history_entries"][1]["restore_url"]
    shown = form_data(client.get(restore_url).content.decode(), "company_form")
    assert shown["contacts-0-languages"] == ["de", "en", "zh"]
    assert client.post(restore_url, shown).status_code == 302
    contact.refresh_from_db()
    assert contact.languages == ["de", "en", "zh"]


def test_the_history_names_changed_languages_in_the_readers_language(contact):
    with history.revision(user=None):
        contact.save()
    contact.languages = ["en"]
    with history.revision(user=None):
        contact.save()
    versions = list(Version.objects.get_for_object(contact).order_by("pk"))
    with translation.override("de"):
        assert history.changes(ContactPerson, versions) == [
            [],
            [("Sprachkenntnisse", "Deutsch, Englisch, Chinesisch", "Englisch")],
        ]


# --- Spreadsheets -------------------------------------------------------------------------


def test_export_writes_codes_and_reimports_as_unchanged(client, contact):
    staff_client(client)
    rows = read_xlsx(export(client, resource=CONTACTS).content)
    assert [(row["name"], row["languages"], row["other_languages"]) for row in rows] == [
        ("Li Wei", "de; en; zh", None)
    ]
    preview = upload(client, xlsx_file(rows), resource=CONTACTS)
    assert [row.import_type for row in preview.context["result"].rows] == ["skip"]


@pytest.mark.parametrize(
    "cell",
    [
        "de; en; zh",
        "zh,en,de",
        "German, English, Chinese",
        "Deutsch / Englisch / Chinesisch",
        "德语、英语、中文",
        "Mandarin; deutsch; ENGLISH",
        "普通话，英文，德文",
    ],
)
def test_import_reads_codes_and_names_in_every_language(client, company, cell):
    staff_client(client)
    rows = [{"company": "lumen-works", "name": "Anna Schmidt", "languages": cell, "position": 0}]
    confirm(client, upload(client, xlsx_file(rows), resource=CONTACTS))
    assert ContactPerson.objects.get(name="Anna Schmidt").languages == ["de", "en", "zh"]


def test_import_refuses_a_language_not_in_the_list_and_names_the_row(client, company):
    staff_client(client)
    rows = [
        {"company": "lumen-works", "name": "Anna Schmidt", "languages": "de", "other_languages": "Swahili"},
        {"company": "lumen-works", "name": "Bernd Kurz", "languages": "Deutsch, Klingonisch"},
    ]
    response = upload(client, xlsx_file(rows), resource=CONTACTS)
    result = response.context["result"]
    assert [(row.spreadsheet_number, row.reasons) for row in result.invalid_rows] == [
        (
            3,
            ["Languages spoken: “Klingonisch” is not one of the choices (de, en, zh, yue, fr, it, es, ja, ko, ru)."],
        )
    ]
    assert ContactPerson.objects.count() == 0


# --- Demo data and the migration ----------------------------------------------------------


def test_demo_contacts_name_languages_from_the_list():
    contacts = [contact for company in read_demo_data()["companies"] for contact in company["contacts"]]
    assert contacts
    assert all(contact["languages"] and set(contact["languages"]) <= set(Language.values) for contact in contacts)


@pytest.mark.parametrize(
    ("text", "codes", "other"),
    [
        ("German, English, Chinese", ["de", "en", "zh"], ""),
        ("Chinese, German, English", ["de", "en", "zh"], ""),
        ("Deutsch und Englisch", ["de", "en"], ""),
        ("德语、英语、粤语", ["de", "en", "yue"], ""),
        ("普通话和英语", ["en", "zh"], ""),
        ("Mandarin / english.", ["en", "zh"], ""),
        ("中文; Français", ["zh", "fr"], ""),
        ("German, English (fluent), Swahili", ["de"], "English (fluent), Swahili"),
        ("some Portuguese", [], "some Portuguese"),
        ("", [], ""),
    ],
)
def test_migration_reads_the_free_text_staff_wrote(text, codes, other):
    assert migration.parse(text) == (codes, other)


@pytest.mark.django_db(transaction=True)
def test_migration_converts_contacts_and_their_history_and_back():
    executor = MigrationExecutor(connection)
    before, after = [("companies", "0006_search_terms")], [("companies", "0007_contact_languages")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Company = old_apps.get_model("companies", "Company")
    OldContact = old_apps.get_model("companies", "ContactPerson")
    company = Company.objects.create(name_en="Lumen Works", slug="lumen-works", country="DE")
    kept = OldContact.objects.create(company=company, name="Li Wei", languages="Deutsch, 英语, Swahili")
    empty = OldContact.objects.create(company=company, name="Anna", languages="")
    # A copy in the change history, as django-reversion stored it before the migration.
    revision = Revision.objects.create(date_created=timezone.now(), comment="")
    Version.objects.create(
        revision=revision,
        content_type=ContentType.objects.get_for_model(ContactPerson),
        object_id=str(kept.pk),
        db="default",
        format="json",
        serialized_data=serializers.serialize("json", [kept]),
        object_repr="Li Wei",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    contacts = ContactPerson.objects.in_bulk()
    assert (contacts[kept.pk].languages, contacts[kept.pk].other_languages) == (["de", "en"], "Swahili")
    assert (contacts[empty.pk].languages, contacts[empty.pk].other_languages) == ([], "")
    stored = Version.objects.get_for_object_reference(ContactPerson, kept.pk).get().field_dict
    assert (stored["languages"], stored["other_languages"]) == (["de", "en"], "Swahili")

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    restored = old_apps.get_model("companies", "ContactPerson").objects.get(pk=kept.pk)
    assert restored.languages == "German, English, Swahili"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
