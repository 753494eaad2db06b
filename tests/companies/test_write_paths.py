"""Every way staff change companies keeps the directory and the history right.

Through the admin pages, as zone staff use them: the directory answers from its cache
before and after, and must never show a count that disagrees with its cards.
"""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from companies.models import Company, CompanyStatus
from tests.factories import CompanyFactory, SectorFactory, UserFactory
from tests.utils import form_data
from zone_portal.roles import ZONE_STAFF

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/companies/"
CHANGELIST = reverse("admin:companies_company_changelist")


@pytest.fixture
def staff(client):
    user = UserFactory(username="zone-staff", is_staff=True)
    user.groups.add(Group.objects.get(name=ZONE_STAFF))
    return user


def directory(client, **params):
    """Return the status line's total and the names on the cards, as a visitor sees them."""
    html = client.get(DIRECTORY, params).content.decode()
    total = int(re.search(r'<p class="result-count" role="status">\s*(\d+) compan', html).group(1))
    return total, re.findall(r'<h[23] class="card-title"><a [^>]*>([^<]+)</a>', html)


def action(client, name, companies):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [company.pk for company in companies]})


@pytest.mark.parametrize(
    ("name", "status", "expected"),
    [("publish", CompanyStatus.DRAFT, ["Alpha", "Beta"]), ("archive", CompanyStatus.PUBLISHED, ["Alpha"])],
)
def test_bulk_actions_show_on_the_cached_directory_at_once(client, staff, name, status, expected):
    CompanyFactory(name_en="Alpha")
    beta = CompanyFactory(name_en="Beta", status=status)
    before = directory(client)  # fills the cache
    assert before == (len(before[1]), before[1])
    client.force_login(staff)
    action(client, name, [beta])
    client.logout()
    assert directory(client) == (len(expected), expected)


def test_bulk_feature_shows_on_the_home_page_at_once(client, staff):
    CompanyFactory(name_en="Alpha")
    assert "Alpha" not in client.get("/en/").content.decode()
    client.force_login(staff)
    action(client, "feature", Company.objects.all())
    assert "Alpha" in client.get("/en/").content.decode()


def test_bulk_actions_log_each_changed_company_with_the_user(client, staff):
    draft = CompanyFactory(name_en="Draft", status=CompanyStatus.DRAFT)
    CompanyFactory(name_en="Already published")
    client.force_login(staff)
    action(client, "publish", Company.objects.all())
    entries = LogEntry.objects.filter(user=staff)
    assert [(entry.object_id, entry.get_change_message()) for entry in entries] == [(str(draft.pk), "Changed Status.")]


def test_editing_a_company_in_the_admin_refreshes_search_and_counts(client, staff):
    company = CompanyFactory(name_en="Alpha")
    sector = SectorFactory(name_en="Welding", slug="welding")
    assert directory(client, q="welding") == (0, [])
    client.force_login(staff)
    url = reverse("admin:companies_company_change", args=[company.pk])
    data = form_data(client.get(url).content.decode(), "company_form")
    data["sectors"] = [str(sector.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert directory(client, q="welding") == (1, ["Alpha"])
    assert directory(client, sector="welding") == (1, ["Alpha"])
    # One history entry for the save, written by the admin with the changed fields.
    assert [entry.get_change_message() for entry in LogEntry.objects.filter(user=staff)] == ["Changed Sectors."]


def test_deleting_companies_with_the_stock_action_updates_the_directory(client, staff):
    CompanyFactory(name_en="Alpha")
    beta = CompanyFactory(name_en="Beta")
    assert directory(client)[0] == 2
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [beta.pk], "post": "yes"})
    assert directory(client) == (1, ["Alpha"])


def test_renaming_a_sector_in_the_admin_updates_facets_and_search(client, staff):
    CompanyFactory(name_en="Alpha", sectors=[SectorFactory(name_en="Lighting", slug="lighting")])
    assert "Lighting (1)" in client.get(DIRECTORY).content.decode()
    client.force_login(staff)
    sector = Company.objects.get().sectors.get()
    url = reverse("admin:companies_sector_change", args=[sector.pk])
    data = form_data(client.get(url).content.decode(), "sector_form")
    data["name_en"] = "Light and optics"
    assert client.post(url, data).status_code == 302
    assert "Light and optics (1)" in client.get(DIRECTORY).content.decode()
    assert directory(client, q="optics") == (1, ["Alpha"])
