"""Public forms as the GOV.UK Design System does them (core.forms.PublicFormMixin).

Every public form (event registration, the inquiry form on three pages, the cooperation
proposal): an error summary linking to each failing field, "Error:" in the page title,
specific messages, labels without colons, "(optional)" on optional fields, no "---------"
choice; and the registration's confirmation page and email.
"""

import re
from email import message_from_bytes
from html.parser import HTMLParser

import pytest
from django.core import mail
from icalendar import Calendar

from events.models import EventStatus, Registration, RegistrationStatus
from tests.factories import CompanyFactory, CooperationFactory, EventFactory, RegistrationFactory
from tests.utils import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


LANGUAGES = ["en", "de", "zh-hans"]
ERROR_PREFIX = {"en": "Error: ", "de": "Fehler: ", "zh-hans": "错误："}


class _PageReader(HTMLParser):
    """Collect the title, the error summary's links, and the labels and legends of a page's form."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.title = ""
        self.summary_links = []
        self.labels = []
        self._capture = None
        self._in_summary = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if tag == "title":
            self._capture = ["title", ""]
        if self.in_form and "data-error-summary" in attrs:
            self._in_summary = True
        if self._in_summary and tag == "a":
            self._capture = ["summary", "", attrs["href"]]
        if self.in_form and tag in {"label", "legend"}:
            self._capture = ["label", "", attrs.get("for")]

    def handle_data(self, data):
        if self._capture is not None:
            self._capture[1] += data

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in_summary = False
        if tag == "form":
            self.in_form = False
        if self._capture is None:
            return
        kind = self._capture[0]
        if kind == "title" and tag == "title":
            self.title = " ".join(self._capture[1].split())
        elif kind == "summary" and tag == "a":
            self.summary_links.append((self._capture[2], " ".join(self._capture[1].split())))
        elif kind == "label" and tag in {"label", "legend"}:
            self.labels.append((self._capture[2], " ".join(self._capture[1].split())))
        else:
            return
        self._capture = None


def read_page(html, form_id):
    reader = _PageReader(form_id)
    reader.feed(html)
    return reader


# --- The pages with public forms --------------------------------------------------------------


def registration_page():
    return EventFactory(slug="forum").get_absolute_url().removeprefix("/en"), "registration-form"


def company_contact_page():
    CompanyFactory(slug="osram")
    return "/companies/osram/contact/", "inquiry-form"


def zone_contact_page():
    return "/contact/", "inquiry-form"


def cooperation_page():
    return CooperationFactory(slug="jv-wanted").get_absolute_url().removeprefix("/en"), "inquiry-form"


def proposal_page():
    return "/cooperation/propose/", "proposal-form"


PAGES = {
    "registration": registration_page,
    "company contact": company_contact_page,
    "zone contact": zone_contact_page,
    "cooperation entry": cooperation_page,
    "proposal": proposal_page,
}

# What an empty post must say, field by field, in the order of the form.
EMPTY_POST_ERRORS = {
    "registration": [
        ("id_name", "Enter your full name"),
        ("id_email", "Enter your email address"),
    ],
    "inquiry": [
        ("id_name", "Enter your full name"),
        ("id_email", "Enter your email address"),
        ("id_organisation", "Enter the name of your organisation"),
        ("id_country", "Select your country"),
        ("id_topic", "Select a topic"),
        ("id_message", "Enter a message"),
        ("id_consent", "Tick the box to agree to the privacy notice"),
    ],
    "proposal": [
        ("id_direction_0", "Select whether you offer something or are looking for it"),
        ("id_kind_0", "Select the kind of cooperation"),
        ("id_title", "Enter a title"),
        ("id_description", "Enter a description"),
        ("id_organisation", "Enter the name of your organisation"),
        ("id_country", "Select your country"),
        ("id_valid_until", "Enter the last day the entry stays on the board"),
        ("id_contact_name", "Enter your full name"),
        ("id_contact_email", "Enter your email address"),
        ("id_consent", "Tick the box to agree to the privacy notice"),
    ],
}

OPTIONAL_LABELS = {
    "registration": ["Organisation (optional)", "Country (optional)"],
    "inquiry": ["Phone (optional)", "WeChat ID (optional)"],
    "proposal": ["Sectors (optional)", "Target country (optional)"],
}


def form_kind(page):
    return {"registration": "registration", "proposal": "proposal"}.get(page, "inquiry")


def emptied(data):
    """The form as posted with every field of the visitor's left empty (protection fields kept).

    The language select keeps its choice: a select always sends one.
    """
    keep = {"csrfmiddlewaretoken", "form_stamp", "homepage", "altcha", "language"}
    return {name: value for name, value in data.items() if name in keep}


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_post_shows_the_summary_linking_to_each_field_and_error_in_the_title(client, page):
    path, form_id = PAGES[page]()
    url = f"/en{path}"
    data = emptied(form_data(client.get(url).content.decode(), form_id))
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    reader = read_page(html, form_id)
    assert reader.summary_links == [(f"#{anchor}", message) for anchor, message in EMPTY_POST_ERRORS[form_kind(page)]]
    assert reader.title.startswith("Error: ")
    assert '<h2 class="error-summary-title">There is a problem</h2>' in html
    assert '<script src="/static/js/forms.js" defer></script>' in html
    # Each message also stands above its field, with a hidden "Error:" and linked to the input.
    for anchor, message in EMPTY_POST_ERRORS[form_kind(page)]:
        field_id = anchor.removesuffix("_0")
        assert (
            f'<p class="error-message" id="{field_id}_error"><span class="visually-hidden">Error:</span> {message}</p>'
            in html
        )
        assert re.search(rf'aria-describedby="(?:{field_id}_helptext )?{field_id}_error"', html)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_without_errors_has_no_summary_and_a_plain_title(client, page):
    path, form_id = PAGES[page]()
    html = client.get(f"/en{path}").content.decode()
    assert "error-summary" not in html
    assert not read_page(html, form_id).title.startswith("Error")


@pytest.mark.parametrize("page", PAGES)
def test_labels_have_no_colon_and_optional_fields_say_so(client, page):
    path, form_id = PAGES[page]()
    reader = read_page(client.get(f"/en{path}").content.decode(), form_id)
    texts = [text for _, text in reader.labels]
    assert texts, "the form has labels"
    assert [text for text in texts if text.endswith(":")] == []
    for optional in OPTIONAL_LABELS[form_kind(page)]:
        assert optional in texts
    assert [text for text in texts if "(optional)" in text] == OPTIONAL_LABELS[form_kind(page)]


def test_a_non_field_error_is_in_the_summary_linked_to_the_first_field(client):
    event = EventFactory()
    data = form_data(client.get(event.get_absolute_url()).content.decode(), "registration-form")
    data.update(name="Wang Fang", email="wang.fang@example.com", homepage="http://spam.example")
    html = client.post(event.get_absolute_url(), data).content.decode()
    assert read_page(html, "registration-form").summary_links == [
        ("#id_name", "We could not accept the form. Please check your entries and send it again.")
    ]


def test_a_long_name_gets_a_message_naming_the_field(client):
    event = EventFactory()
    data = form_data(client.get(event.get_absolute_url()).content.decode(), "registration-form")
    data.update(name="x" * 201, email="wang.fang@example.com")
    html = client.post(event.get_absolute_url(), data).content.decode()
    links = read_page(html, "registration-form").summary_links
    assert links == [("#id_name", "Full name must be 200 characters or fewer")]


def test_the_inquiry_form_asks_for_the_organisation(client):
    CompanyFactory(slug="osram")
    url = "/en/companies/osram/contact/"
    data = form_data(client.get(url).content.decode(), "inquiry-form")
    data.update(
        name="Wang Fang", email="wang.fang@example.com", country="CN", topic="purchasing", message="Hi", consent="on"
    )
    links = read_page(client.post(url, data).content.decode(), "inquiry-form").summary_links
    assert links == [("#id_organisation", "Enter the name of your organisation")]


def test_fields_say_what_to_autocomplete(client):
    event = EventFactory()
    html = client.get(event.get_absolute_url()).content.decode()
    assert re.search(r'<input type="text" name="name" autocomplete="name"', html)
    assert re.search(r'<input type="email" name="email" autocomplete="email"', html)
    assert re.search(r'<input type="text" name="organisation" autocomplete="organization"', html)
    assert '<select name="country" autocomplete="country-name"' in html
    html = client.get("/en/contact/").content.decode()
    assert '<input type="text" name="phone" autocomplete="tel" inputmode="tel"' in html


def test_every_public_form_has_the_privacy_note(client):
    for page in PAGES.values():
        path, _ = page()
        html = client.get(f"/en{path}").content.decode()
        assert "privacy notice</a>" in html
        assert '<a href="/en/privacy/">' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_dashed_empty_choice_on_pages_with_forms(client, language):
    paths = [page()[0] for page in PAGES.values()] + ["/events/", "/companies/", "/cooperation/"]
    for path in paths:
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        assert "---------" not in response.content.decode(), path


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_the_title_says_error_in_the_visitors_language(client, language):
    path, form_id = registration_page()
    url = f"/{language}{path}"
    response = client.post(url, emptied(form_data(client.get(url).content.decode(), form_id)))
    assert read_page(response.content.decode(), form_id).title.startswith(ERROR_PREFIX[language])


# --- The confirmation page and email ------------------------------------------------------------


def register(client, event, outbox=None):
    data = form_data(client.get(event.get_absolute_url()).content.decode(), "registration-form")
    data.update(name="Wang Fang", email="wang.fang@example.com", organisation="Foshan Co")
    return client.post(event.get_absolute_url(), data, follow=True)


def test_the_confirmation_page_is_a_success_panel_with_next_steps_address_and_calendar(client):
    event = EventFactory(title_en="Alliance Forum", slug="alliance-forum", capacity=10)
    response = register(client, event)
    registration = Registration.objects.get()
    html = response.content.decode()
    assert "<title>Registration complete · " in html
    assert re.search(
        r'<div class="panel panel-success">\s*<h1>Registration complete</h1>\s*'
        r"<p>You have a place at Alliance Forum.</p>\s*"
        rf'<p class="panel-reference">Your reference<strong>R{registration.pk:06d}</strong></p>',
        html,
    )
    assert '<h2 id="next-title">What happens next</h2>' in html
    assert "We have sent a confirmation to wang.fang@example.com" in html
    venue = event.venue
    address = f"{venue.name}<br>1 Exhibition Road, Shunde, Foshan<br>{venue.city.name}"
    assert f'<address class="event-address">{address}</address>' in html
    assert (
        '<a class="button-secondary button" href="/en/events/alliance-forum/calendar.ics">Add to calendar (.ics)</a>'
        in html
    )
    # The panel says it all: no flash message repeats it.
    assert 'class="messages"' not in html


def test_a_waiting_place_gets_its_own_panel_and_no_calendar_link(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    html = register(client, event).content.decode()
    assert "<h1>You are on the waiting list</h1>" in html
    assert "Places that free up go to the waiting list in the order of registration." in html
    assert "Add to calendar" not in html


def test_a_cancelled_event_shows_no_panel_and_no_calendar_link(client):
    registration = RegistrationFactory(event__status=EventStatus.CANCELLED)
    html = client.get(registration.get_absolute_url()).content.decode()
    assert "panel-success" not in html
    assert "This event has been cancelled." in html
    assert "Add to calendar" not in html
    assert "What happens next" not in html


def test_the_confirmation_email_carries_the_event_as_ics(client, outbox, django_capture_on_commit_callbacks):
    event = EventFactory(title_en="Alliance Forum", slug="alliance-forum", capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event)
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    [message] = outbox
    assert f"Your reference: {registration.reference}" in message.body
    parts = [part for part in message_from_bytes(message.message().as_bytes()).walk() if part.get_filename()]
    assert [(part.get_filename(), part.get_content_type()) for part in parts] == [
        ("alliance-forum.ics", "text/calendar")
    ]
    calendar = Calendar.from_ical(parts[0].get_payload(decode=True))
    [component] = calendar.walk("VEVENT")
    assert str(component["UID"]) == f"event-{event.pk}@zone-portal"
    assert str(component["SUMMARY"]) == "Alliance Forum"
    assert str(component["URL"]) == "http://testserver/en/events/alliance-forum/"
    # The same UID as the site's own .ics file, so a calendar keeps one entry.
    site_file = Calendar.from_ical(client.get("/en/events/alliance-forum/calendar.ics").content)
    assert [str(c["UID"]) for c in site_file.walk("VEVENT")] == [str(component["UID"])]


def test_a_waiting_list_email_has_no_calendar(client, outbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event)
    [message] = outbox
    assert "waiting list" in message.body
    assert message.attachments == []
