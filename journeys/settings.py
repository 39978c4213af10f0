"""Settings, read from the environment.

Embedded mode (the default, no variables set): SQLite file, in-process Dramatiq
broker, in-memory channel layer, one process does everything.
Production mode: DATABASE_URL, BROKER_URL and CHANNEL_LAYER_URL point at real
services; system checks in journeys/checks.py refuse a half-configured setup.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JOURNEYS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATABASE_URL = os.environ.get("DATABASE_URL", "")
BROKER_URL = os.environ.get("BROKER_URL", "")
CHANNEL_LAYER_URL = os.environ.get("CHANNEL_LAYER_URL", "")
EMBEDDED = not (DATABASE_URL or BROKER_URL or CHANNEL_LAYER_URL)

DEBUG = env_bool("DEBUG", default=EMBEDDED)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-embedded-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_dramatiq",
    "journeys",
    "channels_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "journeys.api.gzip.GzipRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "journeys.urls"
WSGI_APPLICATION = "journeys.wsgi.application"
ASGI_APPLICATION = "journeys.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}

else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "journeys.sqlite3")),
            # WAL lets the web thread read while the worker threads write.
            # IMMEDIATE: a transaction takes the write lock when it begins, so worker threads never
            # act on a stale snapshot (caps, claims) and never hit "database is locked" on upgrade.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 30,
                        "transaction_mode": "IMMEDIATE"},
            # Tests get a file too, not shared-cache memory: worker threads and subprocesses then
            # wait on each other's locks (busy timeout) instead of failing with "table is locked".
            "TEST": {"NAME": os.environ.get("SQLITE_TEST_PATH", str(VAR_DIR / f"test-journeys-{os.getpid()}.sqlite3"))},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/journeys/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "core.roles.ViewersReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "journeys.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Journey engine API",
    "DESCRIPTION": "Draw, approve and run lifecycle-marketing journeys. Ingest is Segment-compatible.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Segment's limits: 1,000 items and 500 KB per batch (after gzip decompression).
INGEST_MAX_BATCH_ITEMS = 1000
INGEST_MAX_BATCH_BYTES = 500 * 1024
# A gzip body may not inflate past this; guards against decompression bombs.
GZIP_MAX_INFLATED_BYTES = 5 * 1024 * 1024

# --- Background runtime (Dramatiq) -------------------------------------------
if BROKER_URL.startswith(("redis://", "rediss://")):
    DRAMATIQ_BROKER = {"BROKER": "dramatiq.brokers.redis.RedisBroker", "OPTIONS": {"url": BROKER_URL}}
elif BROKER_URL.startswith(("amqp://", "amqps://")):
    DRAMATIQ_BROKER = {"BROKER": "dramatiq.brokers.rabbitmq.RabbitmqBroker", "OPTIONS": {"url": BROKER_URL}}
else:
    # Embedded mode: messages stay in this process, consumed by worker threads.
    DRAMATIQ_BROKER = {"BROKER": "dramatiq.brokers.stub.StubBroker", "OPTIONS": {}}
DRAMATIQ_AUTODISCOVER_MODULES = ["runtime.actors"]
DRAMATIQ_BROKER["MIDDLEWARE"] = [
    "dramatiq.middleware.AgeLimit",
    "dramatiq.middleware.TimeLimit",
    "dramatiq.middleware.Callbacks",
    "dramatiq.middleware.Retries",
    "django_dramatiq.middleware.DbConnectionsMiddleware",
]

# --- Live updates (Channels) -------------------------------------------------
if CHANNEL_LAYER_URL:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [CHANNEL_LAYER_URL]}}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Providers (section 4 of the design) -------------------------------------
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "")
TWILIO_API_BASE = os.environ.get("TWILIO_API_BASE", "https://api.twilio.com")
SENDGRID_API_KEY = os.environ.get("SENDGRID_API_KEY", "")
SENDGRID_FROM_EMAIL = os.environ.get("SENDGRID_FROM_EMAIL", "")
SENDGRID_API_HOST = os.environ.get("SENDGRID_API_HOST", "https://api.sendgrid.com")
SENDGRID_WEBHOOK_PUBLIC_KEY = os.environ.get("SENDGRID_WEBHOOK_PUBLIC_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
JOURNEYS_QUIET_HOURS = os.environ.get("JOURNEYS_QUIET_HOURS", "")  # e.g. "21:00-08:00", contact time
JOURNEYS_SEGMENT_REEVALUATE_SECONDS = float(os.environ.get("JOURNEYS_SEGMENT_REEVALUATE_SECONDS", 900))
# Orphaned-work leases: long enough that a deep but healthy broker backlog is not re-enqueued.
JOURNEYS_ACTIVE_LEASE_SECONDS = float(os.environ.get("JOURNEYS_ACTIVE_LEASE_SECONDS", 300))
JOURNEYS_QUEUED_LEASE_SECONDS = float(os.environ.get("JOURNEYS_QUEUED_LEASE_SECONDS", 300))
JOURNEYS_SENDING_LEASE_SECONDS = float(os.environ.get("JOURNEYS_SENDING_LEASE_SECONDS", 300))
JOURNEYS_SWEEP_SECONDS = float(os.environ.get("JOURNEYS_SWEEP_SECONDS", 5))
JOURNEYS_EVENT_LEASE_SECONDS = float(os.environ.get("JOURNEYS_EVENT_LEASE_SECONDS", 300))
# Four eyes: nobody approves a version they edited, superusers included, unless a single-person
# team turns this on (JOURNEYS_ALLOW_SELF_APPROVAL=1).
JOURNEYS_ALLOW_SELF_APPROVAL = os.environ.get("JOURNEYS_ALLOW_SELF_APPROVAL", "").lower() in ("1", "true", "yes", "on")
