"""Guarded transitions: draft → in_review → approved → live ⇄ paused → archived, in_review → draft."""
import pytest

from journeys.models import Journey
from journeys.services import approvals
from tests.conftest import load_example

from .conftest import SIMPLE, client_for, journey_in

pytestmark = pytest.mark.django_db


def statuses(journey) -> dict:
    return dict(journey.versions.values_list("number", "status"))


def test_the_whole_cycle_over_the_api_moves_the_version_and_the_journey(people):
    marketer, approver = client_for(people["marketer"]), client_for(people["approver"])
    journey_id = marketer.post("/api/v1/journeys/", {"name": "J", "draft": SIMPLE}, format="json").json()["id"]
    for client, action, version_status, journey_status in [
        (marketer, "submit", "in_review", "in_review"),
        (approver, "approve", "approved", "approved"),
        (approver, "publish", "live", "live"),
        (approver, "pause", "paused", "paused"),
        (approver, "resume", "live", "live"),
        (approver, "archive", "archived", "archived"),
    ]:
        response = client.post(f"/api/v1/journeys/{journey_id}/{action}", {}, format="json")
        assert response.status_code == 200, (action, response.content)
        assert response.json()["version_status"] == version_status
        assert response.json()["status"] == journey_status == Journey.objects.get().status


@pytest.mark.parametrize("state,action", [
    ("draft", "approve"), ("draft", "publish"), ("draft", "reject"), ("draft", "withdraw"), ("draft", "pause"),
    ("in_review", "submit"), ("in_review", "publish"), ("approved", "submit"), ("approved", "approve"),
    ("live", "resume"), ("paused", "pause"), ("live", "submit"),
])
def test_a_bad_transition_is_a_409_that_says_why(people, state, action):
    journey = journey_in(state)
    before = statuses(journey)
    response = client_for(people["superuser"]).post(f"/api/v1/journeys/{journey.pk}/{action}",
                                                     {"comment": "c"}, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["field"] == "status" and "cannot" in response.json()["detail"]
    assert statuses(journey) == before


def test_archive_without_anything_running_is_a_409(people):
    journey = journey_in("draft")
    response = client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/archive")
    assert response.status_code == 409 and "no live" in response.json()["detail"]


def test_a_version_with_validation_errors_cannot_be_submitted(people):
    marketer = client_for(people["marketer"])
    journey_id = marketer.post("/api/v1/journeys/", {"name": "J", "draft": load_example("invalid_spin.json")},
                               format="json").json()["id"]
    response = marketer.post(f"/api/v1/journeys/{journey_id}/submit")
    assert response.status_code == 409
    assert {i["code"] for i in response.json()["issues"]} >= {"cycle_without_wait"}
    assert Journey.objects.get().versions.get().status == "draft"


def test_a_rejection_needs_a_comment_naming_the_field(people):
    journey = journey_in("in_review")
    for body in ({}, {"comment": "   "}):
        response = client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/reject", body, format="json")
        assert response.status_code == 400 and response.json()["field"] == "comment"
    assert statuses(journey) == {1: "in_review"}


def test_a_rejected_version_is_a_draft_again_and_editable(people):
    journey = journey_in("in_review", author=people["marketer"])
    marketer = client_for(people["marketer"])
    assert marketer.put(f"/api/v1/journeys/{journey.pk}/draft", SIMPLE, format="json").status_code == 409
    client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/reject", {"comment": "no"}, format="json")
    assert statuses(journey) == {1: "draft"}
    assert marketer.put(f"/api/v1/journeys/{journey.pk}/draft", SIMPLE, format="json").status_code == 200


def test_only_the_author_withdraws_a_version_from_review(people):
    from tests.factories import UserFactory, with_roles

    journey = journey_in("in_review", author=people["marketer"])
    other = with_roles(UserFactory(username="other-marketer"), "marketer")
    assert client_for(other).post(f"/api/v1/journeys/{journey.pk}/withdraw").status_code == 403
    assert client_for(people["marketer"]).post(f"/api/v1/journeys/{journey.pk}/withdraw").status_code == 200
    assert statuses(journey) == {1: "draft"}


def test_editing_a_live_journey_creates_the_next_draft_and_publishing_it_finishes_the_old_one(people):
    journey = journey_in("live")
    marketer = client_for(people["marketer"])
    assert marketer.put(f"/api/v1/journeys/{journey.pk}/draft", SIMPLE, format="json").json()["version"] == 2
    assert statuses(journey) == {1: "live", 2: "draft"}
    approvals.version_submit(journey, user=people["marketer"])
    approvals.version_approve(journey, user=people["approver"])
    approvals.version_publish(journey, user=people["approver"])
    assert statuses(journey) == {1: "finishing", 2: "live"}


def test_the_system_actor_takes_a_valid_draft_all_the_way_live():
    from journeys.services import journeys as journey_services

    journey = journey_services.journey_create(name="J", graph=journey_services.parse_graph(SIMPLE))
    journey_services.journey_publish(journey)
    assert statuses(journey) == {1: "live"}
    actions = list(journey.audit_entries.order_by("id").values_list("action", "actor_name"))
    assert actions == [("create", "system"), ("submit", "system"), ("approve", "system"), ("publish", "system")]


def test_an_api_user_cannot_publish_a_draft_directly(people):
    journey = journey_in("draft")
    response = client_for(people["superuser"]).post(f"/api/v1/journeys/{journey.pk}/publish")
    assert response.status_code == 409 and "submitted and approved first" in response.json()["detail"]
