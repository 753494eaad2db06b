from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from companies.models import Country
from core.antispam import ProtectedFormMixin
from core.forms import EMAIL_ERROR_MESSAGES, PublicFormMixin

from .models import Registration


class RegistrationForm(PublicFormMixin, ProtectedFormMixin, forms.ModelForm):
    """The public registration form; capacity and duplicates are the service's business.

    Protected against abuse (honeypot, time stamp, proof of work): pass ``request=``.
    """

    antispam_scope = "event-registration"

    def __init__(self, *args, **kwargs):
        # Emails in the language of the page the visitor registers on, unless they choose another.
        kwargs["initial"] = {"language": get_language(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *Country.choices]

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "country", "language"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "country": forms.Select(attrs={"autocomplete": "country-name"}),
        }
        # The model's "name" is shared with places and companies; for a person, say so
        # (Chinese distinguishes 姓名 from 名称).
        labels = {
            "name": _("Full name"),
        }
        help_texts = {
            "language": _("The language of the emails we send you about this event."),
        }
        error_messages = {
            "name": {"required": _("Enter your full name")},
            "email": EMAIL_ERROR_MESSAGES,
            "country": {"invalid_choice": _("Select your country from the list")},
            "language": {
                "required": _("Select the language of your emails"),
                "invalid_choice": _("Select the language of your emails from the list"),
            },
        }
