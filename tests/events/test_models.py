"""Publication rules, time-zone display, places and sanitising of the events app."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone, translation

from events.models import Event, EventStatus, RegistrationStatus, TimeZoneChoice
from events.sanitize import headings_below_title, sanitize_html
from tests.factories import AnnouncementFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_published_includes_published_and_cancelled_but_not_drafts():
    published = EventFactory(status=EventStatus.PUBLISHED)
    cancelled = EventFactory(status=EventStatus.CANCELLED)
    EventFactory(status=EventStatus.DRAFT)
    assert set(Event.objects.published()) == {published, cancelled}


def test_scheduled_event_is_invisible_until_its_publish_time():
    due = EventFactory(status=EventStatus.SCHEDULED, publish_at=timezone.now() - datetime.timedelta(minutes=1))
    EventFactory(status=EventStatus.SCHEDULED, publish_at=timezone.now() + datetime.timedelta(minutes=1))
    assert list(Event.objects.published()) == [due]


def test_upcoming_is_soonest_first_and_past_newest_first():
    now = timezone.now()
    day = datetime.timedelta(days=1)
    later = EventFactory(starts_at=now + 10 * day, ends_at=now + 10.1 * day)
    sooner = EventFactory(starts_at=now + 2 * day, ends_at=now + 2.1 * day)
    long_ago = EventFactory(starts_at=now - datetime.timedelta(days=90), ends_at=now - datetime.timedelta(days=89))
    recent = EventFactory(starts_at=now - datetime.timedelta(days=9), ends_at=now - datetime.timedelta(days=8))
    assert list(Event.objects.published().upcoming()) == [sooner, later]
    assert list(Event.objects.published().past()) == [recent, long_ago]


def test_running_event_counts_as_upcoming_until_it_ends():
    now = timezone.now()
    running = EventFactory(starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1))
    assert list(Event.objects.upcoming()) == [running]


def test_announcement_without_or_with_future_publication_time_is_hidden():
    visible = AnnouncementFactory()
    AnnouncementFactory(published_at=None)
    AnnouncementFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    from events.models import Announcement

    assert list(Announcement.objects.published()) == [visible]


def test_clean_refuses_end_before_start_and_scheduled_without_time_and_reserved_slug():
    event = EventFactory.build(
        starts_at=datetime.datetime(2026, 12, 1, 10, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 12, 1, 9, tzinfo=UTC),
        status=EventStatus.SCHEDULED,
        publish_at=None,
        slug="past",
        venue=None,
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert set(error.value.message_dict) == {"ends_at", "publish_at", "slug"}


def test_places_left_counts_only_confirmed_registrations():
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    assert event.places_left == 2
    assert Event.objects.with_places_taken().get(pk=event.pk).places_left == 2
    assert EventFactory(capacity=None).places_left is None


def render_time(event, language="en"):
    with translation.override(language):
        return Template("{% load events_tags %}{% event_time event %}").render(Context({"event": event}))


def test_foshan_event_is_shown_in_china_time_with_german_time_beside_it():
    # 02:00 UTC on 10 December: 10:00 in Foshan (UTC+8), 03:00 in Berlin (CET, UTC+1).
    event = EventFactory.build(
        starts_at=datetime.datetime(2026, 12, 10, 2, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 12, 10, 9, 30, tzinfo=UTC),
        time_zone=TimeZoneChoice.SHANGHAI,
    )
    html = " ".join(render_time(event).split())
    assert "10 December 2026, 10:00</time>–<time" in html
    assert "17:30</time>" in html
    assert "(time in China)" in html
    assert "In Germany: 10 December 2026, 03:00–10:30" in html


def test_berlin_summer_event_shows_six_hours_difference_and_next_day_in_china():
    # 20:00 in Berlin in July (CEST, UTC+2) is 02:00 the next day in Foshan.
    start = datetime.datetime(2027, 7, 1, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    event = EventFactory.build(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), time_zone=TimeZoneChoice.BERLIN
    )
    html = " ".join(render_time(event).split())
    assert "1 July 2027, 20:00" in html
    assert "(time in Germany)" in html
    assert "In China: 2 July 2027, 02:00–04:00" in html


def test_event_time_uses_the_visitors_language_for_dates():
    event = EventFactory.build(
        starts_at=datetime.datetime(2026, 12, 10, 2, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 12, 10, 9, 0, tzinfo=UTC),
    )
    assert "10. Dezember 2026, 10:00" in render_time(event, "de")
    assert "2026年12月10日, 10:00" in render_time(event, "zh-hans")


def test_sanitize_removes_scripts_handlers_images_and_javascript_links():
    dirty = (
        '<h2 onclick="x()">Programme</h2><script>alert(1)</script><img src=x onerror=alert(1)>'
        '<p style="color:red">Hello <b>all</b> <a href="javascript:alert(1)">bad</a>'
        ' <a href="https://example.com">good</a></p><ul><li>one</li></ul>'
    )
    assert sanitize_html(dirty) == (
        '<h2>Programme</h2><p>Hello <b>all</b> <a rel="noopener noreferrer nofollow">bad</a>'
        ' <a href="https://example.com" rel="noopener noreferrer nofollow">good</a></p><ul><li>one</li></ul>'
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("<h2>A</h2><h3>B</h3>", "<h2>A</h2><h3>B</h3>"),
        ("<p>x</p><h3>Programme</h3><p>y</p>", "<p>x</p><h2>Programme</h2><p>y</p>"),
        ("<h3>A</h3><h4>B</h4><h3>C</h3>", "<h2>A</h2><h3>B</h3><h2>C</h2>"),
        ("<h2>A</h2><h4>B</h4><h4>C</h4><h2>D</h2>", "<h2>A</h2><h3>B</h3><h3>C</h3><h2>D</h2>"),
        ("<h4>A</h4><h2>B</h2><h3>C</h3>", "<h2>A</h2><h2>B</h2><h3>C</h3>"),
    ],
)
def test_headings_of_a_body_follow_the_pages_title_without_skipping_a_level(written, shown):
    assert headings_below_title(written) == shown


def test_event_body_is_sanitised_when_saved_in_every_language():
    event = EventFactory(body_en="<p>Hi<script>alert(1)</script></p>", body_de='<p onmouseover="x()">Hallo</p>')
    event.refresh_from_db()
    assert event.body_en == "<p>Hi</p>"
    assert event.body_de == "<p>Hallo</p>"


def test_announcement_body_is_sanitised_when_saved():
    announcement = AnnouncementFactory(body_en='<p>News<iframe src="https://evil.example"></iframe></p>')
    announcement.refresh_from_db()
    assert announcement.body_en == "<p>News</p>"


def test_generated_slug_never_takes_a_reserved_page_address():
    assert EventFactory(slug="", title_en="Past").slug == "past-event"


def test_slug_is_made_from_english_title_and_kept_unique():
    first = EventFactory(slug="", title_en="Alliance Forum 2026")
    second = EventFactory(slug="", title_en="Alliance Forum 2026")
    assert (first.slug, second.slug) == ("alliance-forum-2026", "alliance-forum-2026-2")
