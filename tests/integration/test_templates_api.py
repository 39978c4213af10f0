import pytest

from channels_app.models import MessageTemplate

pytestmark = pytest.mark.django_db


def test_create_get_update_and_delete_a_template(api):
    created = api.post("/api/v1/templates", {"slug": "welcome-email", "channel": "email", "subject": "Hi",
                                             "html": "<p>Hi</p>"}, format="json")
    assert created.status_code == 201, created.content
    assert {"slug", "channel", "subject", "body", "html", "url", "title", "link"} <= set(created.json())
    assert api.get("/api/v1/templates/welcome-email").json()["subject"] == "Hi"
    updated = api.patch("/api/v1/templates/welcome-email", {"subject": "Hello"}, format="json")
    assert updated.status_code == 200 and updated.json()["subject"] == "Hello"
    listed = api.get("/api/v1/templates?channel=email").json()
    assert [t["slug"] for t in listed["results"]] == ["welcome-email"] and listed["next"] is None
    assert api.delete("/api/v1/templates/welcome-email").status_code == 204
    assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize("body, field", [
    ({"slug": "s", "channel": "sms"}, "body"),
    ({"slug": "e", "channel": "email", "body": "text"}, "subject"),
    ({"slug": "e", "channel": "email", "subject": "Hi"}, "body"),
    ({"slug": "w", "channel": "webhook"}, "url"),
    ({"slug": "w", "channel": "webhook", "url": "not a url"}, "url"),
    ({"slug": "i", "channel": "inapp"}, "title"),
    ({"slug": "x", "channel": "fax", "body": "hi"}, "channel"),
    ({"slug": "has space", "channel": "sms", "body": "hi"}, "slug"),
    ({"slug": "s", "channel": "sms", "body": "Hi {% if %}"}, "body"),
    ({"slug": "e", "channel": "email", "subject": "{{ name|nosuchfilter }}", "body": "x"}, "subject"),
])
def test_a_template_missing_what_its_channel_needs_gets_400_naming_the_field(api, body, field):
    response = api.post("/api/v1/templates", body, format="json")
    assert response.status_code == 400
    payload = response.json()
    assert payload.get("field") == field or field in payload
    assert not MessageTemplate.objects.exists()


def test_a_duplicate_slug_gets_409(api):
    api.post("/api/v1/templates", {"slug": "s", "channel": "sms", "body": "a"}, format="json")
    response = api.post("/api/v1/templates", {"slug": "s", "channel": "sms", "body": "b"}, format="json")
    assert response.status_code == 409 and response.json()["field"] == "slug"
    assert MessageTemplate.objects.get().body == "a"


def test_a_template_channel_cannot_change(api):
    api.post("/api/v1/templates", {"slug": "s", "channel": "sms", "body": "a"}, format="json")
    response = api.patch("/api/v1/templates/s", {"channel": "email"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "channel"
