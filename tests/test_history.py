"""Change history with restore (core/history.py), through the admin pages as staff use them.

Each test edits through the forms and actions, reads the history page, opens an earlier
version, posts it back unchanged (as a browser would) and checks that the portal follows:
search data, the directory's cached counts, the waiting list.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from companies.models import Company, CompanyStatus, ContactPerson
from core import versions
from events.models import RegistrationStatus
from events.services import register_for_event, save_announcement, save_event
from tests.factories import (
    AnnouncementFactory,
    CityFactory,
    CompanyFactory,
    ContactPersonFactory,
    EventFactory,
    SectorFactory,
    UserFactory,
)
from tests.utils import form_data
from zone_portal.roles import ORGANISERS, VIEWERS, ZONE_STAFF

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:companies_company_changelist")


def staff_user(username, role):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff(client):
    user = staff_user("zone-staff", ZONE_STAFF)
    client.force_login(user)
    return user


def company_url(name, company, *args):
    return reverse(f"admin:companies_company_{name}", args=[company.pk, *args])


def open_form(client, url, form_id, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id)


def post_form(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def history(client, url, **headers):
    """Return the history page's entries, newest first, as the template gets them."""
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response, response.context["history_entries"]


def directory_names(client, query):
    html = client.get("/de/companies/", {"q": query}).content.decode()
    return re.findall(r'<h[23] class="card-title"><a [^>]*>([^<]+)</a>', html)


def welder(**kwargs):
    return CompanyFactory(
        name_en="Welding Works",
        name_de="Schweißwerk Alt",
        slug="welding-works",
        status=CompanyStatus.PUBLISHED,
        **kwargs,
    )


# --- Companies ----------------------------------------------------------------------------


def test_history_lists_only_the_changed_field_with_old_and_new_value(client, staff):
    company = welder()
    data = open_form(client, company_url("change", company), "company_form")
    data["name_de"] = "Schweißwerk Neu"
    post_form(client, company_url("change", company), data)

    _response, entries = history(client, company_url("history", company))

    assert [entry["changes"] for entry in entries] == [[("Name [de]", "Schweißwerk Alt", "Schweißwerk Neu")], []]
    newest, first = entries
    assert newest["user"] == staff
    assert newest["restore_url"] is None  # the current version
    assert first["restore_url"] == company_url("revision", company, entries[1]["version_pk"])


def test_history_speaks_the_admins_language(client, staff):
    company = welder(summary_en="Welding.")
    data = open_form(client, company_url("change", company), "company_form")
    data["summary_en"] = "Welding and cutting."
    data["featured"] = "on"
    post_form(client, company_url("change", company), data)

    response, entries = history(client, company_url("history", company), HTTP_ACCEPT_LANGUAGE="de")

    assert entries[0]["changes"] == [
        ("Kurzbeschreibung [en]", "Welding.", "Welding and cutting."),
        ("Hervorgehoben", "Nein", "Ja"),
    ]
    html = response.content.decode()
    assert "<strong>Kurzbeschreibung [en]</strong>: <del>Welding.</del> → <ins>Welding and cutting.</ins>" in html
    assert '<th scope="col">Datum/Zeit</th>' in html


def test_restoring_a_version_refreshes_search_and_the_cached_directory(client, staff):
    company = welder()
    data = open_form(client, company_url("change", company), "company_form")
    data["name_de"] = "Schweißwerk Neu"
    post_form(client, company_url("change", company), data)
    assert directory_names(client, "Alt") == []  # also fills the directory's cache
    assert directory_names(client, "Neu") == ["Schweißwerk Neu"]
    version_before = versions.current(versions.DIRECTORY)
    restore_url = history(client, company_url("history", company))[1][1]["restore_url"]

    shown = open_form(client, restore_url, "company_form")
    assert shown["name_de"] == "Schweißwerk Alt"
    company.refresh_from_db()
    assert company.name_de == "Schweißwerk Neu"  # showing an old version writes nothing
    post_form(client, restore_url, shown)

    company.refresh_from_db()
    assert company.name_de == "Schweißwerk Alt"
    assert "schweißwerk alt" in company.search_names
    assert versions.current(versions.DIRECTORY) > version_before
    assert directory_names(client, "Alt") == ["Schweißwerk Alt"]
    assert directory_names(client, "Neu") == []
    newest = history(client, company_url("history", company))[1][0]
    assert newest["user"] == staff
    assert newest["comment"] == "Restored an earlier version."
    assert newest["changes"] == [("Name [de]", "Schweißwerk Neu", "Schweißwerk Alt")]


def test_restoring_puts_back_contact_people_as_they_were(client, staff):
    company = welder()
    ContactPersonFactory(company=company, name="Anna Alt")
    data = open_form(client, company_url("change", company), "company_form")  # version with Anna
    post_form(client, company_url("change", company), data)
    data = open_form(client, company_url("change", company), "company_form")
    data["contacts-0-name"] = "Anna Neu"
    data.update({"contacts-TOTAL_FORMS": "2", "contacts-1-name": "Bernd", "contacts-1-position": "1"})
    post_form(client, company_url("change", company), data)
    assert sorted(company.contacts.values_list("name", flat=True)) == ["Anna Neu", "Bernd"]

    restore_url = history(client, company_url("history", company))[1][1]["restore_url"]
    post_form(client, restore_url, open_form(client, restore_url, "company_form"))

    assert list(company.contacts.values_list("name", flat=True)) == ["Anna Alt"]


def test_a_deleted_company_is_recovered_with_its_sectors_contacts_and_search_data(client, staff):
    lighting = SectorFactory(name_en="Lighting", name_de="Beleuchtung", slug="lighting")
    company = welder(sectors=[lighting], city=CityFactory(name_en="Foshan", slug="foshan"))
    ContactPersonFactory(company=company, name="Anna")
    data = open_form(client, company_url("change", company), "company_form")
    post_form(client, company_url("change", company), data)
    pk = company.pk
    assert directory_names(client, "Schweißwerk") == ["Schweißwerk Alt"]

    assert client.post(company_url("delete", company), {"post": "yes"}).status_code == 302
    assert not Company.objects.filter(pk=pk).exists()
    assert directory_names(client, "Schweißwerk") == []

    changelist = client.get(CHANGELIST).content.decode()
    recoverlist_url = reverse("admin:companies_company_recoverlist")
    assert f'href="{recoverlist_url}"' in changelist
    deleted = client.get(recoverlist_url).context["deleted"]
    assert [version.object_repr for version in deleted] == ["Welding Works"]
    recover_url = reverse("admin:companies_company_recover", args=[deleted[0].pk])
    post_form(client, recover_url, open_form(client, recover_url, "company_form"))

    recovered = Company.objects.get(pk=pk)
    assert recovered.name_de == "Schweißwerk Alt"
    assert list(recovered.sectors.all()) == [lighting]
    assert recovered.city.name_en == "Foshan"
    assert list(ContactPerson.objects.filter(company=recovered).values_list("name", flat=True)) == ["Anna"]
    assert "beleuchtung" in recovered.search_text
    assert directory_names(client, "Schweißwerk") == ["Schweißwerk Alt"]
    entries = history(client, company_url("history", recovered))[1]
    assert [entry["comment"] for entry in entries[:2]] == ["Recovered after deletion.", "Deleted."]
    assert entries[1]["user"] == staff


def test_publishing_with_the_bulk_action_appears_in_the_history(client, staff):
    draft = CompanyFactory(name_en="Draft Works", status=CompanyStatus.DRAFT)
    other = CompanyFactory(name_en="Other Works", status=CompanyStatus.DRAFT)
    response = client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk, other.pk]})
    assert response.status_code == 302

    entries = history(client, company_url("history", draft))[1]

    assert entries[0]["user"] == staff
    assert entries[0]["changes"] == [("Status", "Draft", "Published")]
    # One revision for the action; restoring one company leaves the other as it is.
    post_form(client, entries[1]["restore_url"], open_form(client, entries[1]["restore_url"], "company_form"))
    assert Company.objects.get(pk=draft.pk).status == CompanyStatus.DRAFT
    assert Company.objects.get(pk=other.pk).status == CompanyStatus.PUBLISHED


def test_a_viewer_reads_the_history_but_cannot_restore_or_recover(client, staff):
    company = welder()
    data = open_form(client, company_url("change", company), "company_form")
    data["name_de"] = "Schweißwerk Neu"
    post_form(client, company_url("change", company), data)
    restore_url = history(client, company_url("history", company))[1][1]["restore_url"]
    client.force_login(staff_user("viewer", VIEWERS))

    response, entries = history(client, company_url("history", company))

    assert entries[0]["changes"] == [("Name [de]", "Schweißwerk Alt", "Schweißwerk Neu")]
    assert [entry["restore_url"] for entry in entries] == [None, None]
    assert "Restore this version" not in response.content.decode()
    assert client.get(restore_url).status_code == 403
    assert client.post(restore_url, data).status_code == 403
    assert client.get(reverse("admin:companies_company_recoverlist")).status_code == 403
    assert Company.objects.get(pk=company.pk).name_de == "Schweißwerk Neu"


def test_the_changelist_runs_no_more_queries_with_history(client, staff, django_assert_num_queries):
    for number in range(4):
        welder_row = CompanyFactory(name_en=f"Company {number}")
        ContactPersonFactory(company=welder_row)
    client.get(CHANGELIST)
    with django_assert_num_queries(9):  # as tests/companies/test_admin.py counts it
        client.get(CHANGELIST)


# --- Events -------------------------------------------------------------------------------


def event_url(name, event, *args):
    return reverse(f"admin:events_event_{name}", args=[event.pk, *args])


def test_restoring_a_larger_capacity_confirms_the_waiting_list(client, django_capture_on_commit_callbacks):
    organiser = staff_user("organiser", ORGANISERS)
    client.force_login(organiser)
    event = EventFactory(capacity=3)
    save_event(event=event, user=organiser)  # the version to come back to: three places
    data = open_form(client, event_url("change", event), "event_form")
    data["capacity"] = "1"
    post_form(client, event_url("change", event), data)
    for number in range(3):
        register_for_event(event=event, name=f"Person {number}", email=f"person{number}@example.com")
    assert list(event.registrations.order_by("email").values_list("status", flat=True)) == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        RegistrationStatus.WAITING,
    ]
    mail.outbox = []
    entries = history(client, event_url("history", event))[1]
    assert entries[0]["changes"] == [("Capacity", "3", "1")]
    restore_url = entries[1]["restore_url"]

    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, restore_url, open_form(client, restore_url, "event_form"))

    event.refresh_from_db()
    assert event.capacity == 3
    assert set(event.registrations.values_list("status", flat=True)) == {RegistrationStatus.CONFIRMED}
    promoted = sorted(message.to[0] for message in mail.outbox if message.subject.startswith("A place is free"))
    assert promoted == ["person1@example.com", "person2@example.com"]


def test_zone_staff_see_event_history_but_only_organisers_restore(client):
    organiser = staff_user("organiser", ORGANISERS)
    event = EventFactory(capacity=3)
    save_event(event=event, user=organiser)
    event.capacity = 5
    save_event(event=event, user=organiser)
    client.force_login(staff_user("zone-staff", ZONE_STAFF))

    entries = history(client, event_url("history", event))[1]

    assert entries[0]["user"] == organiser
    assert entries[0]["changes"] == [("Capacity", "3", "5")]
    assert entries[1]["restore_url"] is None
    assert client.get(event_url("revision", event, entries[1]["version_pk"])).status_code == 403


def test_announcement_changes_are_recorded_through_the_admin(client):
    client.force_login(staff_user("organiser", ORGANISERS))
    announcement = AnnouncementFactory(title_en="Old title")
    save_announcement(announcement=announcement, user=None)  # made before its history began
    url = reverse("admin:events_announcement_change", args=[announcement.pk])
    data = open_form(client, url, "announcement_form")
    data["title_en"] = "New title"
    post_form(client, url, data)

    entries = history(client, reverse("admin:events_announcement_history", args=[announcement.pk]))[1]

    assert entries[0]["changes"] == [("Title [en]", "Old title", "New title")]


def test_rows_older_than_the_history_get_a_first_version_from_createinitialrevisions(client):
    event = EventFactory(capacity=3)  # saved without a service, as rows before the history were
    client.force_login(staff_user("organiser", ORGANISERS))
    assert history(client, event_url("history", event))[1] == []

    call_command("createinitialrevisions", "events.Event", verbosity=0)

    assert len(history(client, event_url("history", event))[1]) == 1
