"""The audit trail: one admin LogEntry per change, with the acting user.

Services call ``log_change``; the admin's "History" page of each object shows the entries.
A write without a user (the demo loader, a scheduled job) is logged to the application log
instead, since a LogEntry must name a user.
"""

import logging

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry

logger = logging.getLogger("zone.audit")

__all__ = ["ADDITION", "CHANGE", "DELETION", "log_change", "changed_fields_message"]


def changed_fields_message(*fields):
    """Return a change message in the admin's own format, so the admin translates it."""
    return [{"changed": {"fields": [str(field) for field in fields]}}]


def log_change(*, user, objects, action_flag=CHANGE, message=""):
    """Record that ``user`` added, changed or deleted each of ``objects`` (one entry each)."""
    objects = list(objects)
    if not objects:
        return
    if user is None or not getattr(user, "pk", None):
        verb = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}[action_flag]
        for obj in objects:
            logger.debug("%s %s %s (no user): %s", verb, obj._meta.label, obj.pk, message)
        return
    LogEntry.objects.log_actions(user_id=user.pk, queryset=objects, action_flag=action_flag, change_message=message)
