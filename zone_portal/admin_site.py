"""Staff logins: the admin site with its optional second factor, and the address axes counts.

The site class becomes ``admin.site`` through ``zone_portal.apps.ZoneAdminConfig`` (Django's
"overriding the default admin site"), so every ``@admin.register`` keeps working unchanged.
"""

import ipaddress

from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice

from core.antispam import client_address


def axes_client_address(request):
    """Return the address django-axes counts failed logins against.

    The same address the public forms' rate limits count (``core.antispam.client_address``:
    REMOTE_ADDR, or the X-Forwarded-For entry of our outermost proxy), so a proxy in front
    never makes every visitor share one lockout. axes stores it in an IP address column: an
    IPv6 /64 network is given as its first address, and an unusable address as None.
    """
    address = client_address(request)
    if address == "unknown":
        return None
    return str(ipaddress.ip_network(address, strict=False).network_address)


def lockout_response(request, original_response, credentials):
    """Answer a sign-in that django-axes refuses: 429 with the admin's login page saying
    for how long, in the admin's language, with Retry-After (AXES_LOCKOUT_CALLABLE)."""
    cool_off_seconds = int(get_cool_off(request).total_seconds())
    context = {
        **admin.site.each_context(request),
        "title": _("Signing in is blocked for a while"),
        "cooloff_minutes": cool_off_seconds // 60,
        "login_url": request.get_full_path(),
    }
    response = TemplateResponse(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(cool_off_seconds)
    return response.render()


def second_factor_required(user):
    """Whether ``user`` must give a one-time code to sign in to the admin.

    Only with ZONE_ADMIN_2FA on: then superusers always, other staff once they have
    enrolled a device (a device they do not have to use would protect nothing).
    """
    if not settings.ZONE_ADMIN_2FA:
        return False
    return user.is_superuser or any(devices_for_user(user, confirmed=True))


class ZoneAdminAuthenticationForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin's login form, with a one-time code for those who need one.

    A single step: the code is typed with the password and checked against the user's
    first confirmed device (django-otp's own admin form asks for the device in a second
    round trip).
    """

    otp_token = forms.CharField(
        label=_("One-time code"),
        required=False,
        help_text=_("The six digits your authenticator app shows, if you have set one up."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the one-time code from your authenticator app."),
        "invalid_token": _("That one-time code is wrong or has expired. Enter the current one."),
    }
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "no_device": _(
            "This account must sign in with a one-time code but has no authenticator app set up. "
            "Ask a zone administrator for an emergency code."
        ),
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and second_factor_required(user):
            if not any(devices_for_user(user)):
                raise forms.ValidationError(self.error_messages["no_device"], code="no_device")
            self.clean_otp(user)
        return cleaned_data

    def _chosen_device(self, user):
        # The form has no device field: take the one the user has (TOTP before static
        # emergency codes, which devices_for_user lists last); the code decides.
        token = self.cleaned_data.get("otp_token") or ""
        devices = list(devices_for_user(user, confirmed=True))
        static_devices = [device for device in devices if isinstance(device, StaticDevice)]
        totp_devices = [device for device in devices if not isinstance(device, StaticDevice)]
        # Six digits are a TOTP code; anything else is an emergency (static) token.
        candidates = totp_devices if token.isdigit() and len(token) == 6 else static_devices
        return (candidates or devices or [None])[0]

    def _update_form(self, user):
        # django-otp fills a device select here; this form has none.
        pass


class ZoneAdminSite(admin.AdminSite):
    """The default admin site, requiring a verified second factor of superusers when
    ZONE_ADMIN_2FA is on (django-otp's OTPAdminSite requires it of every staff user)."""

    login_form = ZoneAdminAuthenticationForm
    login_template = "admin/zone_login.html"

    def each_context(self, request):
        return {**super().each_context(request), "zone_admin_2fa": settings.ZONE_ADMIN_2FA}

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if settings.ZONE_ADMIN_2FA and request.user.is_superuser:
            return request.user.is_verified()
        return True
