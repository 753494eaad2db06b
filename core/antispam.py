"""Abuse protection for the public forms, without any third-party service.

Four layers, each cheap for a person and costly for a script:

- a honeypot field that people never see and bots fill in;
- a signed time stamp: a post sooner than ``ZONE_FORM_MIN_SECONDS`` after the form was
  shown, or with a missing, forged or day-old stamp, is sent back politely to send again;
- a proof of work (ALTCHA, self-hosted: the challenge comes from our own URL and the widget
  ships in static/vendor/altcha/) that the visitor's browser solves in the background;
- a rate limit per client address, counted in the database so that every gunicorn worker
  and every app server shares it. A post without a valid proof of work (no JavaScript, or a
  bot that does not solve) is not refused: it falls under a much stricter limit.

A public form gets all four with one base class and one call in its view::

    class InquiryForm(ProtectedFormMixin, forms.ModelForm):
        antispam_scope = "inquiry"

    form = InquiryForm(data=request.POST or None, request=request)
    if (refusal := throttle(form)) is not None:
        return refusal  # 429 Too Many Requests
    if form.is_valid():
        ...

The form's own fields must not be named ``homepage``, ``form_stamp`` or ``altcha``.
"""

import datetime
import ipaddress
import json
import math
import time
from dataclasses import dataclass

import altcha
from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .models import RateLimitCounter

HONEYPOT_FIELD = "homepage"
STAMP_FIELD = "form_stamp"
ALTCHA_FIELD = "altcha"


@dataclass(frozen=True)
class Limit:
    """At most ``count`` posts per ``seconds`` (a fixed window) per client address and form."""

    count: int
    seconds: int


# Enough for a visitor who registers themselves and three or four colleagues; only posts
# that pass validation count, so typos corrected along the way cost nothing.
SOLVED_LIMIT = Limit(5, 10 * 60)
# Valid posts without a proof of work: a visitor without JavaScript can still register,
# a bot that does not solve gets two posts an hour.
UNSOLVED_LIMIT = Limit(2, 60 * 60)
# Honeypot and time-stamp failures, counted apart so that a visitor whose browser filled
# in the form too fast is not locked out, while a bot that keeps trying is.
REJECTED_LIMIT = Limit(10, 10 * 60)

# A form left open longer than this must be sent again (with the visitor's input kept).
STAMP_MAX_AGE = 24 * 60 * 60
# Whatever the setting says, no person waits longer than this before sending.
MAX_MIN_SECONDS = 5

# PBKDF2/SHA-256 with this many iterations per attempt and a one-byte key prefix to find
# (256 attempts on average): well under a second in a phone's browser, and each attempt
# costs a script the same. A challenge is valid this long, then the widget fetches another.
ALTCHA_ALGORITHM = "PBKDF2/SHA-256"
ALTCHA_COST = 5000
ALTCHA_LIFETIME = 30 * 60
# A real payload is about 600 characters; anything far longer is not worth decoding.
ALTCHA_MAX_PAYLOAD = 4000


# --- Client address -----------------------------------------------------------------------


def client_address(request):
    """Return the address to count ``request`` against.

    REMOTE_ADDR, unless ``ZONE_TRUSTED_PROXY_COUNT`` names how many reverse proxies of
    ours stand in front of the app: then the X-Forwarded-For entry that the outermost of
    them appended (the Nth from the right). Entries further left are whatever the client
    claimed and are never trusted. An IPv6 address counts as its /64 network, which one
    household or phone usually holds whole.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = remote
    trusted = getattr(settings, "ZONE_TRUSTED_PROXY_COUNT", 0)
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            address = forwarded[max(len(forwarded) - trusted, 0)]
    return _normalise_address(address) or _normalise_address(remote) or "unknown"


def _normalise_address(address):
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# --- Counting -------------------------------------------------------------------------------


def _increment(scope, key, window_start, expires_at):
    """Add one to the counter of (scope, key, window_start) and return its new value.

    An UPDATE that adds one is atomic on SQLite and PostgreSQL alike; the first post of a
    window creates the row, and if another process created it first in the meantime the
    unique constraint says so and this one adds to theirs.
    """
    counters = RateLimitCounter.objects.filter(scope=scope, key=key, window_start=window_start)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(
                        scope=scope, key=key, window_start=window_start, expires_at=expires_at, count=1
                    )
            except IntegrityError:
                counters.update(count=F("count") + 1)
            else:
                # A new window is a good moment to forget the ended ones (indexed on expires_at).
                RateLimitCounter.objects.filter(expires_at__lt=timezone.now()).delete()
        return counters.values_list("count", flat=True).get()


def hit(scope, key, limit):
    """Count one post; return (posts so far in this window, seconds until the window ends)."""
    now = time.time()
    start = math.floor(now / limit.seconds) * limit.seconds
    end = start + limit.seconds
    as_datetime = datetime.datetime.fromtimestamp
    count = _increment(scope, key[:100], as_datetime(start, datetime.UTC), as_datetime(end, datetime.UTC))
    return count, max(math.ceil(end - now), 1)


def throttle(form):
    """Count a post of the protected ``form`` against its client's limits.

    Return a 429 response when the client is over the limit that applies (nothing may be
    saved then), otherwise None. Only posts that pass validation count, and honeypot or
    time-stamp failures apart; a form that was not posted counts nothing.
    """
    valid = form.is_valid()
    if form.protection_failed:
        kind, limit = "rejected", REJECTED_LIMIT
    elif not valid:
        return None
    elif form.proof_of_work_done:
        kind, limit = "solved", SOLVED_LIMIT
    else:
        kind, limit = "unsolved", UNSOLVED_LIMIT
    count, retry_after = hit(f"{form.antispam_scope}:{kind}", client_address(form.request), limit)
    if count <= limit.count:
        return None
    return too_many_requests(form.request, retry_after)


def too_many_requests(request, retry_after):
    """Return the 429 page, in the visitor's language, saying when to try again."""
    context = {"retry_after_minutes": max(math.ceil(retry_after / 60), 1)}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


# --- Time stamp -----------------------------------------------------------------------------


def _stamp_signer(scope):
    # One salt per form, so a stamp from one form cannot be pasted into another.
    return signing.TimestampSigner(salt=f"core.antispam.stamp.{scope}")


def make_stamp(scope):
    """Return a signed stamp of this moment, to the millisecond, for the form ``scope``."""
    return _stamp_signer(scope).sign(f"{time.time():.3f}")


def stamp_age(stamp, scope):
    """Return the seconds since ``stamp`` was made, or None if it is missing, forged or expired."""
    try:
        made = float(_stamp_signer(scope).unsign(stamp or "", max_age=STAMP_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None
    return time.time() - made


def min_seconds():
    """Return how long a person needs at least to fill in a form (0 to 5 seconds)."""
    return min(max(float(getattr(settings, "ZONE_FORM_MIN_SECONDS", 3)), 0), MAX_MIN_SECONDS)


# --- Proof of work (ALTCHA) ----------------------------------------------------------------


def _altcha_key():
    # Derived from SECRET_KEY, never the key itself: a leak of this key cannot forge sessions.
    return salted_hmac("core.antispam.altcha", "challenge-key").hexdigest()


def create_challenge():
    """Return a new signed ALTCHA challenge as the widget expects it (a JSON-ready dict)."""
    challenge = altcha.create_challenge(
        ALTCHA_ALGORITHM,
        ALTCHA_COST,
        expires_at=int(time.time()) + ALTCHA_LIFETIME,
        hmac_secret=_altcha_key(),
    )
    return challenge.to_dict()


@require_GET
def altcha_challenge(request):
    """Serve a fresh challenge to the widget; never cached, so no two visitors share one."""
    response = JsonResponse(create_challenge())
    response["Cache-Control"] = "no-store"
    return response


def verify_proof_of_work(payload):
    """Return whether ``payload`` solves a challenge of ours that has not expired nor been used.

    Anything else (nothing, garbage, a wrong or replayed solution) is False, never an error.
    """
    if not isinstance(payload, str) or not payload or len(payload) > ALTCHA_MAX_PAYLOAD:
        return False
    try:
        parsed = altcha.Payload.from_base64(payload)
        expires_at = parsed.challenge.parameters.expires_at
        nonce = parsed.challenge.parameters.nonce
        verified = altcha.verify_solution(parsed, _altcha_key()).verified
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError):
        return False
    if not verified or not isinstance(expires_at, int) or not isinstance(nonce, str):
        return False
    # One solution, one post: remember the challenge until it expires anyway.
    expiry = datetime.datetime.fromtimestamp(expires_at, datetime.UTC)
    return _increment("altcha:used", nonce[:100], expiry, expiry) == 1


def altcha_strings():
    """Return the widget's texts in the active language (the widget's own i18n keys)."""
    return {
        "label": _("I am not a robot"),
        "verify": _("Verify"),
        "verifying": _("Verifying…"),
        "verified": _("Verified"),
        "verificationRequired": _("Verification required."),
        "waitAlert": _("Verifying… please wait."),
        "loading": _("Loading…"),
        "error": _("Verification failed. You can still send the form."),
        "expired": _("Verification expired. Please verify again."),
        "reload": _("Reload"),
        "cancel": _("Cancel"),
        "footer": _("Spam protection without tracking"),
        "ariaLinkLabel": _("Spam protection without tracking"),
        "enterCode": _("Enter code"),
        "enterCodeAria": _("Enter the code you hear. Press Space to play the audio."),
        "enterCodeFromImage": _("To continue, enter the code from the image below."),
        "getAudioChallenge": _("Play the code as audio"),
    }


# --- Form fields ----------------------------------------------------------------------------


class HoneypotInput(forms.TextInput):
    """A text input people never reach: hidden by CSS, out of the tab order, never autofilled."""

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})

    def format_value(self, value):
        # Never echo what a bot put in.
        return None


class HoneypotBoundField(forms.BoundField):
    def css_classes(self, extra_classes=None):
        # The form layout's wrapper <div> gets the class that hides it (site.css).
        return super().css_classes(extra_classes=f"form-trap {extra_classes or ''}".strip())


class StampInput(forms.HiddenInput):
    """A hidden input that always renders a fresh stamp, so a form shown again restarts the clock."""

    def __init__(self, scope):
        super().__init__()
        self.scope = scope

    def format_value(self, value):
        return make_stamp(self.scope)


class AltchaWidget(forms.Widget):
    """A placeholder that static/js/altcha-setup.js turns into the ALTCHA widget.

    It brings its own scripts and stylesheet, so a form rendered with ``{{ form }}`` needs
    nothing else in its template; without JavaScript it shows nothing.
    """

    template_name = "core/antispam/altcha_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        context["altcha"] = {
            "challenge_url": reverse("altcha_challenge"),
            "worker_url": static("vendor/altcha/pbkdf2.js"),
            "language": get_language() or settings.LANGUAGE_CODE,
            "strings": json.dumps({key: str(text) for key, text in altcha_strings().items()}, ensure_ascii=False),
        }
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class ProtectedFormMixin:
    """Add the honeypot, the time stamp and the proof of work to a public form.

    Set ``antispam_scope`` (a short name of the form, used in its rate-limit counters)
    and pass the request: ``MyForm(data=..., request=request)``. After validation,
    ``protection_failed`` says whether the honeypot or time stamp failed and
    ``proof_of_work_done`` whether the post carries a valid solution (or comes from a
    signed-in user, who needs none). The protection fields never reach ``cleaned_data``.
    """

    antispam_scope = None

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.antispam_scope:
            raise TypeError(f"{type(self).__name__} must set antispam_scope.")
        self.request = request
        self.protection_failed = False
        self.proof_of_work_done = False
        # Staff and other signed-in users have an account to answer for; they skip the work.
        self.proof_of_work_exempt = bool(getattr(request, "user", None) and request.user.is_authenticated)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            strip=False,
            widget=HoneypotInput(),
            template_name="core/antispam/honeypot_field.html",
            bound_field_class=HoneypotBoundField,
        )
        self.fields[STAMP_FIELD] = forms.CharField(required=False, strip=False, widget=StampInput(self.antispam_scope))
        if not self.proof_of_work_exempt:
            self.fields[ALTCHA_FIELD] = forms.CharField(required=False, label="", strip=False, widget=AltchaWidget())

    def clean(self):
        cleaned_data = super().clean()
        honeypot = cleaned_data.pop(HONEYPOT_FIELD, "")
        stamp = cleaned_data.pop(STAMP_FIELD, "")
        payload = cleaned_data.pop(ALTCHA_FIELD, "")
        age = stamp_age(stamp, self.antispam_scope)
        if honeypot:
            self.protection_failed = True
            self.add_error(None, _("We could not accept the form. Please check your entries and send it again."))
        elif age is None:
            self.protection_failed = True
            self.add_error(
                None, _("The form has expired. Please check your entries and send it again: they are kept below.")
            )
        elif age < min_seconds():
            self.protection_failed = True
            self.add_error(
                None,
                _(
                    "The form was sent faster than a person can fill it in. "
                    "Please check your entries and send it again."
                ),
            )
        elif self.proof_of_work_exempt:
            self.proof_of_work_done = True
        elif not self._errors:
            # Only a post that will be acted on spends its solution.
            self.proof_of_work_done = verify_proof_of_work(payload)
        return cleaned_data
