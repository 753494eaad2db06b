from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from core import page_cache

        # Deletes the image files of deleted events.
        from . import signals  # noqa: F401
        from .models import Announcement, Event

        # Cached pages last until the next event or announcement changes with time alone.
        page_cache.register_next_change(Event.objects.next_change)
        page_cache.register_next_change(Announcement.objects.next_change)
