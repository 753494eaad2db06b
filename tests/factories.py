"""One factory per model, shared by every test module.

Translated fields are set per language (name_en, name_de, name_zh_hans) because that is
how staff enter them; the English column is the one that must be filled.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from companies import services as company_services
from companies.models import (
    City,
    Company,
    CompanyStatus,
    ContactPerson,
    Cooperation,
    CooperationKind,
    CooperationStatus,
    Country,
    Direction,
    Inquiry,
    InquiryTopic,
    Sector,
)
from events.models import (
    Announcement,
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    TimeZoneChoice,
    Venue,
)

# --- Users --------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


# --- Companies ----------------------------------------------------------------------------


class ServiceFactory(factory.django.DjangoModelFactory):
    """A factory that saves through the owning app's service, as every real write path does."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cls.save(model_class(*args, **kwargs))


class SectorFactory(ServiceFactory):
    class Meta:
        model = Sector

    @staticmethod
    def save(sector):
        return company_services.save_sector(sector=sector, user=None)

    name_en = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class CityFactory(ServiceFactory):
    class Meta:
        model = City

    @staticmethod
    def save(city):
        return company_services.save_city(city=city, user=None)

    name_en = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = Country.CHINA
    latitude = 23.02
    longitude = 113.12
    joined_alliance_on = datetime.date(2016, 4, 1)


class CompanyFactory(ServiceFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    @staticmethod
    def save(company):
        return company_services.save_company(company=company, user=None)

    name_en = factory.Sequence(lambda n: f"Company {n}")
    summary_en = "Industrial services between China and Germany."
    country = Country.GERMANY
    status = CompanyStatus.PUBLISHED
    city = factory.SubFactory(CityFactory)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            company_services.save_company(company=self, user=None, sectors=extracted)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role_en = "Sales manager"
    email = factory.LazyAttribute(lambda contact: f"contact{contact.company.pk}@example.com")
    is_public = True


class CooperationFactory(ServiceFactory):
    """A published offer of a published German company, valid for two months."""

    class Meta:
        model = Cooperation
        skip_postgeneration_save = True

    @staticmethod
    def save(cooperation):
        return company_services.save_cooperation(cooperation=cooperation, user=None)

    direction = Direction.OFFER
    kind = CooperationKind.COOPERATION
    title_en = factory.Sequence(lambda n: f"Cooperation entry {n}")
    description_en = "We look for a partner for service and maintenance in South China."
    company = factory.SubFactory(CompanyFactory)
    country = Country.GERMANY
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    status = CooperationStatus.PUBLISHED

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            company_services.save_cooperation(cooperation=self, user=None, sectors=extracted)


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Sender {n}")
    email = factory.Sequence(lambda n: f"sender{n}@example.com")
    organisation = "Foshan Lighting Co."
    country = Country.CHINA
    topic = InquiryTopic.COOPERATION
    message = "We would like to discuss a cooperation."
    language = "zh-hans"
    consent_at = factory.LazyFunction(timezone.now)


# --- Events -------------------------------------------------------------------------------


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name_en = factory.Sequence(lambda n: f"Venue {n}")
    address_en = "1 Exhibition Road, Shunde, Foshan"
    city = factory.SubFactory(CityFactory)


class EventFactory(factory.django.DjangoModelFactory):
    """A published forum in Foshan, a month ahead, open for registration."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary_en = "A forum of the Sino-German Industrial City Alliance."
    kind = EventKind.FORUM
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=8))
    time_zone = TimeZoneChoice.SHANGHAI
    venue = factory.SubFactory(VenueFactory)
    status = EventStatus.PUBLISHED

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create and extracted:
            self.cities.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Registrant {n}")
    email = factory.Sequence(lambda n: f"registrant{n}@example.com")
    organisation = "Example GmbH"
    country = Country.GERMANY
    language = "en"
    status = RegistrationStatus.CONFIRMED


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    title_en = factory.Sequence(lambda n: f"Announcement {n}")
    slug = factory.Sequence(lambda n: f"announcement-{n}")
    body_en = "<p>The alliance forum opens its registration.</p>"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
