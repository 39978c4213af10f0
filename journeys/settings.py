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

from journeys.env import env_bool, env_list
from journeys.secret_key import embedded_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JOURNEYS_VAR_DIR", BASE_DIR / "var"))

DATABASE_URL = os.environ.get("DATABASE_URL", "")
BROKER_URL = os.environ.get("BROKER_URL", "")
CHANNEL_LAYER_URL = os.environ.get("CHANNEL_LAYER_URL", "")
EMBEDDED = not (DATABASE_URL or BROKER_URL or CHANNEL_LAYER_URL)

DEBUG = env_bool("DEBUG", default=EMBEDDED)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Never a key fixed in the source: whoever read it could forge sessions and unsubscribe / in-app tokens.
    SECRET_KEY = embedded_secret_key(VAR_DIR)

# DEBUG off (production): hosts only from the environment. Django's test runner adds `testserver` itself.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_dramatiq",
    "journeys",
    "channels_app",
    "workspace",
    "audiences",
    "health",
    "broadcasts",
]

MIDDLEWARE = [
    "core.overload.OverloadMiddleware",  # first: a database out of connections is a 503 wherever it shows
    "django.middleware.security.SecurityMiddleware",
    "journeys.csp.ContentSecurityPolicyMiddleware",
    "journeys.api.gzip.GzipRequestMiddleware",
    "journeys.api.edge.QueryParameterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (the language cookie / session), before common (it may redirect on the prefix-less URL).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workspace.language.UserLanguageMiddleware",  # a signed-in user's stored language wins over the browser's
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its response
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
                "django.template.context_processors.i18n",  # LANGUAGE_CODE for <html lang>, LANGUAGES for the switch
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A bounded pool per process (README "Sizing the database pool"): a connection goes back to it after
        # each request or actor message, hence CONN_MAX_AGE 0; a caller waits DB_POOL_TIMEOUT, then gets a 503.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DB_POOL_MAX = int(os.environ.get("DB_POOL_MAX", 10))
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(int(os.environ.get("DB_POOL_MIN", 2)), DB_POOL_MAX), "max_size": DB_POOL_MAX,
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", 5)),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = 60

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
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out login stops here
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/journeys/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Design §10: English and Simplified Chinese; the browser's Accept-Language picks one unless the user chose.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["core.formats"]  # dates per language: 2026-11-29 06:00 / 2026年11月29日 06:00
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Deployment: TLS, CSP, login throttling, in-app origins (design §8) -----
from journeys.deployment_settings import (  # noqa: E402,F401
    AXES_COOLOFF_TIME, AXES_FAILURE_LIMIT, AXES_IPWARE_META_PRECEDENCE_ORDER, AXES_IPWARE_PROXY_COUNT,
    AXES_LOCKOUT_PARAMETERS, AXES_LOCKOUT_TEMPLATE, AXES_RESET_ON_SUCCESS, CONTENT_SECURITY_POLICY, CSRF_COOKIE_SECURE,
    HTTPS, INAPP_ALLOWED_ORIGINS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD, SECURE_HSTS_SECONDS,
    SECURE_PROXY_SSL_HEADER, SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE,
)

# --- API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "journeys.api.auth.WriteKeyAuthentication",  # first: a write key outside ingest is a 403, not a 401
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.RolePermission"],  # views name a resource; its table decides
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    # Input at the edge (design §8): JSON bodies bounded in size and depth, every string and number checked.
    "DEFAULT_PARSER_CLASSES": ["core.validation_drf.CheckedJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_SCHEMA_CLASS": "journeys.api.schema.ApiAutoSchema",  # documents the shared error answers too
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.negotiation.StrictFormatNegotiation",  # ?format=bogus: 400
    "EXCEPTION_HANDLER": "journeys.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Journey engine API",
    "DESCRIPTION": "Draw, approve and run lifecycle-marketing journeys. Ingest is Segment-compatible.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API speaks JSON (forms are still read, for the browsable API, but not promised).
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Request bodies get their own components, constrained as the edge checks them (journeys/api/schema.py).
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "journeys.api.schema.constrain_request_bodies"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two choice sets share the field name "channel": named here, not numbered by a hash.
    "ENUM_NAME_OVERRIDES": {"ChannelEnum": "channels_app.models.Channel.values",
                            "ChannelOrAllEnum": "channels_app.api.serializers.SUPPRESSION_CHANNELS"},
}

# Shared by every process (ingest rate limits): Redis in production, this process's memory when embedded.
CACHE_URL = os.environ.get("CACHE_URL", "") or next(
    (url for url in (CHANNEL_LAYER_URL, BROKER_URL) if url.startswith(("redis://", "rediss://"))), "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": "journeys-cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# identify / track / batch calls per second per API key (write key or user token); 0: no limit.
JOURNEYS_INGEST_RATE = int(os.environ.get("JOURNEYS_INGEST_RATE", 500))

# Segment's limits: 1,000 items and 500 KB per batch (after gzip decompression).
INGEST_MAX_BATCH_ITEMS = 1000
INGEST_MAX_BATCH_BYTES = 500 * 1024
# A gzip body may not inflate past this; guards against decompression bombs.
GZIP_MAX_INFLATED_BYTES = 5 * 1024 * 1024

# --- Background runtime (Dramatiq) -------------------------------------------
if BROKER_URL.startswith(("redis://", "rediss://")):
    # Dramatiq's RedisBroker with its idle polling capped (journeys/runtime/brokers.py): the hand-off's latency.
    DRAMATIQ_BROKER = {"BROKER": "journeys.runtime.brokers.PromptRedisBroker", "OPTIONS": {"url": BROKER_URL}}
elif BROKER_URL.startswith(("amqp://", "amqps://")):
    DRAMATIQ_BROKER = {"BROKER": "dramatiq.brokers.rabbitmq.RabbitmqBroker", "OPTIONS": {"url": BROKER_URL}}
else:
    # Embedded mode: messages stay in this process, consumed by worker threads.
    DRAMATIQ_BROKER = {"BROKER": "dramatiq.brokers.stub.StubBroker", "OPTIONS": {}}
DRAMATIQ_AUTODISCOVER_MODULES = ["runtime.actors"]
JOURNEYS_BROKER_IDLE_POLL_MS = int(os.environ.get("JOURNEYS_BROKER_IDLE_POLL_MS", 20))  # Redis: longest idle poll
DRAMATIQ_BROKER["MIDDLEWARE"] = [
    "dramatiq.middleware.AgeLimit",
    "dramatiq.middleware.TimeLimit",
    "dramatiq.middleware.Callbacks",
    "dramatiq.middleware.Retries",
    "django_dramatiq.middleware.DbConnectionsMiddleware",
    "journeys.runtime.brokers.FrozenStartupHeap",  # worker processes: the boot heap out of the collector's way
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
    # Failures and lockouts are warnings; a line per successful login is noise.
    "loggers": {"axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")}},
}
JOURNEYS_QUIET_HOURS = os.environ.get("JOURNEYS_QUIET_HOURS", "")  # e.g. "21:00-08:00", contact time
# Health (design section 11): the goal-event property kept as a conversion's revenue, and the share (0–100)
# of contacts held out of every non-transactional send as the global control group.
JOURNEYS_REVENUE_PROPERTY = os.environ.get("JOURNEYS_REVENUE_PROPERTY", "revenue")
JOURNEYS_GLOBAL_CONTROL_PERCENT = float(os.environ.get("JOURNEYS_GLOBAL_CONTROL_PERCENT", "0") or 0)
JOURNEYS_SEGMENT_REEVALUATE_SECONDS = float(os.environ.get("JOURNEYS_SEGMENT_REEVALUATE_SECONDS", 900))
# Date triggers (birthdays, schedules): how often the scheduler looks for contacts whose entry time has come.
JOURNEYS_DATE_ENTRY_SECONDS = float(os.environ.get("JOURNEYS_DATE_ENTRY_SECONDS", 30))
# Test sends of a draft go only to these addresses (comma list of emails and phone numbers); a `to` must be one.
JOURNEYS_TEST_RECIPIENTS = os.environ.get("JOURNEYS_TEST_RECIPIENTS", "")
# Orphaned-work leases: long enough that a deep but healthy broker backlog is not re-enqueued.
JOURNEYS_ACTIVE_LEASE_SECONDS = float(os.environ.get("JOURNEYS_ACTIVE_LEASE_SECONDS", 300))
JOURNEYS_QUEUED_LEASE_SECONDS = float(os.environ.get("JOURNEYS_QUEUED_LEASE_SECONDS", 300))
# A killed worker's messages in "sending" are resolved within this (plus a sweep): design §8 wants 60 s. The lease
# restarts at each provider call, so it only has to exceed one call (2 × PROVIDER_TIMEOUT_SECONDS at worst).
JOURNEYS_SENDING_LEASE_SECONDS = float(os.environ.get("JOURNEYS_SENDING_LEASE_SECONDS", 45))
JOURNEYS_SWEEP_SECONDS = float(os.environ.get("JOURNEYS_SWEEP_SECONDS", 5))
JOURNEYS_EVENT_LEASE_SECONDS = float(os.environ.get("JOURNEYS_EVENT_LEASE_SECONDS", 300))
# Four eyes: nobody approves a version they edited, superusers included, unless a single-person
# team turns this on (JOURNEYS_ALLOW_SELF_APPROVAL=1).
JOURNEYS_ALLOW_SELF_APPROVAL = os.environ.get("JOURNEYS_ALLOW_SELF_APPROVAL", "").lower() in ("1", "true", "yes", "on")
