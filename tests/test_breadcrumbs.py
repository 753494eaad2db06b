"""One breadcrumb trail, drawn by the base layout from what each view gives it."""

import re

import pytest

from tests.factories import AnnouncementFactory, EventFactory

pytestmark = pytest.mark.django_db


def trail(client, path):
    html = client.get(path).content.decode()
    nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", nav, re.S)]


def test_inner_pages_of_both_apps_and_the_site_share_one_trail(client):
    EventFactory(title_en="Alliance forum", slug="forum")
    AnnouncementFactory(title_en="Forum opens", slug="forum-opens")
    assert trail(client, "/en/events/") == ["Home", "Events"]
    assert trail(client, "/en/events/past/") == ["Home", "Events", "Past events"]
    assert trail(client, "/en/events/forum/") == ["Home", "Events", "Alliance forum"]
    assert trail(client, "/en/events/announcements/") == ["Home", "Events", "Announcements"]
    assert trail(client, "/en/events/announcements/forum-opens/") == ["Home", "Announcements", "Forum opens"]
    assert trail(client, "/en/companies/") == ["Home", "Companies"]
    assert trail(client, "/de/privacy/") == ["Startseite", "Datenschutz"]


def test_the_home_page_has_no_trail(client):
    assert '<nav class="breadcrumbs"' not in client.get("/en/").content.decode()
