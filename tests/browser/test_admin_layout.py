"""The company form fits a laptop screen in each of the admin's languages: no sideways scrolling,
sections that fold away (issue #9)."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import CompanyFactory, ContactPersonFactory, UserFactory
from zone_portal.roles import ZONE_STAFF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(params=[("en-GB", "en"), ("de-DE", "de"), ("zh-CN", "zh-hans")], ids=["en", "de", "zh-hans"])
def laptop(request, browser, browser_context_args):
    """Return a page on a laptop-sized screen whose browser asks for one of the admin's languages,
    and that language. German headings and language names are the longest ("Reihenfolge",
    "Öffentlich angezeigt", "Kantonesisch")."""
    locale, language = request.param
    context = browser.new_context(**{**browser_context_args, "viewport": LAPTOP, "locale": locale})
    yield context.new_page(), language
    context.close()


def test_company_form_with_contacts_fits_a_laptop_screen(live_server, laptop):
    page, language = laptop
    staff = UserFactory(username="zone-staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=ZONE_STAFF))
    company = CompanyFactory(name_en="Osram", name_de="Osram", name_zh_hans="欧司朗")
    for number in range(3):
        ContactPersonFactory(
            company=company,
            name=f"Contact person {number}",
            role_en="Head of business development",
            role_de="Leitung Geschäftsentwicklung",
            role_zh_hans="业务发展负责人",
            email=f"contact.person{number}@example.com",
        )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/companies/company/{company.pk}/change/")
    page.locator("#id_username").fill("zone-staff")
    page.locator("#id_password").fill("correct-horse-battery")
    page.locator("#login-form [type=submit]").click()
    page.wait_for_selector("#company_form")
    assert page.evaluate("document.documentElement.lang") == language

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"], f"the form scrolls sideways: {width} px wide"
    contacts = page.evaluate(
        "[document.querySelector('#contacts-group table').offsetWidth, "
        "document.querySelector('#contacts-group').clientWidth]"
    )
    assert contacts[0] <= contacts[1], f"the contact table is {contacts[0]} px wide in a {contacts[1]} px form"
    inputs = page.evaluate("[...document.querySelectorAll('#contacts-0 td > .vTextField')].map(i => i.offsetWidth)")
    assert len(inputs) == 6 and min(inputs) >= 60, f"contact inputs too narrow to type in: {inputs}"
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, f"the form is {height} px tall"
    # The German and Chinese texts are folded away, one click from the English ones.
    assert page.locator("details:has(#id_name_de)").get_attribute("open") is None
