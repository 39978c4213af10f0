"""Helpers of the input-at-the-edge tests (test_input_at_the_edge*.py): row counts, bodies, the named field."""
import json

from django.apps import apps

from tests.factories import UserFactory
from tests.integration.conftest import api_client_for

COUNTED = ["journeys.Contact", "journeys.Event", "journeys.Journey", "journeys.JourneyVersion", "journeys.Launch",
           "channels_app.Suppression", "channels_app.FrequencyCapRule", "channels_app.Message",
           "channels_app.DeliveryEvent"]


def row_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def js(value) -> str:
    """JSON as a client would send it: NUL as \\u0000, a lone surrogate as \\ud800."""
    return json.dumps(value)


def deep_text(depth: int, key: str = "not", leaf: str = '{"attr": "plan", "op": "exists"}') -> str:
    """`depth` levels of {"not": …} as JSON text, built without json.dumps (which would recurse)."""
    return f'{{"{key}": ' * depth + leaf + "}" * depth


def named_field(response) -> str:
    """The field an error names: `{"detail", "field"}`, or the one key of DRF's field map."""
    body = response.json()
    if "field" in body:
        return body["field"]
    assert len(body) == 1, body
    return next(iter(body))


def superuser_client(settings):
    """A superuser's token: every role, so the tests are about input, not permissions."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # a user per test: keep it cheap
    return api_client_for(UserFactory(username="edge-admin", is_superuser=True, is_staff=True))
