"""The public forms of the cooperation board: inquiries and proposals."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.antispam import ProtectedFormMixin
from core.forms import EMAIL_ERROR_MESSAGES, PublicFormMixin

from .models import Cooperation, Country, Inquiry, Sector

CONSENT_LABEL = _(
    "I agree that the zone stores my details to answer me and passes my inquiry on to the company "
    "I am writing to, as the privacy notice describes."
)
PROPOSAL_CONSENT_LABEL = _(
    "I agree that the zone stores my details to review this entry and contact me about it, "
    "as the privacy notice describes."
)
# How long an entry may stay on the board before it must be renewed.
LONGEST_VALIDITY = datetime.timedelta(days=366)
CONSENT_MESSAGE = _("Tick the box to agree to the privacy notice")


class InquiryForm(PublicFormMixin, ProtectedFormMixin, forms.ModelForm):
    """A visitor's inquiry; where it goes (company, entry or the zone) is the view's business.

    Protected against abuse (honeypot, time stamp, proof of work): pass ``request=``.
    """

    antispam_scope = "inquiry"

    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": CONSENT_MESSAGE},
    )

    def __init__(self, *args, **kwargs):
        # Answers in the language of the page the visitor writes on, unless they choose another.
        kwargs["initial"] = {"language": get_language(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *Country.choices]
        self.fields["topic"].choices = [("", _("Choose a topic")), *self.fields["topic"].choices[1:]]

    class Meta:
        model = Inquiry
        fields = ["name", "email", "organisation", "country", "phone", "wechat_id", "topic", "message", "language"]
        labels = {"name": _("Full name")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "country": forms.Select(attrs={"autocomplete": "country-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "wechat_id": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "message": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "phone": _("Include the country code, for example +86 757 1234 5678."),
            "language": _("The language in which you would like to be answered."),
        }
        error_messages = {
            "name": {"required": _("Enter your full name")},
            "email": EMAIL_ERROR_MESSAGES,
            "organisation": {"required": _("Enter the name of your organisation")},
            "country": {
                "required": _("Select your country"),
                "invalid_choice": _("Select your country from the list"),
            },
            "topic": {"required": _("Select a topic"), "invalid_choice": _("Select a topic from the list")},
            "message": {
                "required": _("Enter a message"),
                "max_length": _("Keep your message under %(limit_value)d characters (it has %(show_value)d)."),
            },
            "language": {
                "required": _("Select the language of your answer"),
                "invalid_choice": _("Select the language of your answer from the list"),
            },
        }


class ProposalForm(PublicFormMixin, ProtectedFormMixin, forms.ModelForm):
    """A visitor proposes an offer or request; it goes to review, nothing shows before staff publish it.

    Protected against abuse like every public form: pass ``request=``.
    """

    antispam_scope = "cooperation-proposal"

    organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Enter the name of your organisation")},
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label=PROPOSAL_CONSENT_LABEL,
        error_messages={"required": CONSENT_MESSAGE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *Country.choices]
        self.fields["target_country"].choices = [("", _("Any country")), *Country.choices]
        for name in ("direction", "kind"):
            self.fields[name].choices = self.fields[name].choices[1:]
            self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True

    class Meta:
        model = Cooperation
        fields = [
            "direction",
            "kind",
            "title",
            "description",
            "organisation",
            "anonymous",
            "sectors",
            "country",
            "target_country",
            "valid_until",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "anonymous": _("Withhold our name: the zone passes every contact on to us"),
            "contact_name": _("Your full name"),
            "contact_email": _("Your email"),
        }
        help_texts = {
            "title": _("One line, e.g. “Distributor wanted for industrial sensors in South China”."),
            "valid_until": _("The entry leaves the board after this day; at most a year from today."),
            "contact_name": _("Only the zone's staff see your name and email."),
        }
        widgets = {
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "country": forms.Select(attrs={"autocomplete": "country-name"}),
        }
        error_messages = {
            "direction": {
                "required": _("Select whether you offer something or are looking for it"),
                "invalid_choice": _("Select an offer or a request"),
            },
            "kind": {
                "required": _("Select the kind of cooperation"),
                "invalid_choice": _("Select a kind of cooperation from the list"),
            },
            "title": {"required": _("Enter a title")},
            "description": {"required": _("Enter a description")},
            "country": {
                "required": _("Select your country"),
                "invalid_choice": _("Select your country from the list"),
            },
            "target_country": {"invalid_choice": _("Select a country from the list")},
            "valid_until": {
                "required": _("Enter the last day the entry stays on the board"),
                "invalid": _("Enter a real date, for example 2026-12-31"),
            },
            "contact_name": {"required": _("Enter your full name")},
            "contact_email": EMAIL_ERROR_MESSAGES,
        }

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Choose a day from today on."), code="past")
        if value > today + LONGEST_VALIDITY:
            raise forms.ValidationError(_("Choose a day at most a year from today."), code="too_far")
        return value
