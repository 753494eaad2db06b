"""Form fields shared by the apps' admins and public forms."""

import datetime

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ZonedAdminSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, showing an aware datetime in ``zone``, not the active zone.

    The admin renders its forms lazily, after any ``timezone.override()`` in the view has
    ended, so the zone travels with the widget instead.
    """

    zone = None

    def decompress(self, value):
        if value and self.zone is not None and timezone.is_aware(value):
            value = timezone.localtime(value, self.zone).replace(tzinfo=None)
        return super().decompress(value)


class ZonedSplitDateTimeField(forms.SplitDateTimeField):
    """A date and time entered in ``zone`` (set per form), stored as an aware datetime.

    Without a zone it behaves like Django's field (the active time zone).
    """

    widget = ZonedAdminSplitDateTime
    zone = None

    def compress(self, data_list):
        if self.zone is None:
            return super().compress(data_list)
        with timezone.override(self.zone):
            # from_current_timezone refuses times that do not exist or happen twice (clock changes).
            return super().compress(data_list)

    def set_zone(self, zone, label):
        """Read and show this field's datetimes in ``zone``, and say so beside the field."""
        self.zone = self.widget.zone = zone
        note = _("In %(zone)s.") % {"zone": label}
        self.help_text = f"{note} {self.help_text}" if self.help_text else note


class ChoicesWithOtherWidget(forms.MultiWidget):
    """Checkboxes for the choices of a list and, below them, a box for anything else, labelled
    (for screen readers) and with the label as its placeholder (for the eye, where a narrow
    table column has no room for both).

    The checkboxes keep the field's own name (``languages``), the box adds ``_other``.
    """

    template_name = "core/widgets/choices_with_other.html"

    def __init__(self, choices=(), other_label="", attrs=None):
        self.other_label = other_label
        widgets = {
            "": forms.CheckboxSelectMultiple(choices=choices),
            "other": forms.TextInput(attrs={"class": "vTextField", "placeholder": other_label}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return list(value) if value else [[], ""]

    def get_context(self, name, value, attrs):
        return {**super().get_context(name, value, attrs), "other_label": self.other_label}


class ChoicesWithOtherField(forms.MultiValueField):
    """Several of ``choices`` and a free text for what the list lacks; cleans to ``(codes, text)``.

    For two model fields shown as one (a ChoiceListField and a CharField beside it): the form
    gives the text to its own field (see ``companies.admin.ContactPersonForm``).
    """

    def __init__(self, *, choices, other_label, other_max_length, **kwargs):
        fields = (
            forms.TypedMultipleChoiceField(choices=choices, required=False),
            forms.CharField(max_length=other_max_length, required=False),
        )
        widget = ChoicesWithOtherWidget(choices=choices, other_label=other_label)
        super().__init__(fields, require_all_fields=False, widget=widget, **{"required": False, **kwargs})

    def compress(self, data_list):
        codes, other = data_list or ([], "")
        return list(codes or []), other or ""


def zone_label(zone, country, at=None):
    """Return e.g. "China time, UTC+8" for ``zone`` (a ZoneInfo) at ``at`` (default: now).

    The offset is the one in force at ``at``, so a German summer event says UTC+2.
    """
    moment = timezone.localtime(at or timezone.now(), zone)
    offset = moment.utcoffset() or datetime.timedelta()
    hours, remainder = divmod(int(offset.total_seconds()), 3600)
    minutes = remainder // 60
    text = f"UTC{hours:+d}" + (f":{minutes:02d}" if minutes else "")
    return _("%(country)s time, %(offset)s") % {"country": country, "offset": text}


# --- Public forms ---------------------------------------------------------------------------


# The same words on every public form that asks for the visitor's email address.
EMAIL_ERROR_MESSAGES = {
    "required": _("Enter your email address"),
    "invalid": _("Enter an email address in the correct format, like name@example.com"),
}


class PublicBoundField(forms.BoundField):
    """A field of a public form, with the anchor its error-summary link points to."""

    @property
    def anchor_id(self):
        """Return the id of the element a summary link focuses: the input, or a group's first option."""
        if self.use_fieldset and self.auto_id:
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id

    @property
    def is_optional(self):
        # A single checkbox says what ticking it means; "(optional)" would only confuse.
        return bool(self.label) and not self.field.required and self.widget_type != "checkbox"


class PublicFormMixin:
    """Render a public form as the GOV.UK Design System does (core/templates/core/forms/).

    An error summary at the top that links to each field (static/js/forms.js moves the focus
    to it), each field's errors above its input with a hidden "Error:" for screen readers,
    labels without a colon, "(optional)" after optional fields' labels, and a message that
    names the field when a text is too long. Use ``{{ form }}`` in the page and
    ``{% title_with_errors %}`` (core/templatetags/public_forms.py) in its title block.
    """

    template_name = "core/forms/div.html"
    template_name_div = "core/forms/div.html"
    bound_field_class = PublicBoundField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            max_length = getattr(field, "max_length", None)
            if max_length and field.label and "max_length" not in field.error_messages:
                field.error_messages["max_length"] = _("%(label)s must be %(limit)d characters or fewer") % {
                    "label": field.label,
                    "limit": max_length,
                }

    def error_summary(self):
        """Return (anchor id, message) for every error, non-field errors first (linked to the first field)."""
        fields = [field for field in self.visible_fields() if field.field.template_name is None and field.label]
        first = fields[0].anchor_id if fields else ""
        items = [(first, error) for error in self.non_field_errors()]
        for field in fields:
            items.extend((field.anchor_id, error) for error in field.errors)
        return items
