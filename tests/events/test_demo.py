"""The events demo: idempotent, past and upcoming, three languages, linked to the companies demo."""

import pytest
from django.utils import translation

from companies import demo as companies_demo
from events import demo
from events.models import Announcement, Event, EventStatus, Venue

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates_and_says_what_it_made():
    companies_demo.load()
    assert demo.load() == "4 venues, 10 events, 3 announcements"
    assert demo.load() == "4 venues, 10 events, 3 announcements"
    assert (Venue.objects.count(), Event.objects.count(), Announcement.objects.count()) == (4, 10, 3)


def test_demo_has_upcoming_and_past_events_in_three_languages_with_companies():
    companies_demo.load()
    demo.load()
    # six open events and the cancelled workshop, which stays visible marked cancelled
    assert Event.objects.published().upcoming().count() == 7
    assert Event.objects.published().past().count() == 2
    assert not Event.objects.published().filter(status=EventStatus.SCHEDULED).exists()
    forum = Event.objects.get(slug="alliance-plenary-assembly")
    assert sorted(forum.participants.values_list("slug", flat=True)) == ["allianz", "osram", "remondis"]
    assert sorted(forum.cities.values_list("slug", flat=True)) == ["foshan", "ludwigshafen", "taicang"]
    assert forum.venue.name_zh_hans == "广东潭洲国际会展中心"
    with translation.override("de"):
        assert forum.title == "Vollversammlung der Chinesisch-Deutschen Industriestädteallianz"


def test_demo_skips_missing_companies_and_cities():
    assert demo.load() == "4 venues, 10 events, 3 announcements"
    assert Event.objects.get(slug="alliance-plenary-assembly").participants.count() == 0
