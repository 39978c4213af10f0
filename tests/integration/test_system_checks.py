"""Refuse to start a half-configured production setup (journeys/checks.py)."""
import os
import subprocess
import sys

import pytest
from django.test import override_settings

from journeys import checks
from tests.conftest import REPO_ROOT

PRODUCTION = dict(EMBEDDED=False, DATABASE_URL="postgres://db/j", BROKER_URL="redis://r:6379/0",
                  CHANNEL_LAYER_URL="redis://r:6379/1")


def ids(errors):
    return {e.id for e in errors}


def test_a_complete_production_setup_passes():
    with override_settings(**PRODUCTION):
        assert checks.check_runtime_services() == []


@pytest.mark.parametrize("missing, error_id", [
    ("BROKER_URL", "journeys.E003"), ("CHANNEL_LAYER_URL", "journeys.E005"), ("DATABASE_URL", "journeys.E002"),
])
def test_production_without_a_service_is_refused(missing, error_id):
    with override_settings(**{**PRODUCTION, missing: ""}):
        assert error_id in ids(checks.check_runtime_services())


@pytest.mark.parametrize("name, value, error_id", [
    ("DATABASE_URL", "mysql://db/j", "journeys.E001"),
    ("BROKER_URL", "kafka://k", "journeys.E004"),
    ("CHANNEL_LAYER_URL", "amqp://r", "journeys.E006"),
])
def test_unsupported_service_schemes_are_refused(name, value, error_id):
    with override_settings(**{**PRODUCTION, name: value}):
        assert error_id in ids(checks.check_runtime_services())


def test_embedded_mode_needs_no_services():
    with override_settings(EMBEDDED=True, DATABASE_URL="", BROKER_URL="", CHANNEL_LAYER_URL=""):
        assert checks.check_runtime_services() == []


@pytest.mark.parametrize("overrides, error_id", [
    ({"TWILIO_ACCOUNT_SID": "AC1"}, "journeys.E010"),
    ({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"}, "journeys.E010"),
    ({"SENDGRID_API_KEY": "SG.x"}, "journeys.E011"),
    ({"SENDGRID_FROM_EMAIL": "a@b.c"}, "journeys.E011"),
])
def test_half_configured_providers_are_refused(overrides, error_id):
    with override_settings(**overrides):
        assert error_id in ids(checks.check_providers())


def test_fully_configured_or_absent_providers_pass():
    with override_settings(TWILIO_ACCOUNT_SID="AC1", TWILIO_AUTH_TOKEN="t", TWILIO_MESSAGING_SERVICE_SID="MG1",
                           SENDGRID_API_KEY="SG.x", SENDGRID_FROM_EMAIL="a@b.c"):
        assert checks.check_providers() == []
    with override_settings(TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN="", TWILIO_FROM_NUMBER="",
                           TWILIO_MESSAGING_SERVICE_SID="", SENDGRID_API_KEY="", SENDGRID_FROM_EMAIL=""):
        assert checks.check_providers() == []


def test_debug_with_a_public_host_is_refused():
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["journeys.example.com"]):
        assert "journeys.E020" in ids(checks.check_debug_exposure())


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(DEBUG="0", DJANGO_SETTINGS_MODULE="journeys.settings")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_manage_check_runs_clean_in_the_current_mode():
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
