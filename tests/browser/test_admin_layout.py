"""The company form fits a laptop screen: no sideways scrolling, sections that fold away (issue #9)."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import CompanyFactory, ContactPersonFactory, UserFactory
from zone_portal.roles import ZONE_STAFF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}}


def test_company_form_with_contacts_fits_a_laptop_screen(live_server, page):
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
    page.get_by_label("Username").fill("zone-staff")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#company_form")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, f"the form scrolls sideways: {width} px wide"
    contacts_width = page.evaluate("document.querySelector('#contacts-group').scrollWidth")
    assert contacts_width <= 1366, f"the contact table is {contacts_width} px wide"
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, f"the form is {height} px tall"
    # The German and Chinese texts are folded away, one click from the English ones.
    assert page.locator("details:has(#id_name_de)").get_attribute("open") is None
