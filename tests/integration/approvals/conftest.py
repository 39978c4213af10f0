"""Approval-workflow test infrastructure: users in each role, API clients for them, journeys in each state.

The runtime fixtures (`runner`, `clock`, `templates`) come from the runtime suite's conftest.
"""
import pytest

from journeys.services import approvals
from journeys.services import journeys as journey_services
from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for
from tests.integration.runtime.conftest import chain, clock, runner, templates  # noqa: F401 (fixtures)

SIMPLE = chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 3600}), ("x", "exit", {}))


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Many users per test: hash their passwords cheaply (nothing here tests hashing)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db):
    """One user per role (plus a superuser and one with no role), each with an API client."""
    users = {
        "marketer": with_roles(UserFactory(username="mia"), "marketer"),
        "approver": with_roles(UserFactory(username="arne"), "approver"),
        "viewer": with_roles(UserFactory(username="vic"), "viewer"),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        "nobody": UserFactory(username="nemo"),
    }
    return users


def client_for(user):
    return api_client_for(user)


def journey_in(state: str, *, author=None, graph=None, name="Onboarding"):
    """A journey whose editable (or running) version is in `state`, authored by `author` (None: system)."""
    journey = journey_services.journey_create(name=name, graph=journey_services.parse_graph(graph or SIMPLE))
    version = journey.versions.get()
    if author is not None:
        version.created_by = version.updated_by = author
        version.save(update_fields=["created_by", "updated_by"])
    if state == "draft":
        return journey
    approvals.version_submit(journey, user=None, notify=False)
    if state == "in_review":
        return journey
    approvals.version_approve(journey, user=None)
    if state == "approved":
        return journey
    approvals.version_publish(journey, user=None)
    if state == "live":
        return journey
    if state == "paused":
        approvals.version_pause(journey, user=None)
        return journey
    raise ValueError(state)
