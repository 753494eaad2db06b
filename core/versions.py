"""Versions of cached data, kept in the database so that all processes agree.

A cache key that carries ``current(name)`` is abandoned the moment a write calls
``bump(name)`` and commits: every app server, whatever its cache backend (a shared Redis
or one local-memory cache per gunicorn worker), reads the new number on its next request.
The bump runs inside the writer's transaction, so a reader never sees the new version
before the data it stands for, and a rolled-back write leaves the version as it was.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CacheVersion

# Companies, sectors, alliance cities and search terms: the directory's counts and labels.
DIRECTORY = "directory"
# Events, their venues and registrations (places left), announcements.
EVENTS = "events"
# Entries of the cooperation board.
COOPERATION = "cooperation"
# Everything a public page may show: a cached page carries all of them (core.page_cache).
PUBLIC = (DIRECTORY, EVENTS, COOPERATION)


def current(name):
    """Return the current version of ``name`` (one indexed read)."""
    version = CacheVersion.objects.filter(name=name).values_list("version", flat=True).first()
    return version or 1


def current_many(names):
    """Return the current versions of ``names``, in their order, from one query."""
    found = dict(CacheVersion.objects.filter(name__in=names).values_list("name", "version"))
    return tuple(found.get(name, 1) for name in names)


def bump(name):
    """Move ``name`` to a new version, so every cache entry made under the old one is ignored."""
    if CacheVersion.objects.filter(name=name).update(version=F("version") + 1):
        return
    try:
        with transaction.atomic():
            CacheVersion.objects.create(name=name, version=2)
    except IntegrityError:
        # Another process created the row first; count this write on top of theirs.
        CacheVersion.objects.filter(name=name).update(version=F("version") + 1)
