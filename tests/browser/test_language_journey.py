"""A visitor arrives at /, lands in their language, switches to Chinese and uses the keyboard."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_follows_redirect_switches_to_chinese_and_tabs_to_skip_link(live_server, page):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/en/$"))

    page.get_by_role("link", name="中文").click()

    expect(page).to_have_url(re.compile(r"/zh-hans/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    navigation = page.get_by_role("navigation", name=re.compile("主"))
    expect(navigation.get_by_role("link", name="企业")).to_be_visible()

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    skip_link.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
