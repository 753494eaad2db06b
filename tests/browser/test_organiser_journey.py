"""An organiser raises the capacity of a Shanghai-time forum in the admin (issue #7).

Saving the form must not move the event's times (they are shown and read in the event's
own zone), and the place it frees goes to the person who has waited longest, by email.
"""

import datetime
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Registration, RegistrationStatus, TimeZoneChoice
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from zone_portal.roles import ORGANISERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_organiser_raises_capacity_times_stay_and_the_first_waiting_is_confirmed(live_server, page):
    organiser = UserFactory(username="organiser", is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISERS))
    year = timezone.now().year + 1
    event = EventFactory(
        title_en="Alliance plenary assembly",
        slug="plenary",
        time_zone=TimeZoneChoice.SHANGHAI,
        starts_at=datetime.datetime(year, 3, 15, 9, 30, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(year, 3, 15, 17, 0, tzinfo=SHANGHAI),
        capacity=1,
    )
    RegistrationFactory(event=event, email="confirmed@example.com")
    base = timezone.now() - datetime.timedelta(days=3)
    for number, name in enumerate(["Li Wei", "Anna Schmidt"]):
        waiting = RegistrationFactory(
            event=event, name=name, email=f"waiting{number}@example.com", status=RegistrationStatus.WAITING
        )
        Registration.objects.filter(pk=waiting.pk).update(created_at=base + datetime.timedelta(hours=number))

    page.goto(f"{live_server.url}/en/events/plenary/")
    when_before = page.locator(".facts dd").first.inner_text()
    assert "9:30" in when_before or "09:30" in when_before, when_before

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    # The form shows the times as the organiser planned them, in China time, and says so.
    expect(page.locator("#id_starts_at_0")).to_have_value(f"{year}-03-15")
    expect(page.locator("#id_starts_at_1")).to_have_value("09:30:00")
    expect(page.locator("#id_ends_at_1")).to_have_value("17:00:00")
    expect(page.locator(".field-starts_at")).to_contain_text("China time, UTC+8")

    page.locator("#id_capacity").fill("2")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    event.refresh_from_db()
    assert event.starts_at == datetime.datetime(year, 3, 15, 9, 30, tzinfo=SHANGHAI)
    assert event.ends_at == datetime.datetime(year, 3, 15, 17, 0, tzinfo=SHANGHAI)
    assert event.capacity == 2

    page.goto(f"{live_server.url}/en/events/plenary/")
    assert page.locator(".facts dd").first.inner_text() == when_before
    expect(page.locator(".event-places")).to_contain_text("0 places left")

    statuses = dict(Event.objects.get(pk=event.pk).registrations.values_list("email", "status"))
    assert statuses == {
        "confirmed@example.com": RegistrationStatus.CONFIRMED,
        "waiting0@example.com": RegistrationStatus.CONFIRMED,
        "waiting1@example.com": RegistrationStatus.WAITING,
    }
    assert [(message.to, message.subject.startswith("A place is free")) for message in mail.outbox] == [
        (["waiting0@example.com"], True)
    ]
