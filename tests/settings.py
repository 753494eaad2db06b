"""Settings for the test suite: the project's settings with what tests need overridden."""

import tempfile

from zone_portal.settings import *  # noqa: F403

# Hashing with PBKDF2 dominates test time and proves nothing here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads made by tests go to a throw-away folder, never into var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="zone-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# WhiteNoise indexes STATIC_ROOT at start-up and warns (an error here) when it is missing.
STATIC_ROOT = tempfile.mkdtemp(prefix="zone-test-static-")
