"""Zone staff keep profiles from a spreadsheet and undo a mistake through the history (issue #9).

A zone staff member imports a workbook with one new company in three languages, reads the
preview, confirms it, finds the company in the Chinese directory, changes its Chinese summary,
then restores the version from before the change: the Chinese directory and profile show the
imported text again.
"""

import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from companies.models import Company, CompanyStatus, Country
from tests.factories import CityFactory, SectorFactory, UserFactory
from zone_portal.roles import ZONE_STAFF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME_ZH = "流明照明科技"
SUMMARY_ZH = "为工厂和仓库提供节能照明。"
EDITED_SUMMARY_ZH = "为工厂、仓库和港口提供节能照明与维护。"


def workbook(path):
    """Write the file a staff member would prepare: one new company, sector and city by name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "slug",
            "name_en",
            "name_de",
            "name_zh_hans",
            "country",
            "city",
            "sectors",
            "status",
            "summary_en",
            "summary_de",
            "summary_zh_hans",
        ]
    )
    sheet.append(
        [
            "",
            "Lumen Lighting Technology",
            "Lumen Lichttechnik",
            NAME_ZH,
            "Deutschland",
            "佛山",
            "Beleuchtung",
            "published",
            "Energy-saving lighting for factories and warehouses.",
            "Energiesparende Beleuchtung für Fabriken und Lager.",
            SUMMARY_ZH,
        ]
    )
    book.save(path)
    return path


def chinese_directory_card(page, live_server):
    page.goto(f"{live_server.url}/zh-hans/companies/?q={NAME_ZH}")
    cards = page.locator(".company-cards .company-card")
    expect(cards).to_have_count(1)
    expect(cards.locator(".card-title")).to_have_text(NAME_ZH)
    return cards


def test_staff_import_a_company_find_it_in_chinese_change_it_and_restore_the_earlier_version(
    live_server, page, tmp_path
):
    staff = UserFactory(username="zone-staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=ZONE_STAFF))
    SectorFactory(name_en="Lighting", name_de="Beleuchtung", name_zh_hans="照明", slug="lighting")
    CityFactory(name_en="Foshan", name_de="Foshan", name_zh_hans="佛山", slug="foshan", country=Country.CHINA)

    # Sign in and upload the workbook.
    page.goto(f"{live_server.url}/admin/login/?next=/admin/companies/company/import/")
    page.get_by_label("Username").fill("zone-staff")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Resource").select_option(label="Companies")
    page.get_by_label("File to import").set_input_files(workbook(tmp_path / "new-companies.xlsx"))
    expect(page.get_by_label("Format")).to_have_value("0")  # XLSX, the default
    page.get_by_role("button", name="Submit").click()

    # The preview: one new row, named, and nothing saved yet.
    expect(page.locator("#import-summary")).to_have_text("1 new, 0 changed, 0 unchanged.")
    rows = page.locator("#import-preview tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td")).to_have_text(["2", "Lumen Lighting Technology", "new"])
    assert not Company.objects.exists()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_have_text("Imported: 1 new, 0 changed, 0 unchanged.")
    company = Company.objects.get()
    assert (company.status, company.city.slug, list(company.sectors.values_list("slug", flat=True))) == (
        CompanyStatus.PUBLISHED,
        "foshan",
        ["lighting"],
    )

    # The Chinese directory finds it by its Chinese name, with its Chinese texts.
    card = chinese_directory_card(page, live_server)
    expect(card.locator(".card-body")).to_have_text(SUMMARY_ZH)
    expect(card.locator(".card-meta")).to_contain_text("德国 · 佛山")
    expect(card.locator(".tag")).to_have_text(["照明"])

    # Staff change the Chinese summary (its section folds away: open it first).
    page.goto(f"{live_server.url}/admin/companies/company/")
    page.locator("#result_list").get_by_role("link", name="Lumen Lighting Technology").click()
    page.locator("details:has(#id_summary_zh_hans) > summary").click()
    expect(page.locator("#id_summary_zh_hans")).to_have_value(SUMMARY_ZH)
    page.locator("#id_summary_zh_hans").fill(EDITED_SUMMARY_ZH)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(chinese_directory_card(page, live_server).locator(".card-body")).to_have_text(EDITED_SUMMARY_ZH)

    # The history names the change, old and new; restoring opens the earlier version, saving keeps it.
    page.goto(f"{live_server.url}/admin/companies/company/{company.pk}/change/")
    page.get_by_role("link", name="History").click()
    entries = page.locator("#change-history tbody tr")
    expect(entries).to_have_count(2)
    expect(entries.first.locator(".history-changes")).to_have_text(
        re.compile(rf"Summary \[zh-hans\]: {SUMMARY_ZH} → {EDITED_SUMMARY_ZH}")
    )
    entries.nth(1).get_by_role("link", name="Restore this version").click()
    page.locator("details:has(#id_summary_zh_hans) > summary").click()
    expect(page.locator("#id_summary_zh_hans")).to_have_value(SUMMARY_ZH)
    company.refresh_from_db()
    assert company.summary_zh_hans == EDITED_SUMMARY_ZH  # nothing changes until the form is saved
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    company.refresh_from_db()
    assert company.summary_zh_hans == SUMMARY_ZH
    page.goto(f"{live_server.url}/admin/companies/company/{company.pk}/history/")
    expect(page.locator("#change-history tbody tr").first).to_contain_text("Restored an earlier version.")

    # The Chinese directory and profile show the imported text again.
    card = chinese_directory_card(page, live_server)
    expect(card.locator(".card-body")).to_have_text(SUMMARY_ZH)
    card.locator(".card-title a").click()
    expect(page).to_have_url(re.compile(rf"/zh-hans/companies/{company.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME_ZH)
    expect(page.locator(".company-header .lead")).to_have_text(SUMMARY_ZH)
    expect(page.locator("body")).not_to_contain_text(EDITED_SUMMARY_ZH)
