"""Abuse protection of public forms (core/antispam.py), through the event registration form."""

import base64
import datetime
import json
import time

import altcha
import pytest
from django.core import signing
from django.db import connections
from django.test import Client

from core import antispam
from core.models import RateLimitCounter
from events.models import Registration
from tests.factories import EventFactory, UserFactory
from tests.utils import form_data

pytestmark = pytest.mark.django_db

FORM_ID = "registration-form"
SCOPE = "event-registration"
PEOPLE = [
    ("Wang Fang", "wang.fang@example.com"),
    ("Li Wei", "li.wei@example.com"),
    ("Anna Schmidt", "anna.schmidt@example.com"),
    ("Jonas Weber", "jonas.weber@example.com"),
    ("Chen Jing", "chen.jing@example.com"),
    ("Max Mustermann", "max.mustermann@example.com"),
]


@pytest.fixture
def cheap_work(monkeypatch):
    """Challenges that take a test a few milliseconds, not half a second, to solve."""
    monkeypatch.setattr(antispam, "ALTCHA_COST", 10)


def solve(client):
    """Fetch a challenge from our URL and solve it in Python, as the widget does in a browser."""
    response = client.get("/altcha/challenge/")
    challenge = altcha.Challenge.from_dict(response.json())
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


def filled_in(client, event, *, name="Wang Fang", email="wang.fang@example.com", solved=True, path=None, meta=None):
    """Open the event page as a visitor would, fill in the form and (with JavaScript) solve the work."""
    html = client.get(path or event.get_absolute_url(), **(meta or {})).content.decode()
    data = form_data(html, FORM_ID)
    data.update(name=name, email=email, organisation="Foshan Lighting Co.")
    if solved:
        data["altcha"] = solve(client)
    return data


def register(client, event, *, path=None, meta=None, **fields):
    """Register as a visitor would; ``meta`` adds request headers (HTTP_X_FORWARDED_FOR=...)."""
    data = filled_in(client, event, path=path, meta=meta, **fields)
    return client.post(path or event.get_absolute_url(), data, **(meta or {}))


# --- Honeypot -------------------------------------------------------------------------------


def test_honeypot_is_hidden_from_people_and_labelled_for_screen_readers(client):
    event = EventFactory()
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<div class="form-trap">' in html
    assert (
        '<div aria-hidden="true"><label for="id_homepage">Leave this field empty</label>'
        '<input type="text" name="homepage" tabindex="-1" autocomplete="off" id="id_homepage"></div>'
    ) in html
    assert form_data(html, FORM_ID)["homepage"] == ""


def test_filled_honeypot_is_rejected_and_nothing_saved(client):
    event = EventFactory()
    data = filled_in(client, event)
    data["homepage"] = "https://cheap-pills.example"
    response = client.post(event.get_absolute_url(), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "We could not accept the form. Please check your entries and send it again."
    ]
    assert "cheap-pills" not in response.content.decode()
    assert Registration.objects.count() == 0


# --- Minimum fill time and the stamp --------------------------------------------------------


def test_too_fast_post_asks_politely_to_send_again_and_keeps_the_input(client, settings):
    settings.ZONE_FORM_MIN_SECONDS = 3
    event = EventFactory()
    data = filled_in(client, event)
    response = client.post(event.get_absolute_url(), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The form was sent faster than a person can fill it in. Please check your entries and send it again."
    ]
    again = form_data(response.content.decode(), FORM_ID)
    assert (again["name"], again["email"], again["organisation"]) == (
        "Wang Fang",
        "wang.fang@example.com",
        "Foshan Lighting Co.",
    )
    assert again["form_stamp"] != data["form_stamp"], "the form shown again carries a fresh stamp"
    assert Registration.objects.count() == 0

    # The same visitor, four seconds after the form was shown: accepted.
    data["form_stamp"] = antispam._stamp_signer(SCOPE).sign(f"{time.time() - 4:.3f}")
    assert client.post(event.get_absolute_url(), data).status_code == 302
    assert Registration.objects.get().name == "Wang Fang"


def forged(value):
    return signing.TimestampSigner(salt="someone.elses.salt").sign(value)


def day_old_stamp(monkeypatch):
    two_days_ago = int(time.time()) - 2 * 24 * 60 * 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(two_days_ago))
        return antispam.make_stamp(SCOPE)


@pytest.mark.parametrize(
    "stamp",
    [
        "",
        None,
        "garbage",
        lambda monkeypatch: forged(f"{time.time() - 60:.3f}"),
        lambda monkeypatch: antispam._stamp_signer("inquiry").sign(f"{time.time() - 60:.3f}"),
        day_old_stamp,
    ],
    ids=["empty", "missing", "garbage", "forged", "another-form", "a-day-old"],
)
def test_missing_forged_or_expired_stamp_is_rejected(client, monkeypatch, stamp):
    event = EventFactory()
    data = filled_in(client, event)
    if stamp is None:
        del data["form_stamp"]
    else:
        data["form_stamp"] = stamp(monkeypatch) if callable(stamp) else stamp
    response = client.post(event.get_absolute_url(), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The form has expired. Please check your entries and send it again: they are kept below."
    ]
    assert form_data(response.content.decode(), FORM_ID)["email"] == "wang.fang@example.com"
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(("configured", "applied"), [(0, 0), (1, 1), (3, 3), (5, 5), (60, 5), (-2, 0)])
def test_minimum_fill_time_is_never_more_than_five_seconds(settings, configured, applied):
    settings.ZONE_FORM_MIN_SECONDS = configured
    assert antispam.min_seconds() == applied


# --- Proof of work (ALTCHA) -----------------------------------------------------------------


def test_challenge_comes_from_our_own_url_uncached_in_every_language(client):
    response = client.get("/altcha/challenge/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    challenge = response.json()
    assert challenge["parameters"]["algorithm"] == "PBKDF2/SHA-256"
    assert challenge["parameters"]["cost"] == antispam.ALTCHA_COST
    assert len(challenge["signature"]) == 64
    assert client.get("/altcha/challenge/").json()["parameters"]["nonce"] != challenge["parameters"]["nonce"]
    assert client.post("/altcha/challenge/").status_code == 405


def test_page_brings_the_widget_with_its_own_scripts_and_translated_labels(client):
    event = EventFactory()
    html = client.get("/de/events/" + event.slug + "/").content.decode()
    assert '<script type="module" src="/static/vendor/altcha/altcha.min.js"></script>' in html
    assert '<script type="module" src="/static/js/altcha-setup.js"></script>' in html
    assert 'data-altcha-challenge="/altcha/challenge/"' in html
    assert 'data-altcha-worker="/static/vendor/altcha/pbkdf2.js"' in html
    assert 'data-altcha-language="de"' in html
    assert "data-altcha-strings=" in html


def test_solved_challenge_is_accepted_and_counted_as_solved(client):
    event = EventFactory()
    assert register(client, event).status_code == 302
    assert Registration.objects.get().email == "wang.fang@example.com"
    assert list(RateLimitCounter.objects.filter(scope__startswith=SCOPE).values_list("scope", "key", "count")) == [
        (f"{SCOPE}:solved", "127.0.0.1", 1)
    ]


def tampered(payload):
    decoded = json.loads(base64.b64decode(payload))
    decoded["solution"]["counter"] += 1
    decoded["solution"]["derivedKey"] = "00" * 32
    return base64.b64encode(json.dumps(decoded).encode()).decode()


def test_wrong_or_replayed_solution_counts_as_unsolved(client, cheap_work):
    event = EventFactory()
    data = filled_in(client, event)
    replayed = data["altcha"]
    data["altcha"] = tampered(replayed)
    assert client.post(event.get_absolute_url(), data).status_code == 302

    # The right solution, twice: the first post spends it, the second counts as unsolved.
    data = filled_in(client, event, name="Li Wei", email="li.wei@example.com", solved=False)
    assert client.post(event.get_absolute_url(), {**data, "altcha": replayed}).status_code == 302
    data = filled_in(client, event, name="Anna Schmidt", email="anna.schmidt@example.com", solved=False)
    assert client.post(event.get_absolute_url(), {**data, "altcha": replayed}).status_code == 302

    counts = dict(RateLimitCounter.objects.filter(scope__startswith=SCOPE).values_list("scope", "count"))
    assert counts == {f"{SCOPE}:unsolved": 2, f"{SCOPE}:solved": 1}
    assert Registration.objects.count() == 3


def test_expired_challenge_counts_as_unsolved(client, monkeypatch):
    monkeypatch.setattr(antispam, "ALTCHA_LIFETIME", -1)
    event = EventFactory()
    assert register(client, event).status_code == 302
    assert RateLimitCounter.objects.get(scope__startswith=SCOPE).scope == f"{SCOPE}:unsolved"


def test_signed_in_users_skip_the_work_but_not_the_honeypot(client):
    client.force_login(UserFactory())
    event = EventFactory()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "altcha-holder" not in html
    data = filled_in(client, event, solved=False)
    assert client.post(event.get_absolute_url(), data).status_code == 302
    assert RateLimitCounter.objects.get(scope__startswith=SCOPE).scope == f"{SCOPE}:solved"

    data = filled_in(client, event, name="Li Wei", email="li.wei@example.com", solved=False)
    data["homepage"] = "spam"
    assert client.post(event.get_absolute_url(), data).status_code == 200
    assert Registration.objects.count() == 1


# --- Rate limit -------------------------------------------------------------------------------


def test_five_registrations_pass_the_sixth_is_429_in_german_with_retry_after(client, cheap_work):
    event = EventFactory(slug="forum", capacity=50)
    path = "/de/events/forum/"
    for name, email in PEOPLE[:5]:
        assert register(client, event, path=path, name=name, email=email).status_code == 302

    name, email = PEOPLE[5]
    response = register(client, event, path=path, name=name, email=email)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert '<html lang="de">' in html
    minutes = -(-int(response["Retry-After"]) // 60)
    assert response.context["retry_after_minutes"] == minutes
    assert Registration.objects.count() == 5
    assert not Registration.objects.filter(email=email).exists()

    # Someone else, at another address, is not held up.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert register(other, event, path=path, name=name, email=email).status_code == 302


def test_typos_corrected_along_the_way_do_not_count(client, cheap_work):
    event = EventFactory(capacity=50)
    for _attempt in range(6):
        data = filled_in(client, event, email="not-an-email")
        assert client.post(event.get_absolute_url(), data).status_code == 200
    for name, email in PEOPLE[:5]:
        assert register(client, event, name=name, email=email).status_code == 302
    assert Registration.objects.count() == 5


def test_without_proof_of_work_only_two_registrations_an_hour(client):
    event = EventFactory(capacity=50)
    for name, email in PEOPLE[:2]:
        assert register(client, event, name=name, email=email, solved=False).status_code == 302
    response = register(client, event, name=PEOPLE[2][0], email=PEOPLE[2][1], solved=False)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert Registration.objects.count() == 2


def test_bots_tripping_the_honeypot_are_throttled_too(client):
    event = EventFactory()
    data = filled_in(client, event, solved=False)
    data["homepage"] = "spam"
    answers = [client.post(event.get_absolute_url(), data).status_code for _post in range(11)]
    assert answers == [200] * 10 + [429]
    assert Registration.objects.count() == 0


def test_x_forwarded_for_is_ignored_unless_proxies_are_configured(client, settings):
    settings.ZONE_TRUSTED_PROXY_COUNT = 0
    event = EventFactory(capacity=50)
    answers = [
        register(client, event, name=name, email=email, solved=False, meta={"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"})
        for n, (name, email) in enumerate(PEOPLE[:3])
    ]
    assert [response.status_code for response in answers] == [302, 302, 429]
    assert list(RateLimitCounter.objects.values_list("key", "count")) == [("127.0.0.1", 3)]
    assert Registration.objects.count() == 2


def test_x_forwarded_for_is_honoured_behind_one_trusted_proxy(client, settings):
    settings.ZONE_TRUSTED_PROXY_COUNT = 1
    event = EventFactory(capacity=50)
    for number, (name, email) in enumerate(PEOPLE[:3]):
        # The client claims an address; our proxy appends the one it saw.
        forwarded = f"10.0.0.1, 198.51.100.{number}"
        response = register(
            client, event, name=name, email=email, solved=False, meta={"HTTP_X_FORWARDED_FOR": forwarded}
        )
        assert response.status_code == 302
    assert sorted(RateLimitCounter.objects.values_list("key", flat=True)) == [
        "198.51.100.0",
        "198.51.100.1",
        "198.51.100.2",
    ]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.7", "198.51.100.1", "192.0.2.7"),
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.3", "198.51.100.1"),
        (2, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "\x00, ,", "10.0.0.2"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.7", "", "192.0.2.7"),
        (0, "", "", "unknown"),
    ],
)
def test_client_address(rf, settings, proxies, remote, forwarded, expected):
    settings.ZONE_TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert antispam.client_address(request) == expected


@pytest.mark.django_db(transaction=True)
def test_the_count_lives_in_the_database_not_in_a_process(client, cheap_work):
    from django.core.cache import cache

    event = EventFactory(capacity=50)
    for name, email in PEOPLE[:5]:
        assert register(client, event, name=name, email=email).status_code == 302
    cache.clear()

    # A connection of its own, as another gunicorn worker or app server would have.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT scope, key, count FROM core_ratelimitcounter ORDER BY scope")
            rows = cursor.fetchall()
    finally:
        other.close()
    assert [row for row in rows if row[0].startswith(SCOPE)] == [(f"{SCOPE}:solved", "127.0.0.1", 5)]
    # Each solution is remembered as spent, there too.
    assert [row[0] for row in rows if not row[0].startswith(SCOPE)] == ["altcha:used"] * 5
    # A new client (another worker's view of the same address) is refused too.
    assert register(Client(), event, name=PEOPLE[5][0], email=PEOPLE[5][1]).status_code == 429


def test_ended_windows_are_forgotten(client):
    old = RateLimitCounter.objects.create(
        scope=f"{SCOPE}:solved",
        key="192.0.2.1",
        window_start=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        expires_at=datetime.datetime(2020, 1, 1, 0, 10, tzinfo=datetime.UTC),
        count=5,
    )
    event = EventFactory()
    assert register(client, event, solved=False).status_code == 302
    assert not RateLimitCounter.objects.filter(pk=old.pk).exists()


# --- Garbage ----------------------------------------------------------------------------------

GARBAGE = [
    "\x00",
    "x" * 100_000,
    "💣" * 50,
    "%00%ff",
    "<script>alert(1)</script>",
    base64.b64encode(b"not json").decode(),
    base64.b64encode(b"[1, 2, 3]").decode(),
    base64.b64encode(b'{"challenge": 1, "solution": []}').decode(),
    base64.b64encode(
        json.dumps(
            {
                "challenge": {"parameters": {"algorithm": "X", "nonce": 1, "salt": [], "cost": "a"}, "signature": 5},
                "solution": {"counter": "a", "derivedKey": None},
            }
        ).encode()
    ).decode(),
    base64.b64encode(
        json.dumps(
            {
                "challenge": {
                    "parameters": {"algorithm": "PBKDF2/SHA-256", "nonce": "zz", "salt": "zz", "cost": 10**12},
                    "signature": "0" * 64,
                },
                "solution": {"counter": -1, "derivedKey": "zz"},
            }
        ).encode()
    ).decode(),
]


@pytest.mark.parametrize("field", ["homepage", "form_stamp", "altcha"])
@pytest.mark.parametrize("value", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_in_any_protection_field_never_gives_a_500(client, field, value):
    event = EventFactory()
    data = filled_in(client, event, solved=False)
    data[field] = value
    response = client.post(event.get_absolute_url(), data)
    assert response.status_code in {200, 302}
    if field != "altcha":
        assert Registration.objects.count() == 0


def test_repeated_protection_fields_never_give_a_500(client):
    event = EventFactory()
    data = filled_in(client, event, solved=False)
    data.update(homepage=["", "x"], form_stamp=[data["form_stamp"], "y"], altcha=["a", "b"])
    assert client.post(event.get_absolute_url(), data).status_code in {200, 302}
