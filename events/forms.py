from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.antispam import ProtectedFormMixin

from .models import Registration


class RegistrationForm(ProtectedFormMixin, forms.ModelForm):
    """The public registration form; capacity and duplicates are the service's business.

    Protected against abuse (honeypot, time stamp, proof of work): pass ``request=``.
    """

    antispam_scope = "event-registration"

    def __init__(self, *args, **kwargs):
        # Emails in the language of the page the visitor registers on, unless they choose another.
        kwargs["initial"] = {"language": get_language(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "country", "language"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        # The model's "name" is shared with places and companies; for a person, say so
        # (Chinese distinguishes 姓名 from 名称).
        labels = {
            "name": _("Full name"),
        }
        help_texts = {
            "language": _("The language of the emails we send you about this event."),
        }
