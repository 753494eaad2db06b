import pytest
from django.core import mail


@pytest.fixture
def outbox():
    """The locmem outbox, emptied for the test."""
    mail.outbox = []
    return mail.outbox
