"""Staff logins: lockout after failed sign-ins, session length, the admin's address, the
optional second factor, and the security headers."""

import importlib
import io
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import clear_url_caches
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.utils import form_data
from zone_portal import middleware as session_activity

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOGIN = "/admin/login/?next=/admin/"
LOCKED_OUT = "Signing in is blocked for a while"


def sign_in(client, username, password=PASSWORD, login=LOGIN, **fields):
    """Fill in the admin's login form as rendered and send it."""
    page = client.get(login)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "login-form")
    data.update(username=username, password=password, **fields)
    return client.post(login, data)


def fail(client, username, times):
    """Send a wrong password ``times`` times; return the last answer."""
    for _attempt in range(times):
        response = sign_in(client, username, password="wrong-password-123")
        assert response.status_code in {200, 429}
        assert "_auth_user_id" not in client.session
    return response


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def staff():
    return UserFactory(username="li.wei", is_staff=True)


# --- Lockout ----------------------------------------------------------------------------------


def test_five_failed_sign_ins_refuse_the_right_password_with_a_clear_page(client, staff):
    response = fail(client, "li.wei", 4)
    assert "Please enter the correct username and password" in response.content.decode()
    assert signed_in(sign_in(client, "li.wei")), "four failures still let the right password in"
    client.logout()

    # Signing in did not wipe the count: the next failure is the fifth.
    response = sign_in(client, "li.wei", password="wrong-password-123")
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"

    response = sign_in(client, "li.wei")
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    html = response.content.decode()
    assert f"<h2>{LOCKED_OUT}</h2>" in html
    assert (
        "Too many failed sign-ins for this account or from your network. Signing in is blocked for "
        "30 minutes after the last failed attempt, even with the right password."
    ) in html
    assert "ask a zone administrator to unlock your account" in html
    assert f'<a href="{LOGIN}">' in html
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_speaks_german_to_a_german_browser(staff):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    fail(client, "li.wei", 5)
    response = sign_in(client, "li.wei")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="de"' in html
    with translation.override("de"):
        assert f"<h2>{gettext(LOCKED_OUT)}</h2>" in html
        assert gettext("Back to the sign-in page") in html


def test_a_locked_account_does_not_hold_up_a_colleague_elsewhere(staff):
    UserFactory(username="anna.schmidt", is_staff=True)
    fail(Client(REMOTE_ADDR="198.51.100.7"), "li.wei", 5)

    colleague = Client(REMOTE_ADDR="203.0.113.20")
    assert signed_in(sign_in(colleague, "anna.schmidt"))
    assert sign_in(Client(REMOTE_ADDR="203.0.113.21"), "li.wei").status_code == 429


def test_one_address_trying_many_accounts_is_locked_for_every_account(staff):
    UserFactory(username="anna.schmidt", is_staff=True)
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for username in ["admin", "root", "zone", "staff", "li.wei"]:
        fail(attacker, username, 1)

    assert sign_in(attacker, "anna.schmidt").status_code == 429
    # The accounts themselves were tried once each: from elsewhere they sign in.
    assert signed_in(sign_in(Client(REMOTE_ADDR="203.0.113.20"), "anna.schmidt"))


def test_one_account_tried_from_many_addresses_is_locked_everywhere(staff):
    for number in range(5):
        fail(Client(REMOTE_ADDR=f"198.51.100.{number + 1}"), "li.wei", 1)

    assert sign_in(Client(REMOTE_ADDR="203.0.113.20"), "li.wei").status_code == 429


def test_behind_our_proxy_each_client_address_has_its_own_count(settings, staff):
    settings.ZONE_TRUSTED_PROXY_COUNT = 1
    UserFactory(username="anna.schmidt", is_staff=True)
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    for username in ["admin", "root", "zone", "staff", "anna"]:
        fail(attacker, username, 1)
    assert sign_in(attacker, "li.wei").status_code == 429
    # A forged entry further left changes nothing: the proxy's own entry counts.
    forging = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7")
    assert sign_in(forging, "li.wei").status_code == 429

    # Another visitor behind the same proxy is not locked out with the attacker.
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert signed_in(sign_in(colleague, "anna.schmidt"))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_an_ipv6_network_counts_as_one_address(staff):
    for number in range(5):
        fail(Client(REMOTE_ADDR=f"2001:db8:1:2::{number + 1}"), f"guess{number}", 1)

    assert sign_in(Client(REMOTE_ADDR="2001:db8:1:2::ff"), "li.wei").status_code == 429
    assert signed_in(sign_in(Client(REMOTE_ADDR="2001:db8:1:3::1"), "li.wei"))


def test_reset_username_command_unlocks_the_account(client, staff):
    fail(client, "li.wei", 5)
    assert sign_in(Client(REMOTE_ADDR="203.0.113.20"), "li.wei").status_code == 429

    call_command("axes_reset_username", "li.wei", stdout=io.StringIO())

    assert signed_in(sign_in(Client(REMOTE_ADDR="203.0.113.20"), "li.wei"))


def test_the_lockout_ends_after_half_an_hour_and_trying_meanwhile_does_not_extend_it(client, staff):
    fail(client, "li.wei", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    assert sign_in(client, "li.wei", password="wrong-password-123").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert signed_in(sign_in(client, "li.wei"))


# --- Sessions ---------------------------------------------------------------------------------


def test_a_staff_session_ends_after_a_working_day_without_requests(client, staff):
    assert signed_in(sign_in(client, "li.wei"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 10 * 60 * 60
    session = Session.objects.get(session_key=cookie.value)
    assert timedelta(hours=9, minutes=59) < session.expire_date - timezone.now() <= timedelta(hours=10)


def test_using_the_admin_moves_the_session_end_at_most_every_ten_minutes(client, staff):
    assert signed_in(sign_in(client, "li.wei"))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def age_session(minutes):
        session = client.session
        session[session_activity.REFRESHED_AT] = int(time.time()) - minutes * 60
        session.save()
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() + timedelta(hours=10, minutes=-minutes)
        )

    age_session(5)
    client.get("/admin/")
    remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert timedelta(hours=9, minutes=54) < remaining <= timedelta(hours=9, minutes=55)

    age_session(11)
    client.get("/admin/")
    remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert timedelta(hours=9, minutes=59) < remaining <= timedelta(hours=10)


def test_visitors_get_no_session_and_no_vary_cookie_from_it(client):
    response = client.get("/en/imprint/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


# --- The admin's address ----------------------------------------------------------------------


@pytest.fixture
def admin_path(settings):
    """Serve the admin at /office-7f3a/ for one test (the URLconf reads the setting once)."""
    from zone_portal import urls

    settings.ZONE_ADMIN_PATH = "office-7f3a/"
    importlib.reload(urls)
    clear_url_caches()
    yield "/office-7f3a/"
    settings.ZONE_ADMIN_PATH = "admin/"
    importlib.reload(urls)
    clear_url_caches()


def test_the_admin_moves_with_its_path_with_its_privacy_page_and_robots_txt(client, staff, admin_path):
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    response = client.get(admin_path)
    assert response.status_code == 302
    assert response["Location"] == f"{admin_path}login/?next={admin_path}"

    assert signed_in(sign_in(client, "li.wei", login=f"{admin_path}login/?next=/admin/"))
    assert client.get(f"{admin_path}privacy/").status_code in {200, 403}
    assert client.get("/admin/privacy/").status_code == 404

    assert "Disallow: /office-7f3a/" in client.get("/robots.txt").content.decode().splitlines()


def test_the_default_admin_path_is_admin(client):
    assert settings.ZONE_ADMIN_PATH == "admin/"
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/privacy/")["Location"] == "/admin/login/?next=/admin/privacy/"


# --- Second factor ----------------------------------------------------------------------------


@pytest.fixture
def superuser():
    return UserFactory(username="root.admin", is_staff=True, is_superuser=True)


def totp_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_without_2fa_a_superuser_signs_in_with_the_password_alone(client, superuser):
    assert settings.ZONE_ADMIN_2FA is False
    page = client.get(LOGIN).content.decode()
    assert 'name="otp_token"' not in page
    assert signed_in(sign_in(client, "root.admin"))
    assert client.get("/admin/").status_code == 200


def test_with_2fa_a_superuser_needs_the_current_code(settings, client, superuser):
    settings.ZONE_ADMIN_2FA = True
    device = totp_device(superuser)
    assert 'name="otp_token"' in client.get(LOGIN).content.decode()

    response = sign_in(client, "root.admin")
    assert response.status_code == 200
    assert "Enter the one-time code from your authenticator app." in response.content.decode()

    response = sign_in(client, "root.admin", otp_token="000000" if current_code(device) != "000000" else "111111")
    assert response.status_code == 200
    assert "That one-time code is wrong or has expired." in response.content.decode()
    assert "_auth_user_id" not in client.session

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    assert signed_in(sign_in(client, "root.admin", otp_token=current_code(device)))
    assert client.get("/admin/").status_code == 200


def test_with_2fa_a_superuser_without_a_code_cannot_use_the_admin(settings, client, superuser):
    settings.ZONE_ADMIN_2FA = True
    totp_device(superuser)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"

    settings.ZONE_ADMIN_2FA = False
    assert client.get("/admin/").status_code == 200


def test_with_2fa_a_superuser_without_a_device_is_told_what_to_do(settings, client, superuser):
    settings.ZONE_ADMIN_2FA = True
    response = sign_in(client, "root.admin")
    assert response.status_code == 200
    assert "has no authenticator app set up" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_with_2fa_an_emergency_code_lets_a_superuser_in_once_to_enrol(settings, client, superuser):
    settings.ZONE_ADMIN_2FA = True
    call_command("addstatictoken", "root.admin", "-t", "k3y5ecret", stdout=io.StringIO())
    assert StaticDevice.objects.filter(user=superuser).exists()

    assert signed_in(sign_in(client, "root.admin", otp_token="k3y5ecret"))
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 200
    client.logout()
    assert sign_in(client, "root.admin", otp_token="k3y5ecret").status_code == 200


def test_with_2fa_other_staff_sign_in_without_a_code_until_they_enrol(settings, client, staff):
    settings.ZONE_ADMIN_2FA = True
    assert signed_in(sign_in(client, "li.wei"))
    client.logout()

    device = totp_device(staff)
    assert sign_in(client, "li.wei").status_code == 200
    assert signed_in(sign_in(client, "li.wei", otp_token=current_code(device)))


def test_the_totp_device_admin_shows_a_qr_code_drawn_here(client, superuser):
    device = totp_device(superuser)
    client.force_login(superuser)
    response = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]


# --- Headers ----------------------------------------------------------------------------------

POLICY = {
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


@pytest.mark.parametrize("path", ["/en/", "/de/events/", "/robots.txt", "/admin/login/"])
def test_every_response_carries_the_same_strict_policy_and_denies_unused_features(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert set(response["Content-Security-Policy"].split("; ")) == POLICY
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "browsing-topics"]:
        assert features[feature] == "()"
    assert set(features.values()) == {"()"}


def test_the_admin_and_the_lockout_page_carry_the_headers_too(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert set(response["Content-Security-Policy"].split("; ")) == POLICY
    assert "camera=()" in response["Permissions-Policy"]
    client.logout()

    fail(client, "li.wei", 5)
    response = sign_in(client, "li.wei")
    assert response.status_code == 429
    assert set(response["Content-Security-Policy"].split("; ")) == POLICY
    assert "camera=()" in response["Permissions-Policy"]
