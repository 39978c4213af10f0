"""What an attacker did with the token of a user in no role group (the README once told SDKs to use
one as their write key), and the write-key mix-ups: each is refused now (design section 8)."""
import base64

import pytest
from rest_framework.test import APIClient

from channels_app.models import FrequencyCapRule, MessageTemplate, Suppression
from journeys.models import Contact, Event
from tests.factories import (ContactFactory, MessageTemplateFactory, SuppressionFactory, UserFactory,
                             with_roles)
from tests.integration.conftest import api_client_for
from workspace.services.keys import write_key_create, write_key_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def nobody_api(db):
    return api_client_for(UserFactory(username="no-role"))


def key_client(key: str, *, basic: bool = False) -> APIClient:
    client = APIClient()
    if basic:
        client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"{key}:".encode()).decode())
    else:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_no_role_token_cannot_lift_a_stop_from_the_blacklist(nobody_api):
    # given a STOP on a phone number
    stop = SuppressionFactory(channel="sms", address="+15550001111", reason="STOP")
    # when a no-role token lifts it, in bulk and by id
    bulk = nobody_api.delete("/api/v1/suppressions", {"channel": "sms", "address": "+15550001111"}, format="json")
    by_id = nobody_api.delete(f"/api/v1/suppressions/{stop.pk}")
    # then both are refused and the number stays blacklisted
    assert (bulk.status_code, by_id.status_code) == (403, 403)
    assert Suppression.objects.filter(pk=stop.pk).exists()


def test_a_no_role_token_cannot_create_a_frequency_cap(nobody_api):
    response = nobody_api.post("/api/v1/frequency-caps", {"limit": 1000, "window_seconds": 60}, format="json")
    assert response.status_code == 403 and not FrequencyCapRule.objects.exists()


def test_a_no_role_token_cannot_issue_an_inapp_token(nobody_api):
    ContactFactory(user_id="ada")
    response = nobody_api.post("/api/v1/contacts/ada/inapp-token")
    assert response.status_code == 403 and "token" not in response.json()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_no_role_token_cannot_change_or_delete_a_template(nobody_api, method):
    MessageTemplateFactory(slug="welcome", channel="sms", body="Hi")
    response = getattr(nobody_api, method)("/api/v1/templates/welcome", {"channel": "sms", "body": "Pwned"},
                                           format="json")
    assert response.status_code == 403
    assert MessageTemplate.objects.get(slug="welcome").body == "Hi"


def test_a_viewer_cannot_mark_a_contacts_inapp_messages_read_but_the_contacts_own_token_can(db):
    from channels_app import inapp

    ContactFactory(user_id="ada")
    viewer = api_client_for(with_roles(UserFactory(username="viewer"), "viewer"))
    assert viewer.post("/api/v1/contacts/ada/inapp/read", {"ids": []}, format="json").status_code == 403
    own = APIClient().post("/api/v1/contacts/ada/inapp/read", {"ids": []}, format="json",
                           HTTP_X_INAPP_TOKEN=inapp.issue_token("ada").token)
    assert own.status_code == 200


def test_a_no_role_token_cannot_ingest_but_a_marketers_can(nobody_api, api):
    body = {"userId": "u-1", "event": "signed_up"}
    assert nobody_api.post("/api/v1/track", body, format="json").status_code == 403
    assert api.post("/api/v1/track", body, format="json").status_code == 200


@pytest.mark.parametrize("basic", [False, True], ids=["token-header", "segment-basic"])
def test_a_write_key_ingests(write_key, basic):
    client = key_client(write_key, basic=basic)
    identify = {"userId": "u-1", "traits": {"plan": "pro"}}
    assert client.post("/api/v1/identify", identify, format="json").status_code == 200
    assert client.post("/api/v1/track", {"userId": "u-1", "event": "signed_up"}, format="json").status_code == 200
    batch = {"batch": [{"type": "track", "userId": "u-1", "event": "paid"}]}
    assert client.post("/api/v1/batch", batch, format="json").status_code == 200
    assert Contact.objects.get(user_id="u-1").traits["plan"] == "pro"
    assert sorted(Event.objects.values_list("name", flat=True)) == ["paid", "signed_up"]


@pytest.mark.parametrize("basic", [False, True], ids=["token-header", "segment-basic"])
def test_a_write_key_reads_nothing(write_key, basic):
    client = key_client(write_key, basic=basic)
    for url in ("/api/v1/journeys/", "/api/v1/contacts/u-1", "/api/v1/suppressions", "/api/v1/keys"):
        response = client.get(url)
        assert response.status_code == 403 and "write key" in response.json()["detail"], url


def test_a_write_key_cannot_create_keys_or_lift_suppressions(write_key):
    SuppressionFactory(channel="sms", address="+15550001111")
    client = key_client(write_key)
    assert client.post("/api/v1/keys", {"name": "mine"}, format="json").status_code == 403
    assert client.delete("/api/v1/suppressions", {"address": "+15550001111"}, format="json").status_code == 403
    assert Suppression.objects.exists()


@pytest.mark.parametrize("basic", [False, True], ids=["token-header", "segment-basic"])
def test_a_revoked_or_unknown_write_key_is_refused(admin, basic):
    issued = write_key_create(name="old app", user=admin)
    write_key_revoke(issued.write_key, user=admin)
    revoked = key_client(issued.key, basic=basic).post("/api/v1/track", {"userId": "u", "event": "e"}, format="json")
    unknown = key_client("wk_" + "x" * 32, basic=basic).post("/api/v1/track", {"userId": "u", "event": "e"},
                                                             format="json")
    assert (revoked.status_code, unknown.status_code) == (401, 401)
    assert "revoked" in revoked.json()["detail"]
    assert not Event.objects.exists()


def test_a_user_in_no_role_gets_403_on_pages(db):
    from django.test import Client

    client = Client()
    client.force_login(UserFactory(username="no-role"))
    for page in ("/journeys/", "/messages/", "/approvals/", "/overview/", "/settings/keys"):
        assert client.get(page).status_code == 403, page
    assert client.post("/accounts/logout/").status_code in (200, 302)  # logging out still works


def test_a_view_that_names_no_resource_is_refused_even_to_a_superuser(db):
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory, force_authenticate
    from rest_framework.views import APIView

    class Undeclared(APIView):  # someone forgot `resource = ...`
        def get(self, request):
            return Response({"secret": True})

    request = APIRequestFactory().get("/api/v1/new-thing")
    force_authenticate(request, user=UserFactory(username="root", is_superuser=True))
    response = Undeclared.as_view()(request)
    assert response.status_code == 403 and "declares no resource" in response.data["detail"]
