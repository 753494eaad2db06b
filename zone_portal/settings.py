"""
Settings of the zone portal, read from environment variables.

Development needs no variable at all (SQLite under var/, console email, debug on).
Production sets DJANGO_DEBUG=false and must then name a secret key and the allowed hosts;
every variable is documented in README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core ---------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    # Only ever used with debug on; production refuses to start without its own key.
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is false.")
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Serve static files through WhiteNoise in development too, so both behave alike.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    # Outgoing mail: every message is stored (post_office) and delivered by a task (django_tasks).
    "post_office",
    "django_tasks",
    "django_tasks_db",
    "core",
    "companies",
    "events",
    # Last, so its post_migrate handler (roles) runs after every app's permissions exist.
    "zone_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zone_portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zone_portal.urls"
WSGI_APPLICATION = "zone_portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zone_portal.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------

# SQLite under var/ is the embedded default so the portal runs with no server;
# production and CI use PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # pg_trgm only sees non-ASCII characters in a UTF-8 database.
    DATABASES["default"].setdefault("TEST", {}).update({"CHARSET": "UTF8", "TEMPLATE": "template0"})

# --- Cache --------------------------------------------------------------------------------

# Redis is the shared cache once there is more than one app server.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "zone",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication -----------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Languages and time -------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as "25 November 2026" rather than Django's American default.
FORMAT_MODULE_PATH = ["zone_portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# Translated model content: a column per language, English is the fallback for empty ones.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "de", "zh-hans")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Only the English column is required; the others may stay empty and fall back.
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)

# --- Static files and media ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names need collectstatic first; development serves the sources.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email --------------------------------------------------------------------------------

# Every send_mail() stores its message in post_office's queue (the database) instead of
# talking to the mail server inside the request; a task delivers it through the backend
# named by DJANGO_EMAIL_BACKEND and retries it while the server is down (core/mail_queue.py).
# (core.mail_queue.QueueBackend is post_office's backend storing the text as written.)
EMAIL_BACKEND = "core.mail_queue.QueueBackend"
POST_OFFICE = {
    "BACKENDS": {
        "default": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    },
    # Six retries after the first attempt, waiting 5, 10, 20, 40, 80 and 160 minutes (the
    # interval doubles, see core.mail_queue.retry_delay): a mail server down for up to about
    # five hours loses nothing. After that the message is marked failed, with its errors
    # shown in the admin.
    "MAX_RETRIES": 6,
    "RETRY_INTERVAL": timedelta(minutes=5),
}
# Only for the file-based backend (tests, or to inspect messages without a mail server).
if os.environ.get("DJANGO_EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["DJANGO_EMAIL_FILE_PATH"]
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Zone portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks ---------------------------------------------------------------------

# Django 6's task API (the django-tasks backport). Production stores tasks in the database
# and runs them in `manage.py db_worker`; development runs each task at once in the process
# that enqueues it, so `make run` needs no second service. ZONE_TASK_BACKEND overrides.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
ZONE_TASK_BACKEND = os.environ.get("ZONE_TASK_BACKEND") or ("immediate" if DEBUG else "database")
if ZONE_TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"ZONE_TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {ZONE_TASK_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[ZONE_TASK_BACKEND]}}

# --- Security -----------------------------------------------------------------------------

# Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=true so Django trusts
# its X-Forwarded-Proto header; the redirect and secure cookies then keep working.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The health endpoint is polled over plain HTTP by load balancers inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # post_office installs a handler of its own unless its logger has one, and reports every
    # batch at INFO; failed deliveries (ERROR) are what the console log needs.
    "loggers": {"post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# --- The zone -----------------------------------------------------------------------------

# The portal's public address, for links in emails sent outside a request (the admin's
# shell, the task worker). Requests use their own address.
ZONE_SITE_URL = os.environ.get("ZONE_SITE_URL", "http://127.0.0.1:8000")
# Shown in the footer; sites hosted in mainland China must display their ICP licence.
ZONE_ICP_LICENCE = os.environ.get("ZONE_ICP_LICENCE", "")
ZONE_CONTACT_EMAIL = os.environ.get("ZONE_CONTACT_EMAIL", "info@sino-german-zone.example")
ZONE_CONTACT_PHONE = os.environ.get("ZONE_CONTACT_PHONE", "+86 757 0000 0000")

# --- Protection of public forms (core/antispam.py) ---------------------------------------

# A public form sent sooner than this many seconds after it was shown is sent back to
# send again (bots fill forms in at once). At most 5, so no person is ever held up long.
ZONE_FORM_MIN_SECONDS = float(os.environ.get("ZONE_FORM_MIN_SECONDS", "3"))
if not 0 <= ZONE_FORM_MIN_SECONDS <= 5:
    raise ImproperlyConfigured("ZONE_FORM_MIN_SECONDS must be between 0 and 5.")
# How many reverse proxies of ours (nginx, a load balancer) append to X-Forwarded-For in
# front of the app. The rate limits count per client address: 0 takes REMOTE_ADDR and
# ignores the header, which anyone can write; only behind such proxies may it be trusted.
ZONE_TRUSTED_PROXY_COUNT = int(os.environ.get("ZONE_TRUSTED_PROXY_COUNT", "0"))
if ZONE_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("ZONE_TRUSTED_PROXY_COUNT must be 0 or more.")
