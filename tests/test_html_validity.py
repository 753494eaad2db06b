"""Every public page kind, in English, German and Chinese, is valid HTML by the Nu Html Checker.

The pages are rendered by Django's test client (forms in their error states too), written to a
folder and checked by one run of vnu.jar (npm ``vnu-jar``, installed by ``npm ci``; Java starts
slowly, so there is one run for every file). Each error is listed with its page's address.
Warnings and notes are not errors and do not fail the test.

In CI (CI=true) a missing vnu.jar or Java fails the test; elsewhere it is skipped with the reason.
"""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.views.defaults import server_error

from companies.models import CooperationKind, Country, Direction, SizeClass
from events.models import EventKind, EventStatus
from tests.companies.test_images import image_bytes
from tests.factories import (
    AnnouncementFactory,
    CityFactory,
    CompanyFactory,
    ContactPersonFactory,
    CooperationFactory,
    EventFactory,
    RegistrationFactory,
    SectorFactory,
)
from tests.utils import form_data

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ["en", "de", "zh-hans"]
# A page the checker must find fault with: proof that it ran and read our files.
CONTROL_PAGE = "<!DOCTYPE html><html lang=en><title>Control</title><p><div></div></p></html>"


def java_and_checker():
    """Return the java command, or skip (fail in CI) saying what is missing."""
    java = shutil.which("java")
    problem = None
    if java is None:
        problem = "no java on PATH: install Debian's default-jre-headless"
    elif not VNU_JAR.exists():
        problem = f"no Nu Html Checker at {VNU_JAR}: run `npm ci` (or `make test`)"
    if problem is None:
        return java
    if os.environ.get("CI"):
        pytest.fail(f"The HTML check is required in CI, but there is {problem}.")
    pytest.skip(problem)


# --- The pages -------------------------------------------------------------------------------


@pytest.fixture
def portal():
    """A little of everything the public pages show, with some German and Chinese missing."""
    foshan = CityFactory(name_en="Foshan", name_de="Foshan", name_zh_hans="佛山", slug="foshan", region_en="Guangdong")
    taicang = CityFactory(name_en="Taicang", slug="taicang", country=Country.CHINA, latitude=31.45, longitude=121.1)
    augsburg = CityFactory(
        name_en="Augsburg", slug="augsburg", country=Country.GERMANY, latitude=48.37, longitude=10.9
    )
    foshan.partner_cities.add(augsburg)
    logistics = SectorFactory(name_en="Logistics", name_de="Logistik", name_zh_hans="物流", slug="logistics")
    lighting = SectorFactory(name_en="Lighting", name_de="Licht", slug="lighting")
    company = CompanyFactory(
        name_en="Remondis",
        slug="remondis",
        city=foshan,
        summary_en="Recycling and water services.",
        profile_en="Recycling, service and water.",
        services_en="Recycling\nWater",
        address_en="1 Recycling Road, Shunde",
        headquarters_en="Lünen",
        website="https://www.remondis.example",
        email="info@remondis.example",
        phone="+86 757 1234 5678",
        founded_year=1934,
        size=SizeClass.LARGE,
        member_since=datetime.date(2019, 5, 1),
        featured=True,
        logo=ContentFile(image_bytes(size=(300, 120)), name="remondis.png"),
        sectors=[logistics],
    )
    ContactPersonFactory(company=company, role_en="Sales manager")
    CompanyFactory(name_en="Osram", name_zh_hans="欧司朗", slug="osram", city=taicang, sectors=[lighting])
    CooperationFactory(title_en="Service partner wanted", slug="service-partner", company=company, sectors=[logistics])
    CooperationFactory(
        title_en="Supplier of LED drivers",
        slug="led-drivers",
        direction=Direction.REQUEST,
        kind=CooperationKind.PURCHASING,
        company=company,
        anonymous=True,
    )
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    event = EventFactory(
        title_en="Alliance plenary assembly",
        title_de="Vollversammlung der Allianz",
        slug="plenary",
        summary_en="The yearly assembly.",
        body_en="<p>Programme</p><h2>Speakers</h2><p>Mayors</p>",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        venue__city=foshan,
        venue__directions_en="Metro line 3, exit B.",
        cities=[foshan],
        participants=[company],
        organiser_en="Foshan Municipal Government",
        capacity=100,
        image=ContentFile(image_bytes(size=(800, 400)), name="plenary.png"),
    )
    EventFactory(title_en="German venue", slug="augsburg-visit", kind=EventKind.COMPANY_VISIT, venue__city=augsburg)
    past = timezone.now() - datetime.timedelta(days=60)
    EventFactory(title_en="Hannover Messe matchmaking", slug="hannover", starts_at=past, ends_at=past)
    EventFactory(title_en="Called off", slug="called-off", status=EventStatus.CANCELLED)
    AnnouncementFactory(title_en="Registration opens", slug="registration-opens", event=event)
    # Two pages of announcements, for the pagination.
    AnnouncementFactory.create_batch(12)
    return {"event": event, "month": timezone.localtime(start).strftime("%Y-%m")}


# Every public page kind, by its address below the language prefix.
PAGES = [
    "",
    "search/?q=logistics",
    "search/?q=qqqqxyz",
    "companies/",
    "companies/?q=recycling",
    "companies/?sector=logistics&sector=lighting&country=DE&city=foshan&size=large&members=on",
    "companies/?q=qqqqxyz",
    "companies/remondis/",
    "companies/osram/",
    "companies/remondis/contact/",
    "cooperation/",
    "cooperation/?direction=offer&kind=cooperation&sector=logistics&country=DE",
    "cooperation/?direction=request&kind=investment",
    "cooperation/service-partner/",
    "cooperation/led-drivers/",
    "cooperation/propose/",
    "contact/",
    "contact/sent/",
    "cities/",
    "cities/foshan/",
    "cities/augsburg/",
    "events/",
    "events/?kind=forum&city=foshan&month={month}",
    "events/?kind=workshop",
    "events/past/",
    "events/plenary/",
    "events/augsburg-visit/",
    "events/hannover/",
    "events/called-off/",
    "events/announcements/",
    "events/announcements/?page=2",
    "events/announcements/registration-opens/",
    "imprint/",
    "privacy/",
]

# Forms posted empty, to check their error state.
FORMS = {
    "events/plenary/": "registration-form",
    "companies/remondis/contact/": "inquiry-form",
    "cooperation/service-partner/": "inquiry-form",
    "cooperation/propose/": "proposal-form",
    "contact/": "inquiry-form",
}
PROTECTION_FIELDS = {"csrfmiddlewaretoken", "form_stamp", "homepage", "altcha", "language"}


def rendered_pages(client, portal, language):
    """Yield (name, HTML) of every public page kind in ``language``."""
    translation.activate(language)
    for page in PAGES:
        url = f"/{language}/{page.format(month=portal['month'])}"
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content

    for page, form_id in FORMS.items():
        url = f"/{language}/{page}"
        data = form_data(client.get(url).content.decode(), form_id)
        response = client.post(url, {name: value for name, value in data.items() if name in PROTECTION_FIELDS})
        assert response.status_code == 200, url
        assert b"error-summary" in response.content, url
        yield f"POST {url} (empty)", response.content

    # A registration: the confirmation page it leads to, then the page to cancel it.
    url = f"/{language}/events/plenary/"
    data = form_data(client.get(url).content.decode(), "registration-form")
    data.update(name="Wang Fang", email=f"wang.fang.{language}@example.com", organisation="Foshan Co")
    response = client.post(url, data, follow=True)
    assert b"panel-success" in response.content, url
    yield f"POST {url} (confirmation)", response.content
    registration = RegistrationFactory(event=portal["event"], language=language)
    token_url = registration.get_absolute_url().replace("/en/", f"/{language}/", 1)
    yield token_url, client.get(token_url).content
    yield f"{token_url}cancel/", client.get(f"{token_url}cancel/").content
    # Cancelled: the registrant's page with the message that says so.
    response = client.post(f"{token_url}cancel/", follow=True)
    assert b"message-success" in response.content, token_url
    yield f"POST {token_url}cancel/", response.content

    # Too many refused posts from one address: the 429 page.
    url = f"/{language}/contact/"
    data = {**form_data(client.get(url).content.decode(), "inquiry-form"), "homepage": "http://spam.example"}
    for _ in range(20):
        response = client.post(url, data)
        if response.status_code == 429:
            break
    assert response.status_code == 429, url
    yield f"POST {url} (too many)", response.content

    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    yield f"/{language}/no-such-page/", response.content

    request = RequestFactory().get(f"/{language}/")
    yield f"/{language}/ (server error)", server_error(request).content


def test_every_public_page_is_valid_html(portal, tmp_path):
    java = java_and_checker()
    names = {}
    for number, language in enumerate(LANGUAGES, start=1):
        # A visitor per language, so each has the form rate limits to itself.
        client = Client(REMOTE_ADDR=f"203.0.113.{number}")
        for name, content in rendered_pages(client, portal, language):
            path = tmp_path / f"page-{len(names):03d}.html"
            path.write_bytes(content)
            names[path.name] = name
    assert len(names) == len(LANGUAGES) * (len(PAGES) + len(FORMS) + 7)
    control = tmp_path / "control.html"
    control.write_text(CONTROL_PAGE)

    files = [str(control), *(str(tmp_path / name) for name in names)]
    result = subprocess.run(  # noqa: S603 (java with our own arguments)
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = {}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] in {"error", "non-document-error"}:
            file_name = message.get("url", "").rsplit("/", 1)[-1]
            page = names.get(file_name, file_name)
            errors.setdefault(page, []).append(f"line {message.get('lastLine')}: {message['message']}")

    assert errors.pop(control.name, None), "the checker found no fault with a page that has one"
    report = "\n".join(f"{page}\n  " + "\n  ".join(found) for page, found in errors.items())
    assert errors == {}, f"Nu Html Checker errors on {len(errors)} of {len(names)} pages:\n{report}"
