"""The demo content: complete data files, a loader that only adds, and the demo admin's login."""

import datetime
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from companies import services as company_services
from companies.demo_logos import slug_colour
from companies.models import (
    City,
    Company,
    CompanyStatus,
    ContactPerson,
    Cooperation,
    Country,
    Inquiry,
    InquiryStatus,
    SearchTerm,
    Sector,
    SizeClass,
)
from events import services as event_services
from events.models import Announcement, Event, EventKind, EventStatus, TimeZoneChoice, Venue
from tests.factories import CompanyFactory
from zone_portal.demo import KINDS, LANGUAGES, load_demo_data, read_demo_data
from zone_portal.management.commands.load_demo import DEMO_ADMIN, password_file

DATA = read_demo_data()
# The alliance members and zone members named in public sources (see zone_portal/demo_data/README.md).
DOCUMENTED_CITIES = {"foshan", "taicang", "ludwigshafen"}
REAL_COMPANIES = {"osram", "allianz", "remondis"}
DEMO_MARKS = ("(Demo entry.)", "(Demo-Eintrag.)", "（演示条目）")

# Texts visitors read, per kind: each must be there in all three languages.
TRANSLATED = {
    "sectors": ["name"],
    "search_terms": ["name"],
    "cities": ["name", "region", "description"],
    "companies": ["name", "summary", "profile", "headquarters"],
    "venues": ["name", "address", "directions"],
    "events": ["title", "summary", "organiser"],
    "announcements": ["title", "body"],
    "cooperation": ["title", "description"],
    "inquiries": [],
}


def keys(kind):
    return [entry["key"] if "key" in entry else entry["slug"] for entry in DATA[kind]]


def run(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Sector,
            SearchTerm,
            SearchTerm.sectors.through,
            City,
            City.partner_cities.through,
            Company,
            Company.sectors.through,
            ContactPerson,
            Venue,
            Event,
            Event.cities.through,
            Event.participants.through,
            Announcement,
            Cooperation,
            Cooperation.sectors.through,
            Inquiry,
        )
    }


def stored_files(settings):
    return sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


@pytest.fixture
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- The data files -------------------------------------------------------------------------


def test_every_kind_has_entries_and_unique_keys():
    for kind in KINDS:
        assert DATA[kind], kind
        assert len(set(keys(kind))) == len(keys(kind)), kind
    venue_names = [venue["name"]["en"] for venue in DATA["venues"]]
    assert len(set(venue_names)) == len(venue_names)


@pytest.mark.parametrize("kind", KINDS)
def test_every_text_is_there_in_three_languages(kind):
    missing = [
        (entry.get("slug") or entry["key"], name, language)
        for entry in DATA[kind]
        for name in TRANSLATED[kind]
        for language in LANGUAGES
        if not entry[name].get(language, "").strip()
    ]
    assert missing == []


def test_every_service_and_contact_role_is_there_in_three_languages():
    texts = [
        (company["slug"], text)
        for company in DATA["companies"]
        for text in company["services"] + [contact["role"] for contact in company["contacts"]]
    ]
    assert texts
    assert [slug for slug, text in texts if not all(text.get(language, "").strip() for language in LANGUAGES)] == []


def test_every_reference_names_an_entry_of_the_data():
    sectors, cities, companies = set(keys("sectors")), set(keys("cities")), set(keys("companies"))
    venues, events = set(keys("venues")), set(keys("events"))
    dangling = []
    for city in DATA["cities"]:
        dangling += [("partner", city["slug"], slug) for slug in set(city["partner_cities"]) - cities]
    for company in DATA["companies"]:
        dangling += [("sector", company["slug"], slug) for slug in set(company["sectors"]) - sectors]
        if company["city"] not in cities:
            dangling.append(("city", company["slug"], company["city"]))
    for venue in DATA["venues"]:
        if venue["city"] not in cities:
            dangling.append(("city", venue["key"], venue["city"]))
    for event in DATA["events"]:
        if event["venue"] not in venues | {None}:
            dangling.append(("venue", event["slug"], event["venue"]))
        dangling += [("city", event["slug"], slug) for slug in set(event["cities"]) - cities]
        dangling += [("participant", event["slug"], slug) for slug in set(event["participants"]) - companies]
    for announcement in DATA["announcements"]:
        if announcement["event"] not in events | {None}:
            dangling.append(("event", announcement["slug"], announcement["event"]))
        dangling += [("company", announcement["slug"], slug) for slug in set(announcement["companies"]) - companies]
    assert dangling == []


def test_choices_are_values_the_models_accept():
    for city in DATA["cities"]:
        assert city["country"] in Country.values, city["slug"]
    for company in DATA["companies"]:
        assert company["country"] in Country.values, company["slug"]
        assert company["size"] in SizeClass.values, company["slug"]
        assert company["status"] in CompanyStatus.values, company["slug"]
    for event in DATA["events"]:
        assert event["kind"] in EventKind.values, event["slug"]
        assert event["status"] in EventStatus.values, event["slug"]
        assert event["time_zone"] in TimeZoneChoice.values, event["slug"]
        assert re.fullmatch(r"\d\d:\d\d", event["start_time"]), event["slug"]
        assert (event["publish_in_days"] is not None) == (event["status"] == EventStatus.SCHEDULED), event["slug"]


def test_only_the_real_members_have_real_addresses():
    for company in DATA["companies"]:
        invented = company["slug"] not in REAL_COMPANIES
        assert company["website"].endswith(".example") == invented, company["slug"]
        assert company["email"] == "" or company["email"].endswith(".example"), company["slug"]
        assert all(contact["email"].endswith(".example") for contact in company["contacts"]), company["slug"]
        assert not (company["contacts"] and not invented), company["slug"]


def test_invented_cities_say_they_are_demo_entries():
    for city in DATA["cities"]:
        marked = [city["description"][language].endswith(DEMO_MARKS) for language in LANGUAGES]
        assert marked == [city["slug"] not in DOCUMENTED_CITIES] * 3, city["slug"]


def test_events_lie_in_the_past_and_the_future():
    published = [event for event in DATA["events"] if event["status"] == EventStatus.PUBLISHED]
    assert any(event["starts_in_days"] < 0 for event in published)
    assert any(event["starts_in_days"] > 0 for event in published)


def test_cooperation_entries_and_inquiries_are_invented_and_marked():
    companies = set(keys("companies"))
    for entry in DATA["cooperation"]:
        assert entry["company"] in companies - REAL_COMPANIES, entry["slug"]
        assert all(entry["description"][language].endswith(DEMO_MARKS) for language in LANGUAGES), entry["slug"]
        assert set(entry["sectors"]) <= set(keys("sectors")), entry["slug"]
    entries = set(keys("cooperation"))
    for inquiry in DATA["inquiries"]:
        assert inquiry["key"].endswith("@example.com"), inquiry["key"]
        assert inquiry["company"] in (companies - REAL_COMPANIES) | {None}, inquiry["key"]
        assert inquiry["cooperation"] in entries | {None}, inquiry["key"]
        assert (inquiry["outcome"] == "") == (inquiry["outcome_days_ago"] is None), inquiry["key"]
    # Some entries withhold the name, some have expired; inquiries come in every state.
    assert {entry["anonymous"] for entry in DATA["cooperation"]} == {True, False}
    assert any(entry["valid_in_days"] < 0 for entry in DATA["cooperation"])
    assert {inquiry["status"] for inquiry in DATA["inquiries"]} == set(InquiryStatus.values)


def test_every_demo_company_has_its_own_logo_colour():
    colours = [slug_colour(slug) for slug in keys("companies")]
    assert len(set(colours)) == len(colours)


# --- Loading --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_root")
def test_loading_makes_one_row_per_entry_through_the_services(settings):
    report = load_demo_data()
    assert report.added == {kind: len(DATA[kind]) for kind in KINDS}
    assert Company.objects.count() == len(DATA["companies"])
    assert ContactPerson.objects.count() == sum(len(company["contacts"]) for company in DATA["companies"])
    # save_company filled the search data and the model made the small logo.
    osram = Company.objects.get(slug="osram")
    assert "osram" in osram.search_names.lower()
    assert "欧司朗" in osram.search_names
    with Image.open(osram.logo_small.path) as small:
        assert small.format == "WEBP"
    assert len(stored_files(settings)) == 2 * len(DATA["companies"])


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_root")
def test_cities_partners_sectors_and_participants_are_linked_as_in_the_data():
    load_demo_data()
    for city in DATA["cities"]:
        linked = set(City.objects.get(slug=city["slug"]).partner_cities.values_list("slug", flat=True))
        assert set(city["partner_cities"]) <= linked, city["slug"]
        for partner in city["partner_cities"]:
            assert city["slug"] in City.objects.get(slug=partner).partner_cities.values_list("slug", flat=True)
    for company in DATA["companies"]:
        row = Company.objects.get(slug=company["slug"])
        assert set(row.sectors.values_list("slug", flat=True)) == set(company["sectors"]), company["slug"]
        assert row.city.slug == company["city"]
    for event in DATA["events"]:
        row = Event.objects.get(slug=event["slug"])
        assert set(row.participants.values_list("slug", flat=True)) == set(event["participants"]), event["slug"]
        assert set(row.cities.values_list("slug", flat=True)) == set(event["cities"]), event["slug"]


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_root")
def test_events_start_at_their_local_time_relative_to_today():
    load_demo_data()
    for event in DATA["events"]:
        row = Event.objects.get(slug=event["slug"])
        local = row.starts_at.astimezone(row.zone)
        expected_day = timezone.localdate() + datetime.timedelta(days=event["starts_in_days"])
        assert (local.date(), local.strftime("%H:%M")) == (expected_day, event["start_time"]), event["slug"]
        assert row.ends_at - row.starts_at == datetime.timedelta(hours=event["duration_hours"])
    assert Event.objects.published().upcoming().exists()
    assert Event.objects.published().past().exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_root")
def test_loading_twice_adds_nothing_and_draws_no_new_logo(settings):
    load_demo_data()
    counts, files = row_counts(), stored_files(settings)
    report = load_demo_data()
    assert report.total_added == 0
    assert report.kept == {kind: len(DATA[kind]) for kind in KINDS}
    assert row_counts() == counts
    assert stored_files(settings) == files


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_root")
def test_staff_edits_survive_every_later_load():
    run()
    osram = Company.objects.get(slug="osram")
    osram.summary_en = "Edited by the zone's staff."
    company_services.save_company(company=osram, user=None)
    event = Event.objects.get(slug=DATA["events"][0]["slug"])
    event_services.cancel_event(event=event, user=None)

    assert "not loaded" in run("--if-empty")
    run()

    assert Company.objects.get(slug="osram").summary_en == "Edited by the zone's staff."
    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_root")
def test_an_explicit_load_adds_a_deleted_demo_row_and_leaves_the_rest():
    run()
    company_services.delete_companies(companies=Company.objects.filter(slug="allianz"), user=None)
    run("--if-empty")
    assert not Company.objects.filter(slug="allianz").exists()
    output = run()
    assert Company.objects.filter(slug="allianz").exists()
    assert f"companies: 1 added, {len(DATA['companies']) - 1} already there" in output


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_root")
def test_if_empty_loads_into_an_empty_database_only():
    CompanyFactory(slug="someone-elses")
    before = row_counts()
    output = run("--if-empty")
    assert "not loaded" in output
    assert row_counts() == before
    assert not Company.objects.filter(slug__in=keys("companies")).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_root")
def test_if_empty_loads_everything_into_a_fresh_database():
    output = run("--if-empty")
    assert f"companies: {len(DATA['companies'])} added, 0 already there" in output
    assert Event.objects.count() == len(DATA["events"])


# --- The demo admin -------------------------------------------------------------------------


@pytest.fixture
def demo_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.BASE_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture
def _not_empty(db):
    # --if-empty then loads no demo content: these tests are about the login only.
    CompanyFactory()


# axes (first of AUTHENTICATION_BACKENDS) counts sign-ins per client, so it needs the request.
def sign_in_request():
    return RequestFactory().post("/admin/login/")


def printed_password(output):
    return re.search(rf"user {DEMO_ADMIN}, password (\S+) ", output).group(1)


@pytest.mark.usefixtures("_not_empty")
def test_demo_admin_login_works_and_stays_the_same(demo_settings):
    first = printed_password(run("--if-empty", "--with-demo-admin"))
    user = authenticate(sign_in_request(), username=DEMO_ADMIN, password=first)
    assert user is not None
    assert user.is_staff
    assert user.is_superuser
    assert password_file().read_text().strip() == first
    assert printed_password(run("--if-empty", "--with-demo-admin")) == first


@pytest.mark.usefixtures("_not_empty")
def test_a_password_file_that_does_not_fit_the_database_is_replaced(demo_settings):
    run("--if-empty", "--with-demo-admin")
    # As if the file had been written for another database that has its own demo-admin.
    password_file().write_text("written-for-another-database\n")
    password = printed_password(run("--if-empty", "--with-demo-admin"))
    assert password != "written-for-another-database"
    assert authenticate(sign_in_request(), username=DEMO_ADMIN, password=password) is not None
    assert password_file().read_text().strip() == password


@pytest.mark.usefixtures("_not_empty")
def test_a_missing_password_file_gets_a_new_password(demo_settings):
    run("--if-empty", "--with-demo-admin")
    password_file().unlink()
    password = printed_password(run("--if-empty", "--with-demo-admin"))
    assert authenticate(sign_in_request(), username=DEMO_ADMIN, password=password) is not None


def test_each_database_keeps_its_own_password_file(demo_settings, monkeypatch):
    here = password_file()
    monkeypatch.setitem(connection.settings_dict, "NAME", "another-database")
    assert password_file() != here
    assert password_file().parent == here.parent == demo_settings.BASE_DIR / "var"


@pytest.mark.django_db
def test_the_demo_admin_is_refused_without_debug(settings, tmp_path):
    settings.DEBUG = False
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        run("--with-demo-admin")
    assert not Company.objects.exists()
    assert not (tmp_path / "var").exists()


@pytest.mark.django_db
def test_the_demo_terms_find_remondis_by_the_everyday_german_word():
    load_demo_data()
    found = Company.objects.published().search("Entsorgung").values_list("slug", flat=True)
    assert "remondis" in found
    assert set(SearchTerm.objects.get(name_en="waste management").sectors.values_list("slug", flat=True)) == {
        "recycling"
    }
