"""/api/v1/broadcasts: create, read, list, edit, delete, and every bad input a 400 naming its field."""
from datetime import timedelta

import pytest

from broadcasts.models import Broadcast
from journeys.models import Journey, JourneyVersion
from tests.integration.broadcasts.conftest import broadcast_in, fields

pytestmark = pytest.mark.django_db


def named_field(response) -> str | None:
    """The field a 400 names: the service's `field`, or the one key of DRF's field map."""
    body = response.json()
    if "field" in body:
        return body["field"]
    return next(iter(body)) if len(body) == 1 else None


def test_create_returns_the_contract_shape_with_the_audience_size(marketer_api, world):
    response = marketer_api.post("/api/v1/broadcasts", fields(send_over_minutes=10), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("name", "segment", "channel", "template", "send_at", "send_over_minutes",
                                 "status", "audience_size")} == {
        "name": "Spring sale", "segment": "vips", "channel": "sms", "template": "promo-sms", "send_at": None,
        "send_over_minutes": 10, "status": "draft", "audience_size": 3}
    assert marketer_api.get(f"/api/v1/broadcasts/{body['id']}").json()["audience_size"] == 3


def test_the_broadcast_runs_on_a_hidden_one_step_journey(marketer_api, world):
    body = marketer_api.post("/api/v1/broadcasts", fields(), format="json").json()
    journey = Journey.objects.get(pk=body["journey"])
    assert journey.kind == "broadcast"
    graph = JourneyVersion.objects.get(journey=journey).graph
    assert [n["type"] for n in graph["nodes"]] == ["trigger", "send", "exit"]
    assert graph["nodes"][1]["config"]["template"] == "promo-sms"
    # and journey lists (API and page) never show it
    assert body["journey"] not in [j["id"] for j in marketer_api.get("/api/v1/journeys").json()["results"]]
    assert "Spring sale" not in marketer_api.get("/journeys/").content.decode()


def test_list_pages_and_filters_by_status(marketer_api, world, approver):
    for n in range(3):
        marketer_api.post("/api/v1/broadcasts", fields(name=f"B{n}"), format="json")
    broadcast_in("pending_review", author=None, approver=None, name="In review")
    page = marketer_api.get("/api/v1/broadcasts?limit=2").json()
    assert [b["name"] for b in page["results"]] == ["In review", "B2"] and page["next"]
    rest = marketer_api.get(page["next"]).json()
    assert [b["name"] for b in rest["results"]] == ["B1", "B0"]
    pending = marketer_api.get("/api/v1/broadcasts?status=pending_review").json()["results"]
    assert [b["name"] for b in pending] == ["In review"]
    bad = marketer_api.get("/api/v1/broadcasts?status=lost")
    assert bad.status_code == 400 and named_field(bad) == "status"


@pytest.mark.parametrize("change,field", [
    ({"send_at": "2000-01-01T00:00:00Z"}, "send_at"),
    ({"segment": "nobody-has-this"}, "segment"),
    ({"template": "no-such-template"}, "template"),
    ({"template": "promo-email"}, "template"),  # an email template on the sms channel
    ({"channel": "pigeon"}, "channel"),
    ({"send_over_minutes": -1}, "send_over_minutes"),
    ({"send_over_minutes": 1441}, "send_over_minutes"),
    ({"send_over_minutes": "soon"}, "send_over_minutes"),
    ({"name": "  "}, "name"),
])
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(marketer_api, world, change, field):
    response = marketer_api.post("/api/v1/broadcasts", fields(**change), format="json")
    assert response.status_code == 400, response.content
    assert named_field(response) == field
    assert not Broadcast.objects.exists() and not Journey.objects.exists()


def test_a_bad_edit_is_a_400_naming_the_field_and_changes_nothing(marketer_api, world):
    broadcast_id = marketer_api.post("/api/v1/broadcasts", fields(), format="json").json()["id"]
    response = marketer_api.patch(f"/api/v1/broadcasts/{broadcast_id}", {"channel": "email"}, format="json")
    assert response.status_code == 400 and named_field(response) == "template"  # promo-sms is no email template
    assert Broadcast.objects.get().channel == "sms"


def test_edit_changes_the_broadcast_and_its_journey(marketer_api, world, clock):
    broadcast_id = marketer_api.post("/api/v1/broadcasts", fields(), format="json").json()["id"]
    send_at = (clock.now + timedelta(days=1)).isoformat()
    response = marketer_api.patch(f"/api/v1/broadcasts/{broadcast_id}",
                                  {"channel": "email", "template": "promo-email", "send_at": send_at}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["channel"] == "email" and response.json()["send_at"].startswith("2026-06-02")
    graph = JourneyVersion.objects.get(journey__broadcast__pk=broadcast_id).graph
    assert graph["nodes"][1]["config"] == {"channel": "email", "template": "promo-email", "on_capped": "skip"}
    put = marketer_api.put(f"/api/v1/broadcasts/{broadcast_id}", fields(name="Renamed"), format="json")
    assert put.status_code == 200 and put.json()["name"] == "Renamed" and put.json()["send_at"] is None


def test_editing_after_submit_is_a_409(marketer_api, world):
    broadcast_id = marketer_api.post("/api/v1/broadcasts", fields(), format="json").json()["id"]
    assert marketer_api.post(f"/api/v1/broadcasts/{broadcast_id}/submit", {}, format="json").status_code == 200
    response = marketer_api.patch(f"/api/v1/broadcasts/{broadcast_id}", {"name": "Late"}, format="json")
    assert response.status_code == 409
    assert Broadcast.objects.get().name == "Spring sale"


def test_delete_removes_a_draft_and_its_journey_but_not_a_submitted_one(marketer_api, world):
    draft = marketer_api.post("/api/v1/broadcasts", fields(), format="json").json()
    assert marketer_api.delete(f"/api/v1/broadcasts/{draft['id']}").status_code == 204
    assert not Broadcast.objects.exists() and not Journey.objects.exists()
    submitted = marketer_api.post("/api/v1/broadcasts", fields(), format="json").json()
    marketer_api.post(f"/api/v1/broadcasts/{submitted['id']}/submit", {}, format="json")
    assert marketer_api.delete(f"/api/v1/broadcasts/{submitted['id']}").status_code == 409
    assert Broadcast.objects.count() == 1


def test_an_unknown_broadcast_is_a_404(marketer_api, world):
    assert marketer_api.get("/api/v1/broadcasts/999").status_code == 404
    assert marketer_api.post("/api/v1/broadcasts/999/submit", {}, format="json").status_code == 404


def test_errors_follow_the_callers_language(marketer_api, world):
    response = marketer_api.post("/api/v1/broadcasts", fields(segment="nope"), format="json",
                                 HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400 and "分群" in response.json()["detail"]


def test_a_number_where_text_belongs_is_a_400_naming_the_field(marketer_api, world):
    response = marketer_api.post("/api/v1/broadcasts", fields(name=7), format="json")
    assert response.status_code == 400 and named_field(response) == "name"
