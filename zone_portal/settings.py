"""
Settings of the zone portal, read from environment variables.

Development needs no variable at all (SQLite under var/, console email, debug on).
Production sets DJANGO_DEBUG=false and must then name a secret key and the allowed hosts;
every variable is documented in README.md.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

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
    # Django's admin with the portal's site class (optional second factor, zone_portal/admin_site.py).
    "zone_portal.apps.ZoneAdminConfig",
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
    # Spreadsheet import and export in the admin (core/imports.py, docs/IMPORT.md).
    "import_export",
    # Staff logins: failed attempts and lockouts (axes), one-time codes (django_otp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The Content-Security-Policy header (its system checks catch settings of the 3.x style).
    "csp",
    # Outgoing mail: every message is stored (post_office) and delivered by a task (django_tasks).
    "post_office",
    "django_tasks",
    "django_tasks_db",
    # Change history with restore and recovery of deleted rows (core/history.py).
    "reversion",
    "core",
    "companies",
    "events",
    # Last, so its post_migrate handler (roles) runs after every app's permissions exist.
    "zone_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zone_portal.middleware.SessionActivityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Public pages for visitors from memory, until a write or the clock changes them.
    "core.page_cache.VisitorPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session signed in with a one-time code.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes requires: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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
# Whole pages for visitors (core.page_cache): in each process's memory even with Redis, which
# is faster than fetching them and never outlives a release; the database-held versions keep
# the processes in agreement. About 1,000 pages of 10 to 40 KB: some 30 MB per worker at most.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "zone-pages",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# --- Authentication -----------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# axes' backend goes first: it refuses a locked-out account or address before any password
# is checked, so the right password is refused too while the lockout lasts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins lock the account (whatever the address: one account tried from many)
# and, separately, the client address (whatever the account: many accounts tried from one).
# A colleague mistyping five times in a shared office therefore blocks the office's address
# for half an hour; a zone administrator unlocks it at once (README, "Staff logins").
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Attempts during a lockout do not extend it, so "try again in 30 minutes" stays true and
# an attacker who keeps trying cannot keep a colleague locked out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in does not wipe the count: axes would delete every failure from that
# address, so anyone with an account of their own could clear the traces of guessing at a
# colleague's. Failures are forgotten half an hour after the last one.
AXES_RESET_ON_SUCCESS = False
# The address the public forms' limits count (REMOTE_ADDR, or X-Forwarded-For behind
# ZONE_TRUSTED_PROXY_COUNT proxies of ours), never a header anyone can forge.
AXES_CLIENT_IP_CALLABLE = "zone_portal.admin_site.axes_client_address"
# The admin's own login page, in the admin's language, with Retry-After (429).
AXES_LOCKOUT_CALLABLE = "zone_portal.admin_site.lockout_response"
# Attempts carry no password, but the log need not keep the posted form either.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "otp_token"]

# Only staff sign in (the public site keeps no session for visitors): a session ends after
# ten hours without a request, a working day. zone_portal.middleware.SessionActivityMiddleware
# moves the end while the session is used, with one write per ten minutes rather than the
# one per request of SESSION_SAVE_EVERY_REQUEST.
SESSION_COOKIE_AGE = 10 * 60 * 60

# The admin's address (without the leading slash), e.g. "office-7f3a/": not a secret, but
# it keeps the scripts that try /admin/ on every site away from the login page.
ZONE_ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
if ZONE_ADMIN_PATH == "/":
    raise ImproperlyConfigured("DJANGO_ADMIN_PATH must not be empty.")

# With ZONE_ADMIN_2FA on, superusers must sign in to the admin with a one-time code from an
# authenticator app (TOTP); other staff may enrol a device and then need it too.
ZONE_ADMIN_2FA = env_bool("ZONE_ADMIN_2FA", False)
# The issuer shown in authenticator apps next to the account.
OTP_TOTP_ISSUER = "Zone portal"

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

# Everything the portal shows ships with it: no third-party script, font, style or frame
# can load, which also keeps pages working for visitors in mainland China.
# The proof-of-work widget of the public forms (static/vendor/altcha/, its "external"
# build) needs nothing more: its stylesheet and its worker script come from 'self'
# (worker-src falls back to script-src), and it sets no inline style or script.
# tests/browser/test_antispam_journey.py checks that it solves under this policy.
# (django-csp 4 writes the header; a view may set its own, which is then kept.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the portal never uses, denied to every page and frame (a script that
# got in anyway cannot reach the camera or location, nor join ad-tracking cohorts).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
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
    "loggers": {
        "post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # axes reports failed sign-ins and lockouts at WARNING; its INFO is start-up chatter.
        "axes": {"level": "WARNING"},
    },
}

# --- The zone -----------------------------------------------------------------------------

# The portal's public address, for links in emails sent outside a request (the admin's
# shell, the task worker). Requests use their own address.
ZONE_SITE_URL = os.environ.get("ZONE_SITE_URL", "http://127.0.0.1:8000")
# The Atom feed's ids are tag: URIs (RFC 4151) minted by this "domain,date": a domain the zone
# held on that date. Readers know an entry by its id, so set it once, before the feed is first
# read, and keep it when the portal moves. By default the host of ZONE_SITE_URL in 2026.
ZONE_TAG_ENTITY = os.environ.get("ZONE_TAG_ENTITY") or f"{urlsplit(ZONE_SITE_URL).hostname},2026"
if not re.fullmatch(r"[A-Za-z0-9.@-]+,\d{4}(-\d{2}(-\d{2})?)?", ZONE_TAG_ENTITY):
    raise ImproperlyConfigured(f"ZONE_TAG_ENTITY must look like 'portal.example.cn,2026', not {ZONE_TAG_ENTITY!r}.")
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
