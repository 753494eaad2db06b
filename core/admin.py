"""The admin of the outgoing-mail queue: post_office's, with a requeue action that delivers."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin
from post_office.models import Email

from core.mail_queue import requeue_emails


@admin.action(description=_("Requeue the selected emails"), permissions=["change"])
def requeue(modeladmin, request, queryset):
    count = requeue_emails(emails=queryset)
    modeladmin.message_user(request, ngettext("%d email queued again.", "%d emails queued again.", count) % count)


class QueuedEmailAdmin(EmailAdmin):
    """post_office's email admin; requeueing (for those who may change emails) also starts a delivery.

    post_office's own action only sets the status, to anyone who sees the list, and nothing
    would send the message until the next one is queued.
    """

    actions = [requeue]


admin.site.unregister(Email)
admin.site.register(Email, QueuedEmailAdmin)
