"""Logins are throttled (django-axes, design §8): a username is locked per address after repeated failures.

Axes keeps its own clock (the attempts' timestamps); the cool-off is shown by ageing
those, as if the failures had happened long enough ago.
"""
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass"  # UserFactory's


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def victim(db):
    return UserFactory(username="victim")


def log_in(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_still_refused(client, victim):
    # given someone guessing the victim's password 30 times from one address
    for attempt in range(30):
        assert log_in(client, "victim", f"guess-{attempt}").status_code in (200, 429)
    # when the right password comes from there
    response = log_in(client, "victim", PASSWORD)
    # then the login is refused with the lockout page, and nobody is logged in
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert not is_logged_in(client)


def test_the_lock_starts_at_the_failure_limit(client, victim):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "victim", f"guess-{attempt}").status_code == 200
    assert log_in(client, "victim", "one-guess-too-many").status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, victim):
    # given a locked-out username
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "victim", f"guess-{attempt}")
    assert log_in(client, "victim", PASSWORD).status_code == 429
    # when the cool-off has passed since the failures
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    # then the right password logs in
    response = log_in(client, "victim", PASSWORD)
    assert response.status_code == 302 and is_logged_in(client)


def test_an_admin_can_lift_the_lock_at_once(client, victim):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "victim", f"guess-{attempt}")
    call_command("axes_reset_username", "victim")
    assert log_in(client, "victim", PASSWORD).status_code == 302


def test_the_owner_logging_in_from_elsewhere_is_not_locked_out(client, victim):
    # given the victim's username locked from an attacker's address
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "victim", f"guess-{attempt}", address="203.0.113.7")
    # when the owner logs in from their own address
    response = log_in(Client(), "victim", PASSWORD, address="198.51.100.20")
    # then it works: the lock is per username and address
    assert response.status_code == 302


def test_api_tokens_keep_working_for_a_locked_out_username(client, victim, api_client_for_victim):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "victim", f"guess-{attempt}")
    assert api_client_for_victim.get("/api/v1/templates").status_code == 200


@pytest.fixture
def api_client_for_victim(victim):
    from tests.factories import with_roles
    from tests.integration.conftest import api_client_for

    return api_client_for(with_roles(victim, "marketer"))


@pytest.mark.parametrize("password", ["demo", "short1", "password123", "12345678901234"])
def test_weak_passwords_are_refused_by_the_validators(password):
    with pytest.raises(ValidationError):
        validate_password(password, user=UserFactory.build(username="demo"))


def test_a_long_uncommon_password_passes_the_validators():
    validate_password("correct horse battery staple", user=UserFactory.build(username="demo"))
