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
