from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared")

    def ready(self):
        from post_office.signals import email_queued

        from core.tasks import on_email_queued

        # Whatever queues an email (send_mail anywhere, post_office's own API), a delivery
        # follows once the transaction that stored it commits.
        email_queued.connect(on_email_queued, dispatch_uid="core.deliver_queued_mail")
