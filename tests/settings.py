"""Settings for the test suite: the project's settings with what tests need overridden."""

import atexit
import shutil
import tempfile
from pathlib import Path

from zone_portal.settings import *  # noqa: F403

# Hashing with PBKDF2 dominates test time and proves nothing here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail goes through the real queue (tests/conftest.py puts EMAIL_BACKEND back, which Django's
# test set-up replaces) and is delivered at once by the immediate task backend, into the
# locmem outbox (django.core.mail.outbox).
POST_OFFICE = {**POST_OFFICE, "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"}}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Uploads made by tests go to a throw-away folder, never into var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="zone-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zone-pages"},
}
# Every page is rendered for every request, so that the query counts of the page tests pin
# what each view costs (what staff, and visitors asking for a page not kept, wait for).
# tests/core/test_page_cache.py puts the page cache back and pins what it costs; the gunicorn
# processes of tests/test_processes.py run with it, as production does.
MIDDLEWARE = [name for name in MIDDLEWARE if name != "core.page_cache.VisitorPageCacheMiddleware"]  # noqa: F405
# WhiteNoise indexes STATIC_ROOT at start-up and warns (an error here) when it is missing.
STATIC_ROOT = tempfile.mkdtemp(prefix="zone-test-static-")

# SQLite's test database is a file rather than in memory, so that the other processes a
# test starts (gunicorn workers, manage.py shell: see tests/test_processes.py) open the
# same database. One folder per test process, so concurrent runs never share a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_db_folder = tempfile.mkdtemp(prefix="zone-test-db-")
    atexit.register(shutil.rmtree, _test_db_folder, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_test_db_folder) / "test.sqlite3")}  # noqa: F405

# Tests post forms at once; the tests of core/antispam.py set their own minimum.
ZONE_FORM_MIN_SECONDS = 0
