"""The demo workspace is safe to expose (design §8): roles instead of superusers, no public well-known password."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from journeys.management.commands.journeys_run import refuse_exposed_demo_password
from journeys.services.demo import DEFAULT_DEMO_PASSWORD, DEMO_APPROVER, demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def groups_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_demo_users_hold_roles_not_superuser_rights():
    # when the demo loads
    demo_load(start_tour=False)
    demo = get_user_model().objects.get(username="demo")
    second = get_user_model().objects.get(username=DEMO_APPROVER)
    # then `demo` is a staff marketer and approver, and nobody is a superuser
    assert (demo.is_superuser, demo.is_staff) == (False, True)
    assert {"marketer", "approver", "admin"} <= groups_of(demo)
    assert (second.is_superuser, second.is_staff) == (False, False)
    assert "approver" in groups_of(second)
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_a_demo_user_made_superuser_by_an_older_demo_is_demoted():
    get_user_model().objects.create_user("demo", password=DEFAULT_DEMO_PASSWORD, is_superuser=True, is_staff=True)
    demo_load(start_tour=False)
    assert get_user_model().objects.get(username="demo").is_superuser is False


def test_demo_password_replaces_the_well_known_one_on_both_users(monkeypatch):
    # given a demo loaded earlier with the README's password
    demo_load(start_tour=False)
    # when it is loaded again with DEMO_PASSWORD set
    monkeypatch.setenv("DEMO_PASSWORD", "a-long-private-demo-pass")
    out = io.StringIO()
    call_command("journeys_demo", "--no-tour", stdout=out)
    # then both demo users have the new password, and the command says which
    for username in ("demo", DEMO_APPROVER):
        user = get_user_model().objects.get(username=username)
        assert user.check_password("a-long-private-demo-pass") and not user.check_password(DEFAULT_DEMO_PASSWORD)
    assert "demo / a-long-private-demo-pass" in out.getvalue()


@pytest.fixture
def server_never_starts(monkeypatch):
    """Should the refusal fail, the test fails instead of serving forever."""
    from daphne.server import Server

    from journeys.runtime.embedded import EmbeddedRuntime

    def started(*args, **kwargs):
        raise AssertionError("journeys_run started serving")

    monkeypatch.setattr(Server, "run", started)
    monkeypatch.setattr(EmbeddedRuntime, "start", started)


def test_journeys_run_refuses_a_public_address_while_the_demo_password_is_known(server_never_starts):
    # given the demo with its README password
    demo_load(start_tour=False)
    # when the server is asked to listen on every interface
    # then it refuses, saying how to fix it
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("journeys_run", "0.0.0.0:0")


def test_loopback_is_served_with_the_demo_password():
    demo_load(start_tour=False)
    refuse_exposed_demo_password("127.0.0.1")
    refuse_exposed_demo_password("localhost")


def test_a_public_address_is_served_once_the_demo_password_is_changed():
    demo_load(start_tour=False, password="a-long-private-demo-pass")
    refuse_exposed_demo_password("0.0.0.0")


def test_a_public_address_is_served_without_any_demo():
    refuse_exposed_demo_password("0.0.0.0")
