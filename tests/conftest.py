import pytest
from django.core.cache import caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolate_state():
    """Start each test in English with empty caches, whatever the previous test did."""
    for cache in caches.all():
        cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _mail_through_the_queue(settings):
    """Send mail through the portal's queue, as in production (Django's test set-up replaces
    EMAIL_BACKEND with locmem; tests/settings.py makes locmem the queue's delivery backend)."""
    settings.EMAIL_BACKEND = "core.mail_queue.QueueBackend"
