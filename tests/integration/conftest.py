import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory, template_for_channel, with_roles


@pytest.fixture(autouse=True)
def work_is_consumed_here():
    """Integration tests drain this process's broker themselves (as the embedded runtime would): in embedded
    mode work is then handed off on commit, as in production (journeys/runtime/dispatch.py)."""
    from journeys.runtime.dispatch import consumed_here

    consumed_here()
    yield
    consumed_here(False)


@pytest.fixture
def user(db):
    """The API's default caller: a marketer (creates and edits journeys; approving needs someone else)."""
    return with_roles(UserFactory(), "marketer")


def api_client_for(user) -> APIClient:
    """An API client with `user`'s token, as an integration would call."""
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def approver(db):
    return with_roles(UserFactory(username="approver"), "approver")


@pytest.fixture
def approver_api(approver):
    return api_client_for(approver)


@pytest.fixture
def admin(db):
    """Workspace settings (write keys, lifting suppressions, caps) are the admin role's (design section 8)."""
    return with_roles(UserFactory(username="admin"), "admin")


@pytest.fixture
def admin_api(admin):
    return api_client_for(admin)


@pytest.fixture
def write_key(db) -> str:
    """An SDK's write key (`wk_…`): it may only call identify, track and batch."""
    from workspace.services.keys import write_key_create

    return write_key_create(name="test SDK", user=None).key


@pytest.fixture
def token(user):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=user)


@pytest.fixture
def api(token):
    """An API client authenticated as a client would be: `Authorization: Token <key>`."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anonymous_api():
    return APIClient()


@pytest.fixture
def example_templates(db):
    from tests.conftest import EXAMPLE_TEMPLATES

    return [template_for_channel(slug, channel) for slug, channel in EXAMPLE_TEMPLATES.items()]


# The runtime's test harness (controlled clock, StubBroker drained in-thread) for every integration folder.
from tests.integration.runtime.conftest import clock, runner, stub_broker  # noqa: E402,F401
