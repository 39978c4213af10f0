"""Write keys (design section 8): created by an admin, shown once, stored as a hash, revoked at once;
the `/settings/keys` page; the demo's key for SDKs."""
import hashlib

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from core.roles import ADMIN, has_role
from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for
from workspace.models import AuditRecord, WriteKey

pytestmark = pytest.mark.django_db
URL = "/api/v1/keys"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_an_admin_creates_a_key_that_is_shown_once_and_stored_as_a_hash(admin_api, admin):
    # when an admin creates a key
    created = admin_api.post(URL, {"name": "iOS app"}, format="json")
    # then the answer carries the key, once
    assert created.status_code == 201
    body = created.json()
    assert set(body) >= {"id", "name", "key", "created_at"} and body["name"] == "iOS app"
    assert body["key"].startswith("wk_") and len(body["key"]) > 30
    # and only its SHA-256 is stored; the list shows a prefix, never the key
    stored = WriteKey.objects.get(pk=body["id"])
    assert stored.key_hash == hashlib.sha256(body["key"].encode()).hexdigest()
    assert body["key"] not in str(WriteKey.objects.values().get())
    listed = admin_api.get(URL).json()["results"]
    assert [(k["id"], k["name"], k["created_by"], k["revoked_at"]) for k in listed] == [
        (body["id"], "iOS app", admin.username, None)]
    assert "key" not in listed[0] and body["key"].startswith(listed[0]["prefix"]) and body["key"] not in str(listed)


def test_keys_need_a_name(admin_api):
    response = admin_api.post(URL, {"name": ""}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    assert not WriteKey.objects.exists()


def test_revoking_a_key_stops_it_at_once(admin_api):
    # given a key an SDK uses
    key = admin_api.post(URL, {"name": "web"}, format="json").json()
    sdk = APIClient()
    sdk.credentials(HTTP_AUTHORIZATION=f"Token {key['key']}")
    assert sdk.post("/api/v1/track", {"userId": "u", "event": "e"}, format="json").status_code == 200
    # when the admin revokes it
    assert admin_api.delete(f"{URL}/{key['id']}").status_code == 204
    # then the SDK's next call is refused
    assert sdk.post("/api/v1/track", {"userId": "u", "event": "e"}, format="json").status_code == 401
    assert admin_api.get(URL).json()["results"][0]["revoked_at"] is not None
    assert admin_api.delete(f"{URL}/999999").status_code == 404


@pytest.mark.parametrize("role", ["marketer", "approver", "viewer"])
def test_only_admins_see_or_make_keys(role):
    client = api_client_for(with_roles(UserFactory(username=role), role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "mine"}, format="json").status_code == 403
    assert not WriteKey.objects.exists()


def test_creating_and_revoking_keys_is_audited(admin_api, admin):
    key = admin_api.post(URL, {"name": "web"}, format="json").json()
    admin_api.delete(f"{URL}/{key['id']}")
    records = list(AuditRecord.objects.order_by("id").values_list("actor", "action", "object_id"))
    assert records == [(admin.pk, "write_key.created", str(key["id"])), (admin.pk, "write_key.revoked", str(key["id"]))]
    revoked = AuditRecord.objects.get(action="write_key.revoked")
    assert revoked.before["revoked_at"] is None and revoked.after["revoked_at"] is not None
    assert key["key"] not in str(list(AuditRecord.objects.values()))


# --- the page ----------------------------------------------------------------------------------------------

@pytest.fixture
def admin_browser(admin):
    client = Client()
    client.force_login(admin)
    return client


def test_the_keys_page_says_when_there_are_none(admin_browser):
    html = admin_browser.get("/settings/keys").content.decode()
    assert 'data-testid="keys-empty"' in html and 'data-testid="create-key"' in html


def test_the_keys_page_creates_shows_once_and_revokes(admin_browser):
    # when the admin creates a key on the page
    created = admin_browser.post("/settings/keys", {"action": "create", "name": "Website"})
    # then the page shows it this once
    key = created.context["issued"].key
    assert created.status_code == 200 and key.startswith("wk_") and key in created.content.decode()
    again = admin_browser.get("/settings/keys").content.decode()
    assert key not in again and "Website" in again and WriteKey.objects.get().prefix in again
    # and revoking it from the page marks it revoked
    revoked = admin_browser.post("/settings/keys", {"action": "revoke", "key": WriteKey.objects.get().pk}, follow=True)
    assert WriteKey.objects.get().revoked_at is not None and "revoked" in revoked.content.decode()


def test_the_keys_page_is_for_admins_only(db):
    client = Client()
    client.force_login(with_roles(UserFactory(username="mia"), "marketer", "approver", "viewer"))
    assert client.get("/settings/keys").status_code == 403
    assert client.post("/settings/keys", {"action": "create", "name": "x"}).status_code == 403
    assert not WriteKey.objects.exists()
    assert Client().get("/settings/keys").status_code == 302  # to the login page


def test_the_nav_links_the_keys_page_for_admins_only(admin_browser):
    marketer = Client()
    marketer.force_login(with_roles(UserFactory(username="mia"), "marketer"))
    assert 'href="/settings/keys"' in admin_browser.get("/journeys/").content.decode()
    assert 'href="/settings/keys"' not in marketer.get("/journeys/").content.decode()


# --- the demo ----------------------------------------------------------------------------------------------

def test_the_demo_prints_a_write_key_that_ingests_and_an_admin_user(db):
    # when the demo loads twice
    first, second = io.StringIO(), io.StringIO()
    call_command("journeys_demo", "--no-tour", stdout=first)
    call_command("journeys_demo", "--no-tour", stdout=second)
    line = next(line for line in first.getvalue().splitlines() if "Write key for SDKs" in line)
    key = line.split("Write key for SDKs:")[1].split()[0]
    # then the first run printed a key, the second only its prefix, and the key ingests
    assert key.startswith("wk_") and key not in second.getvalue() and WriteKey.objects.count() == 1
    sdk = APIClient()
    sdk.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert sdk.post("/api/v1/track", {"userId": "demo-contact", "event": "e"}, format="json").status_code == 200
    assert has_role(get_user_model().objects.get(username="demo"), ADMIN)
