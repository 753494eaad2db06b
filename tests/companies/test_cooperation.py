"""The cooperation board: what visitors see, filters with counts, proposals, and staff review.

Entries a company posts with its name withheld must never give the company away, on any
page or machine-readable output.
"""

import datetime
import json
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyStatus, Cooperation, CooperationKind, CooperationStatus, Country, Direction
from tests.factories import CompanyFactory, CooperationFactory, SectorFactory, UserFactory
from tests.utils import form_data
from zone_portal.roles import ZONE_STAFF

pytestmark = pytest.mark.django_db

BOARD = "/en/cooperation/"


def board_titles(client, query=""):
    html = client.get(BOARD + query).content.decode()
    return re.findall(r'<h[23] class="card-title"><a [^>]*>([^<]+)</a>', html)


@pytest.fixture
def zone_staff(client):
    user = UserFactory(username="zone-staff", is_staff=True)
    user.groups.add(Group.objects.get(name=ZONE_STAFF))
    client.force_login(user)
    return user


# --- What the board shows -------------------------------------------------------------------


def test_board_shows_published_unexpired_entries_of_published_companies_only():
    today = timezone.localdate()
    CooperationFactory(title_en="Shown")
    CooperationFactory(title_en="Last day", valid_until=today)
    CooperationFactory(title_en="Expired", valid_until=today - datetime.timedelta(days=1))
    for status in (CooperationStatus.DRAFT, CooperationStatus.REVIEW, CooperationStatus.CLOSED):
        CooperationFactory(title_en=f"Status {status}", status=status)
    CooperationFactory(title_en="Of a draft company", company=CompanyFactory(status=CompanyStatus.DRAFT))
    CooperationFactory(title_en="Proposed by a newcomer", company=None, organisation="Newcomer GmbH")

    from django.test import Client

    assert sorted(board_titles(Client())) == ["Last day", "Proposed by a newcomer", "Shown"]


def test_an_entry_drops_off_the_day_after_valid_until_with_no_job(client):
    entry = CooperationFactory(title_en="Sensors", valid_until=timezone.localdate())
    assert client.get(entry.get_absolute_url()).status_code == 200
    Cooperation.objects.filter(pk=entry.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert board_titles(client) == []
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_hidden_entries_answer_404_to_visitors_and_show_a_preview_to_staff(client, zone_staff):
    entry = CooperationFactory(status=CooperationStatus.REVIEW)
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this entry is not on the board (In review)." in response.content.decode()
    client.logout()
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_filters_narrow_the_board_and_count_each_option_with_the_other_filters(client):
    sensors, logistics = SectorFactory(name_en="Sensors", slug="sensors"), SectorFactory(name_en="Logistics")
    CooperationFactory(title_en="German sensor offer", sectors=[sensors])
    CooperationFactory(title_en="German sensor request", direction=Direction.REQUEST, sectors=[sensors])
    CooperationFactory(
        title_en="Chinese logistics request",
        direction=Direction.REQUEST,
        kind=CooperationKind.PURCHASING,
        country=Country.CHINA,
        sectors=[logistics],
    )
    assert board_titles(client, "?direction=request&sector=sensors") == ["German sensor request"]
    html = client.get(BOARD + "?direction=request").content.decode()
    assert "2 entries" in html
    # Counted with the direction filter applied: one request each in sensors and logistics.
    assert re.search(r'<option value="sensors">Sensors \(1\)</option>', html)
    # The direction facet ignores its own filter: two offers or requests each way... one offer.
    assert re.search(r'<option value="offer">Offer \(1\)</option>', html)
    assert re.search(r'<option value="request" selected>Request \(2\)</option>', html)
    assert re.search(r'<option value="CN">China \(1\)</option>', html)


@pytest.mark.parametrize("query", ["?kind=nonsense", "?sector=unknown", "?country=ZZ&page=abc", "?page=999"])
def test_unknown_filter_values_are_ignored(client, query):
    CooperationFactory(title_en="Offer")
    response = client.get(BOARD + query)
    assert response.status_code == 200
    assert "Offer" in response.content.decode()


def test_board_runs_the_same_number_of_queries_for_one_or_many_entries(client, django_assert_num_queries):
    sector = SectorFactory()
    CooperationFactory(sectors=[sector])
    with django_assert_num_queries(8) as one:
        client.get(BOARD)
    for _number in range(8):
        CooperationFactory(sectors=[sector, SectorFactory()])
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(BOARD)


def test_entry_page_runs_the_same_number_of_queries_for_few_or_many_sectors(client, django_assert_num_queries):
    few = CooperationFactory(sectors=[SectorFactory()])
    many = CooperationFactory(sectors=[SectorFactory() for _number in range(6)])
    with django_assert_num_queries(2) as counted:
        client.get(few.get_absolute_url())
    with django_assert_num_queries(len(counted.captured_queries)):
        client.get(many.get_absolute_url())


def test_home_page_and_company_profile_show_entries(client):
    company = CompanyFactory(name_en="Osram")
    CooperationFactory(title_en="LED distributor wanted", company=company)
    assert "LED distributor wanted" in client.get("/en/").content.decode()
    profile = client.get(company.get_absolute_url()).content.decode()
    assert "LED distributor wanted" in profile
    assert reverse("companies:contact", kwargs={"slug": company.slug}) in profile


# --- Withheld names -------------------------------------------------------------------------


def test_an_entry_with_a_withheld_name_never_gives_the_company_away(client):
    company = CompanyFactory(name_en="Hidden Machines GmbH", slug="hidden-machines")
    entry = CooperationFactory(title_en="Joint venture partner wanted", company=company, anonymous=True)
    pages = {
        "board": client.get(BOARD).content.decode(),
        "entry": client.get(entry.get_absolute_url()).content.decode(),
        "home": client.get("/en/").content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
        "feed": client.get("/en/events/feed/").content.decode(),
    }
    for name, page in pages.items():
        assert "Hidden Machines" not in page, name
        if name != "sitemap":  # which lists the company's own (public) profile, unconnected
            assert "hidden-machines" not in page, name
    assert "Joint venture partner wanted" in pages["board"]
    assert "A company from Germany (name withheld)" in pages["entry"]
    assert entry.get_absolute_url() in pages["sitemap"]
    # The company's own profile does not list the entry (that would name it).
    assert "Joint venture partner wanted" not in client.get(company.get_absolute_url()).content.decode()
    # Searching the directory for the entry's words does not lead to the company.
    assert "Hidden Machines" not in client.get("/en/companies/?q=venture+partner").content.decode()
    # Nor does the JSON-LD of any page.
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', pages["entry"], re.S):
        assert "Hidden" not in json.dumps(json.loads(block))


# --- Proposals ------------------------------------------------------------------------------


def proposal_data(client, language="en", **changes):
    """What a visitor sends: the proposal form as the page renders it, filled in."""
    html = client.get(f"/{language}/cooperation/propose/").content.decode()
    data = {
        **form_data(html, "proposal-form"),
        "direction": "request",
        "kind": "purchasing",
        "title": "Supplier of aluminium profiles wanted",
        "description": "We need 20 tonnes a month.",
        "organisation": "Foshan Windows Ltd.",
        "country": "CN",
        "target_country": "DE",
        "valid_until": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "contact_name": "Li Wei",
        "contact_email": "li.wei@example.com",
        "consent": "on",
    }
    return {**data, **changes}


def test_a_proposal_goes_to_review_and_the_zone_is_told(client, django_capture_on_commit_callbacks, settings):
    mail.outbox = []
    sector = SectorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/cooperation/propose/", proposal_data(client, sectors=[sector.pk]))
    assert response.status_code == 302
    entry = Cooperation.objects.get()
    assert (entry.status, entry.company, entry.organisation) == (CooperationStatus.REVIEW, None, "Foshan Windows Ltd.")
    assert list(entry.sectors.all()) == [sector]
    assert board_titles(client) == []
    assert [message.to for message in mail.outbox] == [[settings.ZONE_CONTACT_EMAIL]]
    assert "Supplier of aluminium profiles wanted" in mail.outbox[0].subject


def test_a_chinese_proposal_is_stored_in_the_chinese_columns(client):
    client.post(
        "/zh-hans/cooperation/propose/",
        proposal_data(client, "zh-hans", title="寻找铝型材供应商", description="每月20吨。"),
    )
    entry = Cooperation.objects.get()
    assert (entry.title_zh_hans, entry.description_zh_hans) == ("寻找铝型材供应商", "每月20吨。")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Tick the box to agree to the privacy notice"),
        ({"direction": ""}, "Select whether you offer something or are looking for it"),
        ({"kind": ""}, "Select the kind of cooperation"),
        ({"title": ""}, "Enter a title"),
        ({"description": ""}, "Enter a description"),
        ({"organisation": ""}, "Enter the name of your organisation"),
        ({"country": ""}, "Select your country"),
        ({"valid_until": ""}, "Enter the last day the entry stays on the board"),
        ({"contact_name": ""}, "Enter your full name"),
        ({"contact_email": ""}, "Enter your email address"),
        ({"valid_until": "2000-01-01"}, "Choose a day from today on."),
        ({"valid_until": "2999-01-01"}, "Choose a day at most a year from today."),
        ({"valid_until": "tomorrow"}, "Enter a real date, for example 2026-12-31"),
        ({"contact_email": "nope"}, "Enter an email address in the correct format, like name@example.com"),
        ({"description": "x" * 20_000}, "Description must be 5000 characters or fewer"),
        ({"kind": "bribery"}, "Select a kind of cooperation from the list"),
    ],
)
def test_bad_proposals_get_a_clear_error_and_nothing_is_saved(client, changes, message):
    response = client.post("/en/cooperation/propose/", proposal_data(client, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Cooperation.objects.exists()


def test_cooperation_slugs_never_take_the_proposal_page():
    entry = CooperationFactory(title_en="Propose")
    assert entry.slug != "propose"


# --- Staff review in the admin --------------------------------------------------------------


def test_staff_publish_reviewed_entries_and_entries_naming_nobody_are_refused(client, zone_staff):
    proposal = CooperationFactory(title_en="Proposal", status=CooperationStatus.REVIEW, company=None, organisation="X")
    nameless = CooperationFactory(title_en="Nameless", status=CooperationStatus.REVIEW, company=None)
    response = client.post(
        reverse("admin:companies_cooperation_changelist"),
        {"action": "publish", "_selected_action": [proposal.pk, nameless.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 entry was published." in html
    assert "1 entry names no company or organisation and was not published." in html
    proposal.refresh_from_db()
    assert proposal.status == CooperationStatus.PUBLISHED and proposal.published_at is not None
    assert board_titles(client) == ["Proposal"]
    assert LogEntry.objects.filter(user=zone_staff, object_id=str(proposal.pk), change_message="Published.").exists()


def test_staff_edit_an_entry_in_the_admin_form_and_it_is_logged_once(client, zone_staff):
    entry = CooperationFactory(title_en="Old title")
    url = reverse("admin:companies_cooperation_change", args=[entry.pk])
    html = client.get(url).content.decode()
    data = form_data(html, "cooperation_form")
    assert data["title_en"] == "Old title"
    data["title_de"] = "Neuer Titel"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.title_de == "Neuer Titel"
    assert client.get("/de/cooperation/").content.decode().count("Neuer Titel") == 1
    assert LogEntry.objects.filter(object_id=str(entry.pk)).count() == 1


def test_close_action_takes_entries_off_the_board(client, zone_staff):
    entry = CooperationFactory(title_en="Found a partner")
    client.post(reverse("admin:companies_cooperation_changelist"), {"action": "close", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.status == CooperationStatus.CLOSED
    assert board_titles(client) == []
