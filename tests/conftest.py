import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolate_state():
    """Start each test in English with an empty cache, whatever the previous test did."""
    cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()
