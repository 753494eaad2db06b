"""Load the demo content kept as data in ``zone_portal/demo_data/`` (see its README).

Every row goes through the owning app's services, as an admin save would, so search data,
cached directory counts and the log follow. The loader only ever adds: a row whose slug
(a venue: whose English name) is already in the database is left exactly as it is, so
staff edits to demo rows survive any number of loads.

It lives in the project package because it writes to both apps; ``core`` imports no app.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from companies import services as company_services
from companies.demo_logos import logo_png
from companies.models import City, Company, ContactPerson, Cooperation, Inquiry, SearchTerm, Sector
from events import services as event_services
from events.models import Announcement, Event, Venue

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
LANGUAGES = ("en", "de", "zh_hans")
# What the loader makes, in order (each kind refers only to kinds before it); file name = kind.
KINDS = (
    "sectors",
    "search_terms",
    "cities",
    "companies",
    "venues",
    "events",
    "announcements",
    "cooperation",
    "inquiries",
)


def read_demo_data(data_dir=DATA_DIR):
    """Return ``{kind: [entry, ...]}`` from the data files (their ``_note`` keys left out)."""
    return {kind: json.loads((data_dir / f"{kind}.json").read_text(encoding="utf-8"))[kind] for kind in KINDS}


def translated(name, text):
    """Return ``{name_en: ..., name_de: ..., name_zh_hans: ...}`` for a model's columns."""
    return {f"{name}_{language}": text[language] for language in LANGUAGES}


def in_days(days, clock, zone):
    """Return the aware datetime ``days`` from today at ``clock`` ("09:30") in time zone ``zone``."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time.fromisoformat(clock), tzinfo=ZoneInfo(zone))


def optional_date(value):
    return datetime.date.fromisoformat(value) if value else None


@dataclass
class Report:
    """How many rows of each kind were added, and how many were already there."""

    added: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)

    def count(self, kind, added):
        bucket = self.added if added else self.kept
        bucket[kind] = bucket.get(kind, 0) + 1

    def lines(self):
        return [f"{kind}: {self.added.get(kind, 0)} added, {self.kept.get(kind, 0)} already there" for kind in KINDS]

    @property
    def total_added(self):
        return sum(self.added.values())


class Loader:
    def __init__(self, data):
        self.data = data
        self.report = Report()

    def existing(self, model, key, values):
        """Return which of ``values`` the ``key`` column of ``model`` already holds."""
        return set(model.objects.filter(**{f"{key}__in": values}).values_list(key, flat=True))

    def load(self):
        for kind in KINDS:
            getattr(self, f"load_{kind}")(self.data[kind])
        return self.report

    def load_sectors(self, entries):
        existing = self.existing(Sector, "slug", [entry["slug"] for entry in entries])
        for entry in entries:
            if entry["slug"] in existing:
                self.report.count("sectors", added=False)
                continue
            sector = Sector(slug=entry["slug"], nace_code=entry["nace_code"], **translated("name", entry["name"]))
            company_services.save_sector(sector=sector, user=None)
            self.report.count("sectors", added=True)

    def load_search_terms(self, entries):
        existing = self.existing(SearchTerm, "name_en", [entry["name"]["en"] for entry in entries])
        sectors = {sector.slug: sector for sector in Sector.objects.all()}
        for entry in entries:
            if entry["name"]["en"] in existing:
                self.report.count("search_terms", added=False)
                continue
            term = SearchTerm(synonyms="\n".join(entry["synonyms"]), **translated("name", entry["name"]))
            chosen = [sectors[slug] for slug in entry["sectors"] if slug in sectors]
            company_services.save_search_term(term=term, user=None, sectors=chosen)
            self.report.count("search_terms", added=True)

    def load_cities(self, entries):
        # Partnerships are symmetrical and may be listed on one side only: a city gets the
        # partners it lists and those that list it, as far as they exist when it is made.
        partners = {entry["slug"]: set(entry["partner_cities"]) for entry in entries}
        for slug, listed in list(partners.items()):
            for other in listed:
                partners.setdefault(other, set()).add(slug)
        existing = self.existing(City, "slug", list(partners))
        for entry in entries:
            if entry["slug"] in existing:
                self.report.count("cities", added=False)
                continue
            city = City(
                slug=entry["slug"],
                country=entry["country"],
                latitude=Decimal(str(entry["latitude"])),
                longitude=Decimal(str(entry["longitude"])),
                joined_alliance_on=optional_date(entry["joined_alliance_on"]),
                **translated("name", entry["name"]),
                **translated("region", entry["region"]),
                **translated("description", entry["description"]),
            )
            partner_cities = City.objects.filter(slug__in=partners[entry["slug"]])
            company_services.save_city(city=city, user=None, partner_cities=list(partner_cities))
            self.report.count("cities", added=True)

    def load_companies(self, entries):
        existing = self.existing(Company, "slug", [entry["slug"] for entry in entries])
        sectors = Sector.objects.in_bulk(field_name="slug")
        cities = City.objects.in_bulk(field_name="slug")
        for entry in entries:
            slug = entry["slug"]
            if slug in existing:
                self.report.count("companies", added=False)
                continue
            services = {
                language: "\n".join(service[language] for service in entry["services"]) for language in LANGUAGES
            }
            company = Company(
                slug=slug,
                country=entry["country"],
                city=cities.get(entry["city"]),
                size=entry["size"],
                founded_year=entry["founded_year"],
                member_since=optional_date(entry["member_since"]),
                status=entry["status"],
                featured=entry["featured"],
                website=entry["website"],
                email=entry["email"],
                # A tile with the initials, drawn here; the model makes the small logo from it.
                logo=ContentFile(logo_png(entry["name"]["en"], slug), name=f"{slug}.png"),
                **translated("name", entry["name"]),
                **translated("summary", entry["summary"]),
                **translated("profile", entry["profile"]),
                **translated("headquarters", entry["headquarters"]),
                **translated("services", services),
            )
            company_sectors = [sectors[sector] for sector in entry["sectors"] if sector in sectors]
            company_services.save_company(company=company, user=None, sectors=company_sectors)
            # Contacts feed nothing derived (no search text, no counts): plain rows.
            ContactPerson.objects.bulk_create(
                ContactPerson(
                    company=company,
                    name=contact["name"],
                    languages=contact["languages"],
                    is_public=contact["is_public"],
                    email=contact["email"],
                    position=position,
                    **translated("role", contact["role"]),
                )
                for position, contact in enumerate(entry["contacts"])
            )
            self.report.count("companies", added=True)

    def load_venues(self, entries):
        cities = City.objects.in_bulk(field_name="slug")
        self.venues = {}
        for entry in entries:
            venue = Venue.objects.filter(name_en=entry["name"]["en"]).first()
            self.report.count("venues", added=venue is None)
            if venue is None:
                # Nothing derives from a venue: no service, a plain save.
                venue = Venue(
                    city=cities.get(entry["city"]),
                    latitude=Decimal(str(entry["latitude"])),
                    longitude=Decimal(str(entry["longitude"])),
                    website=entry["website"],
                    **translated("name", entry["name"]),
                    **translated("address", entry["address"]),
                    **translated("directions", entry["directions"]),
                )
                venue.save()
            self.venues[entry["key"]] = venue

    def load_events(self, entries):
        existing = self.existing(Event, "slug", [entry["slug"] for entry in entries])
        for entry in entries:
            if entry["slug"] in existing:
                self.report.count("events", added=False)
                continue
            starts_at = in_days(entry["starts_in_days"], entry["start_time"], entry["time_zone"])
            publish_in_days = entry["publish_in_days"]
            event = Event(
                slug=entry["slug"],
                kind=entry["kind"],
                status=entry["status"],
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=entry["duration_hours"]),
                time_zone=entry["time_zone"],
                venue=self.venues.get(entry["venue"]),
                online_url=entry["online_url"],
                capacity=entry["capacity"],
                registration_enabled=entry["registration_enabled"],
                publish_at=None
                if publish_in_days is None
                else timezone.now() + datetime.timedelta(days=publish_in_days),
                **{
                    column: value
                    for name in ("title", "summary", "body", "organiser")
                    for column, value in translated(name, entry[name]).items()
                },
            )
            event_services.save_event(
                event=event,
                user=None,
                cities=list(City.objects.filter(slug__in=entry["cities"])),
                participants=list(Company.objects.filter(slug__in=entry["participants"])),
            )
            self.report.count("events", added=True)

    def load_announcements(self, entries):
        existing = self.existing(Announcement, "slug", [entry["slug"] for entry in entries])
        for entry in entries:
            if entry["slug"] in existing:
                self.report.count("announcements", added=False)
                continue
            announcement = Announcement(
                slug=entry["slug"],
                published_at=timezone.now() + datetime.timedelta(days=entry["published_in_days"]),
                event=Event.objects.filter(slug=entry["event"]).first() if entry["event"] else None,
                **translated("title", entry["title"]),
                **translated("body", entry["body"]),
            )
            event_services.save_announcement(
                announcement=announcement,
                user=None,
                companies=list(Company.objects.filter(slug__in=entry["companies"])),
            )
            self.report.count("announcements", added=True)

    def load_cooperation(self, entries):
        existing = self.existing(Cooperation, "slug", [entry["slug"] for entry in entries])
        companies = Company.objects.in_bulk(field_name="slug")
        sectors = Sector.objects.in_bulk(field_name="slug")
        for entry in entries:
            if entry["slug"] in existing:
                self.report.count("cooperation", added=False)
                continue
            cooperation = Cooperation(
                slug=entry["slug"],
                direction=entry["direction"],
                kind=entry["kind"],
                company=companies.get(entry["company"]),
                anonymous=entry["anonymous"],
                country=entry["country"],
                target_country=entry["target_country"],
                valid_until=timezone.localdate() + datetime.timedelta(days=entry["valid_in_days"]),
                status=entry["status"],
                **translated("title", entry["title"]),
                **translated("description", entry["description"]),
            )
            company_services.save_cooperation(
                cooperation=cooperation,
                user=None,
                sectors=[sectors[slug] for slug in entry["sectors"] if slug in sectors],
            )
            self.report.count("cooperation", added=True)

    def load_inquiries(self, entries):
        # Recognised by the sender's address (every demo sender's is its own, ending in .example).
        existing = self.existing(Inquiry, "email", [entry["key"] for entry in entries])
        companies = Company.objects.in_bulk(field_name="slug")
        entries_by_slug = Cooperation.objects.in_bulk(field_name="slug")
        now = timezone.now()
        for entry in entries:
            if entry["key"] in existing:
                self.report.count("inquiries", added=False)
                continue
            received = now - datetime.timedelta(days=entry["received_days_ago"])
            outcome_days_ago = entry["outcome_days_ago"]
            inquiry = Inquiry(
                company=companies.get(entry["company"]),
                cooperation=entries_by_slug.get(entry["cooperation"]),
                email=entry["key"],
                consent_at=received,
                outcome_on=None
                if outcome_days_ago is None
                else timezone.localdate() - datetime.timedelta(days=outcome_days_ago),
                **{
                    name: entry[name]
                    for name in ("name", "organisation", "country", "phone", "wechat_id", "topic", "language")
                },
                message=entry["message"],
                status=entry["status"],
                outcome=entry["outcome"],
            )
            # Stored as staff would find it: no notices or copies are sent for demo rows.
            company_services.save_inquiry(inquiry=inquiry, user=None)
            Inquiry.objects.filter(pk=inquiry.pk).update(created_at=received)
            self.report.count("inquiries", added=True)


def database_is_empty():
    """True when there is no company and no event yet: a fresh database for the demo."""
    return not Company.objects.exists() and not Event.objects.exists()


@transaction.atomic
def load_demo_data(data=None):
    """Add the demo rows that are missing (never change an existing one); return a Report."""
    return Loader(read_demo_data() if data is None else data).load()
