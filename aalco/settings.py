"""Settings for AALCO Follow-up, read from the environment.

Defaults make a fresh clone run: SQLite under var/, no broker (Celery tasks run in-process),
mail printed to the console. Production sets DATABASE_URL, REDIS_URL, EMAIL_URL and SECRET_KEY.

Variables are read through django-environ, and fail loudly: a typo in a production variable
stops the process at start-up rather than surfacing weeks later as a strange behaviour. As
in django-environ, a value that starts with a dollar sign names another variable; put a
backslash before the dollar sign for a literal one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import dj_email_url
import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

env = environ.Env()
env.escape_proxy = True


def env_str(name: str, default: str = "") -> str:
    return env.str(name, default=default)


def env_bool(name: str, default: bool = False) -> bool:
    """True or false; anything else (a typo) is refused rather than read as false."""
    raw = env.str(name, default="true" if default else "false")
    if raw.strip().lower() not in (*env.BOOLEAN_TRUE_STRINGS, "0", "false", "no", "off", "n", ""):
        raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")
    return env.bool(name, default=default)


def env_int(name: str, default: int, *, minimum: int) -> int:
    """A whole number of at least `minimum`; unset or blank is the default."""
    if not env.str(name, default="").strip():
        return default
    try:
        value = env.int(name)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number (got {env.str(name)!r})."
        ) from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value}).")
    return value


def env_list(
    name: str, default: list[str] | None = None, *, cast: Callable[[str], Any] = str
) -> list:
    """A comma-separated list, each item stripped and cast, blank items dropped."""
    items = [item.strip() for item in env.list(name, default=default or []) if item.strip()]
    try:
        return [cast(item) for item in items]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a comma-separated list (got {env.str(name)!r})."
        ) from None


def env_rate(name: str, default: str) -> str:
    """A request rate as Django REST framework reads it: `1000/hour`, `10/minute`, `5/s`."""
    raw = env.str(name, default=default).strip()
    count, _sep, period = raw.partition("/")
    if not count.isdigit() or period[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per second, minute, hour or day, "
            f"e.g. 1000/hour (got {raw!r})."
        )
    return raw


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required unless DEBUG=true.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes: one-use tokens for a lost phone.
    "django_otp.plugins.otp_static",
    "aalco",
    "memberstates",
    "resolutions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer, with a per-request nonce.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the language kept on the person's profile counts.
    "aalco.languages.ProfileLocaleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After sign-in, holds accounts that still owe their TOTP code.
    "memberstates.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits; no-store on signed-in pages and the API.
    "aalco.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aalco.urls"
WSGI_APPLICATION = "aalco.wsgi.application"

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
                "aalco.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]
FORM_RENDERER = "aalco.forms.AppFormRenderer"

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'aalco.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache ------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

#: How long the dashboard's and the portal's rendered figures stay cached (seconds; 0: not
#: cached). Any write to their data makes the copies unreachable at once
#: (resolutions.figures_cache); this only bounds the memory a copy holds.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 600, minimum=0)

# --- Auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "aalco.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600, minimum=60)
# How long an invitation link for a focal point stays valid.
INVITATION_MAX_AGE = timedelta(days=env_int("INVITATION_MAX_AGE_DAYS", 14, minimum=1))
# Require a TOTP second factor for secretariat accounts.
REQUIRE_SECRETARIAT_2FA = env_bool("REQUIRE_SECRETARIAT_2FA", default=False)

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Counts the person, not the spelling: the same normalisation as the sign-in's lookup.
AXES_USERNAME_CALLABLE = "aalco.models.login_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
# Password-reset emails: at most this many per address, and requests per client address,
# in PASSWORD_RESET_THROTTLE_MINUTES (counted in the cache: use Redis with several workers).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_int("PASSWORD_RESET_LIMIT_PER_CLIENT", 10, minimum=1)
PASSWORD_RESET_THROTTLE_MINUTES = env_int("PASSWORD_RESET_THROTTLE_MINUTES", 60, minimum=1)
# Adding or removing a second-factor device asks for the password or a code again when the
# last one was given longer ago than this.
TWO_FACTOR_REAUTH_MINUTES = env_int("TWO_FACTOR_REAUTH_MINUTES", 10, minimum=1)

# Sessions: signed out after this long without a request (staff, focal points), and this
# long after signing in whatever happens.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120, minimum=1)
SESSION_IDLE_MINUTES_FOCAL_POINT = env_int(
    "SESSION_IDLE_MINUTES_FOCAL_POINT", SESSION_IDLE_MINUTES, minimum=1
)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# In development, serve straight from static/ without collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: attachments go through access-checked views
# Uploads and rendered exports: local files by default; with AWS_STORAGE_BUCKET_NAME, an
# S3-compatible object store (AWS, MinIO, Ceph ...) through django-storages, so every web
# and worker replica reads and writes the same files. Files are private: always served
# through the app's access-checked views, never by a public URL.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_LOCATION", ""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            # MinIO and most self-hosted stores want path-style addressing.
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "path"),
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(ATTACHMENT_MAX_BYTES, IMPORT_MAX_BYTES) + 1024 * 1024
# Zipped documents (DOCX, XLSX...) are checked from their central directory before unpacking.
ARCHIVE_MAX_ENTRIES = env_int("ARCHIVE_MAX_ENTRIES", 1000, minimum=10)
ARCHIVE_MAX_UNCOMPRESSED_BYTES = env_int(
    "ARCHIVE_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024, minimum=1024 * 1024
)
ARCHIVE_MAX_RATIO = env_int("ARCHIVE_MAX_RATIO", 100, minimum=10)
# PDFs given to the import: decompressed bytes per stream, pages, and seconds of reading.
PDF_MAX_STREAM_BYTES = env_int("PDF_MAX_STREAM_BYTES", 20 * 1024 * 1024, minimum=1024 * 1024)
PDF_MAX_PAGES = env_int("PDF_MAX_PAGES", 300, minimum=1)
PDF_MAX_SECONDS = env_int("PDF_MAX_SECONDS", 10, minimum=1)

# --- Email ------------------------------------------------------------------------------
_email_url = env_str("EMAIL_URL")
if _email_url:
    try:
        _email = dj_email_url.parse(_email_url)
    except Exception as exc:
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid email URL: {exc}") from exc
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    if _email.get("EMAIL_FILE_PATH"):
        EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
else:
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_BACKEND = env_str(
        "EMAIL_BACKEND",
        "django.core.mail.backends.smtp.EmailBackend"
        if EMAIL_HOST
        else "django.core.mail.backends.console.EmailBackend",
    )
    EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
# Django waits forever by default: a hung mail server would hang a worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "AALCO Follow-up <followup@aalco.example>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where the secretariat receives notices (new reports, failed reminders).
SECRETARIAT_INBOX = env_str("SECRETARIAT_INBOX", "secretariat@aalco.example")
ADMINS = [("Secretariat", a) for a in env_list("ADMINS", [])]

# --- Exports ----------------------------------------------------------------------------
# The PDF is rendered in child processes (resolutions/exports/limits.py): each may use at
# most EXPORT_MEMORY_LIMIT_MB of address space, the whole render EXPORT_TIME_LIMIT_SECONDS.
EXPORT_MEMORY_LIMIT_MB = env_int("EXPORT_MEMORY_LIMIT_MB", 1024, minimum=128)
EXPORT_TIME_LIMIT_SECONDS = env_int("EXPORT_TIME_LIMIT_SECONDS", 240, minimum=5)
PDF_RENDER_PROCESSES = env_int("PDF_RENDER_PROCESSES", min(os.cpu_count() or 1, 2), minimum=1)

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
# Without a broker, tasks run in-process so the app works from a fresh clone.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The planner re-queues rows left by a lost worker, so the broker's own redelivery (one
# hour by default) is only a backstop.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60)
}
# One beat at a time (aalco/beat_lock.py): a second one waits, and takes over within this
# many seconds of the first one dying.
BEAT_LOCK_TTL_SECONDS = env_int("BEAT_LOCK_TTL_SECONDS", 60, minimum=5)
CELERY_BEAT_SCHEDULE = {
    "plan-reminders": {
        "task": "resolutions.tasks.plan_reminders_task",
        "schedule": crontab(minute=f"*/{env_int('REMINDER_PLANNER_MINUTES', 5, minimum=1)}"),
    },
    # Emails whose dispatch was lost (broker away, worker killed) or whose retry is due.
    "deliver-due-emails": {
        "task": "aalco.tasks.deliver_due_emails_task",
        "schedule": env_int("OUTBOX_SWEEP_SECONDS", 60, minimum=10),
    },
}

# --- Outbox (aalco/outbox.py): every email -----------------------------------------------
# A failed delivery is tried again after BACKOFF, 2×, 4× … (capped), up to MAX_ATTEMPTS in
# all; a row still "sending" after STALE_AFTER seconds belongs to a lost worker.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10, minimum=1)
OUTBOX_RETRY_BACKOFF_SECONDS = env_int("OUTBOX_RETRY_BACKOFF_SECONDS", 60, minimum=1)
OUTBOX_RETRY_BACKOFF_MAX_SECONDS = env_int("OUTBOX_RETRY_BACKOFF_MAX_SECONDS", 3600, minimum=1)
OUTBOX_SEND_TIME_LIMIT_SECONDS = env_int("OUTBOX_SEND_TIME_LIMIT_SECONDS", 60, minimum=5)
OUTBOX_STALE_AFTER_SECONDS = env_int(
    "OUTBOX_STALE_AFTER_SECONDS", OUTBOX_SEND_TIME_LIMIT_SECONDS + 60, minimum=1
)

# --- Reminders policy -------------------------------------------------------------------
REMINDER_STEPS_DAYS = env_list("REMINDER_STEPS_DAYS", ["90", "60", "30", "14"], cast=int)
REPORTING_DEADLINE_DAYS = env_int("REPORTING_DEADLINE_DAYS", 30, minimum=0)
# Delivery: a send task is killed after its hard time limit; a row still "sending" once
# REMINDER_STALE_AFTER_SECONDS have passed is re-queued by the next planner run.
REMINDER_SEND_TIME_LIMIT_SECONDS = env_int("REMINDER_SEND_TIME_LIMIT_SECONDS", 120, minimum=5)
REMINDER_STALE_AFTER_SECONDS = env_int(
    "REMINDER_STALE_AFTER_SECONDS", REMINDER_SEND_TIME_LIMIT_SECONDS + 60, minimum=1
)
# SMTP errors: exponential backoff with full jitter, capped, then the row is marked failed.
REMINDER_MAX_RETRIES = env_int("REMINDER_MAX_RETRIES", 6, minimum=0)
REMINDER_RETRY_BACKOFF_SECONDS = env_int("REMINDER_RETRY_BACKOFF_SECONDS", 60, minimum=1)
REMINDER_RETRY_BACKOFF_MAX_SECONDS = env_int("REMINDER_RETRY_BACKOFF_MAX_SECONDS", 3600, minimum=1)

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Tokens for other systems (`Authorization: Token <key>`); the session for the browsable API.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "aalco.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["aalco.tokens.UserThrottle", "aalco.tokens.TokenThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["resolutions.api.filters.FilterBackend"],
    "PAGE_SIZE": 50,
}
API_THROTTLE_RATES = {
    "user": env_rate("API_THROTTLE_USER", "2000/hour"),
    "token": env_rate("API_THROTTLE_TOKEN", "1000/hour"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AALCO Follow-up API",
    "DESCRIPTION": "Resolutions, member states, treaty status and follow-up reports.",
    "VERSION": "1",
    # Swagger UI from the installed sidecar package: nothing is fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # One name for a choice set the schema meets in several serializers.
    "ENUM_NAME_OVERRIDES": {
        "TreatyActionEnum": "resolutions.models.treaty_answers.TreatyAction",
    },
}

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# HSTS is an explicit production decision (README, "Going live"): SECURE_HSTS_SECONDS=31536000
# once the site is served only over HTTPS; 0 (off) by default so a plain-HTTP trial works.

# Content-Security-Policy (django-csp 4): nothing inline but what carries the request's
# nonce; no inline style attributes (server-drawn SVG uses presentation attributes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Without a broker every task runs in-process: a line per email sent would bury the
        # dev server's and the demo loader's own output. A worker logs its tasks itself.
        "celery.app.trace": {"level": "INFO" if REDIS_URL else "WARNING"},
    },
}

# The covering index on responses (INCLUDE columns) is a PostgreSQL feature; SQLite, the
# embedded default, keeps the index without them, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
