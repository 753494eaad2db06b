"""Event images follow the upload policy of company logos (core.uploads and core.images).

Uploads go through the admin's event form as an organiser sends it: the POST body is read
from the rendered change form, so it follows whatever fields and widgets the form has.
"""

import functools
import importlib
import json
import random
import re
from html.parser import HTMLParser
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from PIL import Image

from events.models import Event
from tests.companies.test_images import bomb_png, image_bytes, png_declaring
from tests.factories import EventFactory, UserFactory
from zone_portal.roles import ORGANISERS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def organiser(client):
    user = UserFactory(username="organiser", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    client.force_login(user)
    return user


# --- Helpers --------------------------------------------------------------------------------


class FormValues(HTMLParser):
    """Collect what a browser would send for the admin's event form, files and buttons aside."""

    SKIPPED_INPUTS = {"file", "submit", "button", "image", "reset"}

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.select, self.textarea = {}, False, None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "event_form":
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        if tag == "input" and attrs.get("name") and attrs.get("type", "text") not in self.SKIPPED_INPUTS:
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.add(attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.add(self.textarea, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def change_form_data(client, event, **changes):
    """Return the POST body of the event's change form as it is shown, with ``changes``."""
    response = client.get(change_url(event))
    assert response.status_code == 200
    parser = FormValues()
    parser.feed(response.content.decode())
    # A textarea's content starts after one newline that browsers drop.
    data = {name: [value.removeprefix("\n") for value in values] for name, values in parser.data.items()}
    assert "starts_at_0" in data and "title_en" in data, "the event form was not found in the page"
    data = {name: values if len(values) > 1 else values[0] for name, values in data.items()}
    data.pop("csrfmiddlewaretoken", None)
    data.update(changes)
    return data


def png_upload(size=(2400, 1260), name="poster.png"):
    return SimpleUploadedFile(name, image_bytes(size=size, mode="RGB", color=(20, 90, 160)), content_type="image/png")


@functools.cache
def png_over_five_megabytes():
    noise = Image.frombytes("RGB", (1400, 1400), random.Random(8).randbytes(1400 * 1400 * 3))
    output = BytesIO()
    noise.save(output, format="PNG", compress_level=0)
    return output.getvalue()


def stored_files(settings):
    root = settings.MEDIA_ROOT / "events"
    return sorted(str(path.relative_to(settings.MEDIA_ROOT)) for path in root.rglob("*") if path.is_file())


def event_with_image(name="old.png", size=(800, 400)):
    return EventFactory(image=ContentFile(image_bytes(size=size, mode="RGB", color=(1, 2, 3)), name=name))


def image_of(field_file):
    with field_file.open("rb"), Image.open(field_file) as image:
        return image.format, image.size


# --- Refused uploads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [png_declaring(10_000, 10_000), bomb_png()],
    ids=["tiny-png-declaring-100-megapixels", "real-png-decoding-to-144-megapixels"],
)
def test_admin_refuses_a_png_of_too_many_pixels_and_saves_nothing(client, organiser, settings, content):
    event = EventFactory(title_en="Forum")
    updated_at = event.updated_at
    upload = SimpleUploadedFile("huge.png", content, content_type="image/png")
    response = client.post(change_url(event), change_form_data(client, event, title_en="Changed", image=upload))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["image"]
    assert response.context["adminform"].form.errors["image"] == [
        "The image is too large in pixels; the largest allowed is 25 megapixels."
    ]
    event.refresh_from_db()
    assert (event.title, event.image.name, event.image_small.name, event.updated_at) == ("Forum", "", "", updated_at)
    assert not (settings.MEDIA_ROOT / "events").exists()


def test_admin_refuses_an_image_over_five_megabytes_and_keeps_the_old_one(client, organiser, settings):
    event = event_with_image()
    names = [event.image.name, event.image_small.name]
    upload = SimpleUploadedFile("big.png", png_over_five_megabytes(), content_type="image/png")
    response = client.post(change_url(event), change_form_data(client, event, image=upload))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["image"]
    assert response.context["adminform"].form.errors["image"] == [
        "The image is 5.6\xa0MB; the largest allowed is 5.0\xa0MB."
    ]
    event.refresh_from_db()
    assert [event.image.name, event.image_small.name] == names
    assert stored_files(settings) == sorted(names)


def test_admin_refuses_svg_and_offers_only_png_jpeg_and_webp(client, organiser):
    event = EventFactory()
    html = client.get(change_url(event)).content.decode()
    assert re.search(r'<input type="file" name="image" accept="image/png,image/jpeg,image/webp"', html)
    assert "PNG, JPEG or WebP, at most 5 MB. Pages show a resized copy." in html
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', content_type="image/svg+xml")
    response = client.post(change_url(event), change_form_data(client, event, image=svg))
    assert list(response.context["adminform"].form.errors) == ["image"]
    assert response.context["adminform"].form.errors["image"] == [
        "This file is not an image we can read. Upload a PNG, JPEG or WebP file (SVG is not accepted)."
    ]


# --- Accepted uploads and what pages show ----------------------------------------------------


def test_admin_accepts_a_png_and_pages_show_only_the_resized_webp(client, organiser):
    event = EventFactory(slug="expo")
    response = client.post(change_url(event), change_form_data(client, event, image=png_upload()))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.image.name == "events/poster.png"
    assert re.fullmatch(r"events/small/poster(_\w+)?\.webp", event.image_small.name)
    assert image_of(event.image_small) == ("WEBP", (1200, 630))

    html = client.get(event.get_absolute_url()).content.decode()
    small_url = f"/media/{event.image_small.name}"
    assert f'<meta property="og:image" content="http://testserver{small_url}">' in html
    shown = f'<img class="event-image" src="{small_url}" alt="" width="1200" height="630" loading="lazy"'
    assert shown + ' decoding="async">' in html
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert json_ld["image"] == f"http://testserver{small_url}"
    assert event.image.name not in html
    assert event.image.name not in client.get(reverse("events:feed")).content.decode()


def test_admin_shows_the_resized_image_it_will_publish(client, organiser):
    event = event_with_image()
    html = client.get(change_url(event)).content.decode()
    assert f'<img src="/media/{event.image_small.name}" alt="" class="admin-image-preview">' in html
    assert '<link href="/static/css/admin.css" media="all" rel="stylesheet">' in html
    assert "No image yet." in client.get(change_url(EventFactory())).content.decode()


def test_event_without_image_shows_none(client):
    event = EventFactory()
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'property="og:image"' not in html
    assert 'class="event-image"' not in html


def test_a_portrait_poster_is_fitted_inside_the_box_not_cropped():
    event = EventFactory(image=ContentFile(image_bytes(size=(1000, 2000), mode="RGB"), name="portrait.png"))
    assert image_of(event.image_small) == ("WEBP", (315, 630))


# --- Files that are no longer used ----------------------------------------------------------


def test_replacing_the_image_deletes_the_old_files_after_commit(
    client, organiser, settings, django_capture_on_commit_callbacks
):
    event = event_with_image()
    old = [event.image.name, event.image_small.name]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(change_url(event), change_form_data(client, event, image=png_upload(name="new.png")))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    new = [event.image.name, event.image_small.name]
    # Not yet: until the transaction commits, a rollback would still need them.
    assert stored_files(settings) == sorted(old + new)
    for callback in callbacks:
        callback()
    assert stored_files(settings) == sorted(new)
    assert event.image_small.name.startswith("events/small/new")


def test_clearing_the_image_deletes_both_files(client, organiser, settings, django_capture_on_commit_callbacks):
    event = event_with_image()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(event), change_form_data(client, event, **{"image-clear": "on"}))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.image.name, event.image_small.name) == ("", "")
    assert stored_files(settings) == []


def test_saving_other_fields_keeps_the_image_and_its_copy(
    client, organiser, settings, django_capture_on_commit_callbacks
):
    event = event_with_image()
    names = [event.image.name, event.image_small.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(event), change_form_data(client, event, title_en="Renamed"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title, [event.image.name, event.image_small.name]) == ("Renamed", names)
    assert stored_files(settings) == sorted(names)


def test_deleting_the_event_in_the_admin_deletes_its_files(
    client, organiser, settings, django_capture_on_commit_callbacks
):
    event = event_with_image()
    assert len(stored_files(settings)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert stored_files(settings) == []


def test_deleting_events_through_a_queryset_deletes_their_files(settings, django_capture_on_commit_callbacks):
    events = [event_with_image(name=f"image{n}.png") for n in range(2)]
    assert len(stored_files(settings)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk__in=[event.pk for event in events]).delete()
    assert stored_files(settings) == []


def test_deleting_a_duplicated_event_keeps_the_upload_the_original_still_uses(
    client, organiser, settings, django_capture_on_commit_callbacks
):
    original = event_with_image()
    client.post(reverse("admin:events_event_changelist"), {"action": "duplicate", "_selected_action": [original.pk]})
    copy = Event.objects.exclude(pk=original.pk).get()
    assert copy.image.name == original.image.name
    assert copy.image_small.name not in ("", original.image_small.name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:events_event_delete", args=[copy.pk]), {"post": "yes"})
    assert stored_files(settings) == sorted([original.image.name, original.image_small.name])


# --- Images stored before the policy ----------------------------------------------------------


def store_unchecked(event, name, content):
    """Store a file as an event image without validation or copy, as the site did before."""
    stored = default_storage.save(f"events/{name}", ContentFile(content))
    Event.objects.filter(pk=event.pk).update(image=stored, image_small="")
    return stored


def test_migration_gives_earlier_images_their_copy_and_skips_oversized_ones(settings):
    readable, bomb = EventFactory(), EventFactory()
    store_unchecked(readable, "old.png", image_bytes(size=(2400, 1260), mode="RGB"))
    store_unchecked(bomb, "bomb.png", bomb_png())
    migration = importlib.import_module("events.migrations.0003_event_image_small")
    # The data step only reads the connection's alias from the schema editor.
    migration.make_resized_copies(apps, SimpleNamespace(connection=connection))
    readable.refresh_from_db()
    bomb.refresh_from_db()
    assert image_of(readable.image_small) == ("WEBP", (1200, 630))
    assert bomb.image_small.name == ""


def test_event_with_an_oversized_image_stored_earlier_can_still_be_saved(client, organiser, caplog):
    event = EventFactory(title_en="Forum")
    stored = store_unchecked(event, "bomb.png", bomb_png())
    response = client.post(change_url(event), change_form_data(client, event, title_en="Still editable"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title, event.image.name, event.image_small.name) == ("Still editable", stored, "")
    assert f"No resized copy of {stored}" in caplog.text
