"""Whatever a visitor puts in an address or a form, the answer is a page or a 404, never a 500."""

import pytest

from tests.factories import CompanyFactory, EventFactory

pytestmark = pytest.mark.django_db

LONG = "x" * 4000

ODD_QUERIES = [
    "/en/companies/?page=abc",
    "/en/companies/?page=99999999999999999999",
    f"/en/companies/?q={LONG}",
    "/en/companies/?q=%27%3B+DROP+TABLE+companies_company%3B--",
    "/en/companies/?q=%00",
    "/en/companies/?q=a%00b&sector=%00",
    "/en/companies/?q=%F0%9F%98%80%25_%5C",
    "/en/companies/?sector=nope&city=nope&country=ZZ&size=huge&members=maybe&sort=evil",
    "/en/companies/?sector=a&sector=b&page=-1",
    "/zh-hans/companies/?q=%E6%B1%BD",
    "/en/events/?month=garbage&kind=x&city=y&page=-1",
    "/en/events/?month=2026-13&kind=%00",
    "/en/events/?when=zzz",
    "/en/events/past/?page=0",
    "/en/events/announcements/?page=abc",
    "/en/search/?q=%00",
    "/en/search/?q=a%00b&q=%00",
    f"/en/search/?q={'x' * 10000}",
    f"/de/search/?q={'Abfall%00' * 1000}",
    "/en/search/?q=%F0%9F%98%80%25_%5C",
    "/en/search/?q=%ED%A0%80%FF%FE",
    "/en/search/?q=%E2%80%AE%E2%80%8B%CC%81%EF%BB%BF",
    "/en/search/?q=%27%3B+DROP+TABLE+events_event%3B--",
    "/zh-hans/search/?q=%E6%B1%BD",
    "/zh-hans/search/?q=%E6%AC%A7%E5%8F%B8%E6%9C%97+%E5%AE%89%E8%81%94+%E5%85%89+a+b+c+d+e+f+g+h",
    "/en/search/?q[]=x&page=-1",
]


@pytest.mark.parametrize("path", ODD_QUERIES)
def test_odd_query_strings_give_a_page(client, path):
    CompanyFactory(name_en="Osram")
    EventFactory()
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/en/companies/nope/",
        "/en/companies/nope/qr.svg",
        "/en/cities/nope/",
        "/en/events/nope/",
        "/en/events/nope/calendar.ics",
        "/en/events/registration/forged-token/",
        "/en/events/registration/forged-token/cancel/",
        "/en/events/announcements/nope/",
    ],
)
def test_unknown_things_are_404(client, path):
    assert client.get(path).status_code == 404


def test_search_box_shows_what_the_visitor_typed_escaped(client):
    response = client.get("/en/companies/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
