"""System checks that refuse to start a half-configured production setup.

The runtime assumes many processes in production: an in-process broker or an
in-memory channel layer there would silently drop work and live events.
"""
from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from journeys.secret_key import weakness

SUPPORTED_DATABASES = {"postgres", "postgresql", "pgsql", "sqlite"}
SUPPORTED_BROKERS = {"redis", "rediss", "amqp", "amqps"}
SUPPORTED_LAYERS = {"redis", "rediss"}


def _scheme(url: str) -> str:
    return urlparse(url).scheme.lower()


@register(Tags.compatibility, deploy=False)
def check_runtime_services(app_configs=None, **kwargs):
    errors = []
    database_url, broker_url, layer_url = settings.DATABASE_URL, settings.BROKER_URL, settings.CHANNEL_LAYER_URL
    if settings.EMBEDDED:
        return errors
    if database_url and _scheme(database_url) not in SUPPORTED_DATABASES:
        errors.append(Error(f"DATABASE_URL scheme {_scheme(database_url)!r} is not supported; use postgres://.", id="journeys.E001"))
    if not database_url:
        errors.append(Error("BROKER_URL or CHANNEL_LAYER_URL is set but DATABASE_URL is not: production mode needs PostgreSQL.", id="journeys.E002"))
    if not broker_url:
        errors.append(Error(
            "DATABASE_URL is set but BROKER_URL is not: the in-process broker would lose work across processes.",
            hint="Set BROKER_URL=redis://HOST:6379/0 (or amqp://…).", id="journeys.E003"))
    elif _scheme(broker_url) not in SUPPORTED_BROKERS:
        errors.append(Error(f"BROKER_URL scheme {_scheme(broker_url)!r} is not supported; use redis:// or amqp://.", id="journeys.E004"))
    if not layer_url:
        errors.append(Error(
            "CHANNEL_LAYER_URL is not set: live updates would not cross processes.",
            hint="Set CHANNEL_LAYER_URL=redis://HOST:6379/1.", id="journeys.E005"))
    elif _scheme(layer_url) not in SUPPORTED_LAYERS:
        errors.append(Error(f"CHANNEL_LAYER_URL scheme {_scheme(layer_url)!r} is not supported; use redis://.", id="journeys.E006"))
    return errors


@register(Tags.compatibility)
def check_providers(app_configs=None, **kwargs):
    """A provider with some credentials but not all is a typo, not a sandbox."""
    errors = []
    twilio = {
        "TWILIO_ACCOUNT_SID": settings.TWILIO_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": settings.TWILIO_AUTH_TOKEN,
    }
    if any(twilio.values()) or settings.TWILIO_FROM_NUMBER or settings.TWILIO_MESSAGING_SERVICE_SID:
        missing = [name for name, value in twilio.items() if not value]
        if not (settings.TWILIO_FROM_NUMBER or settings.TWILIO_MESSAGING_SERVICE_SID):
            missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
        if missing:
            errors.append(Error(f"Twilio is half-configured: missing {', '.join(missing)}.", id="journeys.E010"))
    if bool(settings.SENDGRID_API_KEY) != bool(settings.SENDGRID_FROM_EMAIL):
        missing = "SENDGRID_FROM_EMAIL" if settings.SENDGRID_API_KEY else "SENDGRID_API_KEY"
        errors.append(Error(f"SendGrid is half-configured: missing {missing}.", id="journeys.E011"))
    return errors


@register(Tags.security)
def check_debug_exposure(app_configs=None, **kwargs):
    local = {"127.0.0.1", "localhost", "testserver", "::1", "[::1]"}
    public = [h for h in settings.ALLOWED_HOSTS if h not in local]
    if settings.DEBUG and public:
        return [Error(f"DEBUG is on while serving public hosts {public}: turn DEBUG off.", id="journeys.E020")]
    if not settings.EMBEDDED and settings.DEBUG:
        return [Warning("DEBUG is on in production mode.", id="journeys.W021")]
    return []


@register(Tags.security, deploy=True)
def check_secret_key_strength(app_configs=None, **kwargs):
    """`check --deploy` only: CI's published key must keep the test servers starting."""
    reason = weakness(settings.SECRET_KEY)
    if reason is None:
        return []
    return [Error(f"SECRET_KEY is too weak to sign sessions, unsubscribe links and in-app tokens: {reason}.",
                  hint='Set SECRET_KEY to a long random value, e.g. python -c "import secrets; '
                       'print(secrets.token_urlsafe(64))".',
                  id="journeys.E030")]
