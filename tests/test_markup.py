"""Markup that machines and assistive technology read: heading levels, datetime values, the
language of texts shown in the fallback language, and the "page not found" page's links."""

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "zh-hans"]


def document(response):
    return lxml_html.fromstring(response.content.decode())


# --- Page not found ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_not_found_links_to_the_same_address_in_each_language_and_home(client, language):
    response = client.get(f"/{language}/no-such-page/?from=mail")
    assert response.status_code == 404
    page = document(response)
    switcher = {link.get("hreflang"): link.get("href") for link in page.xpath("//nav[@class='language-switcher']//a")}
    assert switcher == {code: f"/{code}/no-such-page/?from=mail" for code in LANGUAGES}
    for code, href in switcher.items():
        other = client.get(href)
        assert other.status_code == 404
        # That language's page, with a way home in it.
        assert document(other).xpath("/html/@lang") == [code]
        assert document(other).xpath(f"//main//a[@href='/{code}/']")
    assert page.xpath(f"//main//a[@href='/{language}/']")
    # Nothing to index: no canonical address and no alternates.
    assert not page.xpath("//link[@rel='canonical' or @rel='alternate']")


def test_missing_company_links_to_the_missing_company_in_each_language(client):
    response = client.get("/de/companies/no-such-company/")
    assert response.status_code == 404
    switcher = [link.get("href") for link in document(response).xpath("//nav[@class='language-switcher']//a")]
    assert switcher == [f"/{code}/companies/no-such-company/" for code in LANGUAGES]
