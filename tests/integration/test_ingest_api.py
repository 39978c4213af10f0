"""identify / track / batch, as the Segment and RudderStack SDKs call them."""
import base64
import gzip
import json
from datetime import datetime, timezone

import pytest

from journeys.models import Contact, Event

pytestmark = pytest.mark.django_db


def post_json(api, path, body, **headers):
    return api.post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_identify_creates_a_contact_with_traits_and_addresses(api):
    # when
    response = post_json(api, "/api/v1/identify", {
        "userId": "u1", "traits": {"email": "ada@example.com", "phone": "+15555550100", "timezone": "Europe/Paris", "plan": "pro"},
    })
    # then
    assert response.status_code == 200, response.content
    contact = Contact.objects.get(user_id="u1")
    assert contact.traits["plan"] == "pro"
    assert (contact.email, contact.phone, contact.timezone) == ("ada@example.com", "+15555550100", "Europe/Paris")


def test_identify_again_merges_traits_instead_of_replacing_them(api):
    post_json(api, "/api/v1/identify", {"userId": "u1", "traits": {"plan": "trial", "city": "Oslo"}})
    post_json(api, "/api/v1/identify", {"userId": "u1", "traits": {"plan": "pro"}})
    assert Contact.objects.get(user_id="u1").traits == {"plan": "pro", "city": "Oslo"}


def test_track_with_the_same_message_id_twice_stores_one_event(api):
    body = {"userId": "u1", "event": "order_completed", "properties": {"total": 30}, "messageId": "m-1"}
    first = post_json(api, "/api/v1/track", body)
    second = post_json(api, "/api/v1/track", body)
    assert first.status_code == second.status_code == 200
    assert Event.objects.filter(contact__user_id="u1").count() == 1
    assert second.json()["duplicates"] == 1


def test_track_keeps_the_timestamp_given_with_any_offset(api):
    post_json(api, "/api/v1/track", {"userId": "u1", "event": "e", "timestamp": "2026-03-01T10:00:00+05:30"})
    post_json(api, "/api/v1/track", {"userId": "u1", "event": "f", "timestamp": "2026-03-01T10:00:00Z"})
    stamps = dict(Event.objects.values_list("name", "timestamp"))
    assert stamps["e"] == datetime(2026, 3, 1, 4, 30, tzinfo=timezone.utc)
    assert stamps["f"] == datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("body, field", [
    ({"event": "x"}, "userId"),
    ({"userId": "u1"}, "event"),
    ({"userId": "u1", "event": ""}, "event"),
    ({"userId": "u1", "event": "x", "properties": [1]}, "properties"),
    ({"userId": "u1", "event": "x", "timestamp": "yesterday"}, "timestamp"),
    ({"userId": {"id": 1}, "event": "x"}, "userId"),
])
def test_a_malformed_track_gets_400_naming_the_field(api, body, field):
    response = post_json(api, "/api/v1/track", body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert field in response.json()["detail"]
    assert not Event.objects.exists()


def test_a_body_that_is_not_json_gets_400(api):
    response = api.post("/api/v1/track", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_a_batch_of_1000_items_is_accepted(api):
    batch = [{"type": "track", "userId": f"u{i % 50}", "event": "page_viewed", "messageId": f"m{i}"} for i in range(1000)]
    response = post_json(api, "/api/v1/batch", {"batch": batch})
    assert response.status_code == 200, response.content
    assert response.json()["tracked"] == 1000
    assert Event.objects.count() == 1000
    assert Contact.objects.count() == 50


def test_a_batch_of_1001_items_gets_400_and_stores_nothing(api):
    batch = [{"type": "track", "userId": "u1", "event": "e", "messageId": f"m{i}"} for i in range(1001)]
    response = post_json(api, "/api/v1/batch", {"batch": batch})
    assert response.status_code == 400
    assert response.json()["field"] == "batch[1000]"
    assert not Event.objects.exists() and not Contact.objects.exists()


def test_a_batch_with_one_malformed_item_gets_400_naming_index_and_field_and_stores_nothing(api):
    batch = [{"type": "identify", "userId": "u1", "traits": {"a": 1}}] + [
        {"type": "track", "userId": "u1", "event": "e", "messageId": f"m{i}"} for i in range(5)
    ]
    batch[4] = {"type": "track", "userId": "u1"}  # no event
    response = post_json(api, "/api/v1/batch", {"batch": batch})
    assert response.status_code == 400
    assert response.json()["field"] == "batch[4].event"
    assert not Event.objects.exists() and not Contact.objects.exists()


def test_a_batch_item_with_an_unknown_type_is_named(api):
    response = post_json(api, "/api/v1/batch", {"batch": [{"type": "explode", "userId": "u1"}]})
    assert response.status_code == 400
    assert response.json()["field"] == "batch[0].type"


def test_a_batch_over_500_kb_is_refused(api):
    big = "x" * 2000
    batch = [{"type": "track", "userId": "u1", "event": "e", "properties": {"p": big}} for _ in range(300)]
    response = post_json(api, "/api/v1/batch", {"batch": batch})
    assert response.status_code == 413
    assert response.json()["field"] == "batch"
    assert not Event.objects.exists()


def test_batch_accepts_segment_sdk_extra_fields_and_skips_page_calls(api):
    body = {
        "batch": [
            {"type": "identify", "userId": "u1", "traits": {"name": "Ada"}, "context": {"library": {"name": "analytics-python"}},
             "integrations": {}, "messageId": "a", "timestamp": "2026-01-01T00:00:00.000+00:00"},
            {"type": "track", "userId": "u1", "event": "signed_up", "anonymousId": None, "messageId": "b", "context": {}},
            {"type": "page", "userId": "u1", "name": "Home"},
        ],
        "sentAt": "2026-01-01T00:00:01.000+00:00", "writeKey": "ignored",
    }
    response = post_json(api, "/api/v1/batch", body)
    assert response.status_code == 200, response.content
    assert response.json() == {"success": True, "identified": 1, "tracked": 1, "duplicates": 0, "ignored": 1}


def test_gzip_bodies_are_accepted(api):
    raw = gzip.compress(json.dumps({"userId": "u1", "event": "signed_up"}).encode())
    response = api.post("/api/v1/track", data=raw, content_type="application/json", HTTP_CONTENT_ENCODING="gzip")
    assert response.status_code == 200, response.content
    assert Event.objects.get().name == "signed_up"


def test_a_corrupt_gzip_body_gets_400(api):
    response = api.post("/api/v1/track", data=b"not gzip at all", content_type="application/json",
                        HTTP_CONTENT_ENCODING="gzip")
    assert response.status_code == 400
    assert "gzip" in response.json()["detail"]


def test_basic_auth_with_the_key_as_username_is_accepted(anonymous_api, token):
    credentials = base64.b64encode(f"{token.key}:".encode()).decode()
    response = post_json(anonymous_api, "/api/v1/track", {"userId": "u1", "event": "e"},
                         HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("header", [None, "Token wrong-key", "Basic " + base64.b64encode(b"wrong-key:").decode()])
def test_missing_or_wrong_credentials_get_401(anonymous_api, db, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    for path in ("/api/v1/identify", "/api/v1/track", "/api/v1/batch"):
        response = post_json(anonymous_api, path, {"userId": "u1", "event": "e", "batch": []}, **extra)
        assert response.status_code == 401, (path, header)
    assert not Contact.objects.exists()


def test_an_anonymous_track_creates_an_anonymous_contact(api):
    post_json(api, "/api/v1/track", {"anonymousId": "anon-1", "event": "viewed_pricing"})
    contact = Contact.objects.get(anonymous_id="anon-1")
    assert contact.user_id is None
    assert contact.events.get().name == "viewed_pricing"


def test_identify_with_user_and_anonymous_id_merges_the_anonymous_contact(api):
    # given an anonymous visitor with history, and a known contact
    post_json(api, "/api/v1/track", {"anonymousId": "anon-1", "event": "viewed_pricing", "messageId": "m1"})
    post_json(api, "/api/v1/identify", {"anonymousId": "anon-1", "traits": {"utm": "ads"}})
    post_json(api, "/api/v1/identify", {"userId": "u1", "traits": {"plan": "pro"}})
    # when the visitor signs in
    post_json(api, "/api/v1/identify", {"userId": "u1", "anonymousId": "anon-1", "traits": {"email": "a@x.io"}})
    # then one contact holds everything
    contact = Contact.objects.get()
    assert contact.user_id == "u1" and contact.anonymous_id == "anon-1"
    assert contact.traits == {"utm": "ads", "plan": "pro", "email": "a@x.io"}
    assert list(contact.events.values_list("name", flat=True)) == ["viewed_pricing"]
    # and later anonymous calls land on the known contact
    post_json(api, "/api/v1/track", {"anonymousId": "anon-1", "event": "viewed_docs"})
    assert Contact.objects.count() == 1
    assert contact.events.count() == 2


def test_identify_of_an_unknown_user_with_an_anonymous_id_promotes_the_anonymous_contact(api):
    post_json(api, "/api/v1/track", {"anonymousId": "anon-2", "event": "viewed_pricing"})
    post_json(api, "/api/v1/identify", {"userId": "u2", "anonymousId": "anon-2"})
    contact = Contact.objects.get()
    assert (contact.user_id, contact.anonymous_id, contact.events.count()) == ("u2", "anon-2", 1)
