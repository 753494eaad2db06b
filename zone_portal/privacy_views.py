"""The staff page for requests about one person's data: see it, download it, erase it.

Zone staff (who read inquiries) answer such requests; every erasure is logged with who did it.
Email addresses travel in POST bodies only, never in URLs, so they stay out of access logs.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import privacy

PERMISSION = "companies.change_inquiry"


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    action = forms.ChoiceField(
        choices=[("show", "show"), ("json", "json"), ("html", "html"), ("erase", "erase")], widget=forms.HiddenInput
    )
    confirm = forms.BooleanField(
        label=_("I have checked who is asking: erase everything stored about this address."), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "erase" and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm the erasure."))
        return data


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def personal_data(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None, initial={"action": "show"})
    context = {**admin.site.each_context(request), "title": _("Personal data of one person"), "form": form}
    if request.method == "POST" and not form.is_valid() and "email" in form.cleaned_data:
        # An erasure not confirmed: show the person's data again, with the form's error.
        data = privacy.export(form.cleaned_data["email"])
        context.update(data=data, found=_found(data))
    elif request.method == "POST" and form.is_valid():
        email, action = form.cleaned_data["email"], form.cleaned_data["action"]
        if action == "erase":
            counts = privacy.erase(email, user=request.user)
            messages.success(
                request,
                _("Erased: %(inquiries)d inquiries, %(registrations)d registrations, %(proposals)d proposals.")
                % {
                    "inquiries": counts["inquiries"],
                    "registrations": counts["registrations"],
                    "proposals": counts["cooperation_proposals"],
                },
            )
            return redirect("privacy_personal_data")
        data = privacy.export(email)
        if action == "json":
            content = json.dumps(data, ensure_ascii=False, indent=2)
            return _attachment(content, "application/json; charset=utf-8", "personal-data.json")
        if action == "html":
            content = render_to_string("admin/privacy_export.html", {"data": data}, request=request)
            return _attachment(content, "text/html; charset=utf-8", "personal-data.html")
        context["data"] = data
        context["found"] = _found(data)
        context["form"] = PersonalDataForm(initial={"email": email, "action": "erase"})
    return TemplateResponse(request, "admin/privacy.html", context)


def _found(data):
    return any(data[kind] for kind in ("inquiries", "registrations", "cooperation_proposals"))


personal_data_view = admin.site.admin_view(personal_data)
