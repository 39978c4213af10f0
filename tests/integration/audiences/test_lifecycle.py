"""Lifecycle stages (design section 9) with a controlled clock: new → active → silent → churned →
reactivated → active, "first seen" from the events' own timestamps, the `lifecycle_stage_changed`
events a journey triggers on, the summary, and bad input."""
from datetime import timedelta

import pytest

from audiences.models import ComputedValue
from journeys.models import Enrollment, Event
from journeys.runtime.scheduler import Scheduler
from journeys.services.ingest import IdentifyCall, TrackCall, ingest_calls
from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for
from tests.integration.runtime.conftest import *  # noqa: F401,F403  (runner, clock, stub broker)
from tests.integration.runtime.conftest import chain, live_journey

pytestmark = pytest.mark.django_db

SILENT_JOURNEY = chain(
    ("t", "trigger", {"event": "lifecycle_stage_changed", "where": {"prop": "to", "op": "eq", "value": "silent"}}),
    ("x", "exit", {}),
)


@pytest.fixture
def marketer_api(db):
    return api_client_for(with_roles(UserFactory(username="lifecycle-marketer"), "marketer"))


def _stage(user_id: str):
    return ComputedValue.objects.filter(contact__user_id=user_id, key="lifecycle_stage").values_list(
        "value", flat=True).first()


def _moves(user_id: str) -> list[tuple[str, str]]:
    events = Event.objects.filter(contact__user_id=user_id, name="lifecycle_stage_changed").order_by("id")
    return [(e.properties["from"], e.properties["to"]) for e in events]


def _reevaluate(runner):
    """The scheduler's periodic pass (segment_every=0: due at once), then whatever it enqueued."""
    runner.call(Scheduler(segment_every=0).tick, runner.clock.now)


def test_a_contact_moves_through_every_stage_as_time_passes(runner, clock):
    runner.track("ada", "app_opened")
    _reevaluate(runner)
    assert _stage("ada") == "new" and _moves("ada") == []  # placing a contact the first time is no move
    clock.advance(days=8)
    _reevaluate(runner)
    assert _stage("ada") == "active"  # new wins over active only for new_days
    clock.advance(days=32)  # 40 days since the last active event
    _reevaluate(runner)
    assert _stage("ada") == "silent"
    clock.advance(days=50)  # 90 days
    _reevaluate(runner)
    assert _stage("ada") == "churned"
    runner.track("ada", "order_completed", amount=5)
    _reevaluate(runner)
    assert _stage("ada") == "reactivated"
    clock.advance(days=20)
    runner.track("ada", "page_viewed")
    _reevaluate(runner)
    assert _stage("ada") == "reactivated"  # for active_days after coming back
    clock.advance(days=11)
    _reevaluate(runner)
    assert _stage("ada") == "active"
    assert _moves("ada") == [("new", "active"), ("active", "silent"), ("silent", "churned"),
                             ("churned", "reactivated"), ("reactivated", "active")]


def test_first_seen_is_the_earliest_timestamp_events_carry_not_the_insert_time(runner, clock):
    ingest_calls([TrackCall(user_id="carol", anonymous_id=None, event="signed_up", properties={},
                            timestamp=clock.now - timedelta(days=20))])
    runner.track("carol", "app_opened")
    _reevaluate(runner)
    assert _stage("carol") == "active"
    ingest_calls([IdentifyCall(user_id="erin", anonymous_id=None, traits={"plan": "pro"},
                               timestamp=clock.now - timedelta(days=20))])
    runner.track("dan", "signed_up")  # seen today, never active: new, then silent, then churned
    _reevaluate(runner)
    assert _stage("dan") == "new"
    assert _stage("erin") == "silent"  # identified with a timestamp 20 days old, never active since
    clock.advance(days=10)
    _reevaluate(runner)
    assert _stage("dan") == "silent"


def test_going_silent_enrolls_the_contact_in_a_journey_triggered_on_the_stage_change(runner, clock):
    journey = live_journey(SILENT_JOURNEY, name="Win back the silent")
    runner.track("ada", "app_opened")
    clock.advance(days=8)
    _reevaluate(runner)
    assert not Enrollment.objects.filter(journey=journey).exists()
    clock.advance(days=30)  # nothing for 38 days: silent, by time passing alone
    _reevaluate(runner)
    assert _stage("ada") == "silent"
    assert list(Enrollment.objects.filter(journey=journey).values_list("contact__user_id", flat=True)) == ["ada"]


def test_the_summary_counts_stages_and_the_moves_of_the_last_30_days(runner, clock, marketer_api):
    for user in ("ada", "bob", "cy"):
        runner.track(user, "app_opened")
    _reevaluate(runner)
    clock.advance(days=8)
    runner.track("cy", "app_opened")
    _reevaluate(runner)
    clock.advance(days=25)  # ada, bob 33 days idle: silent; cy 25 days: still active
    _reevaluate(runner)
    summary = marketer_api.get("/api/v1/lifecycle/summary").json()
    assert summary["stages"] == {"new": 0, "active": 1, "silent": 2, "churned": 0, "reactivated": 0}
    moves = {(m["from"], m["to"]): m["contacts"] for m in summary["moves"]}
    assert moves == {("new", "active"): 3, ("active", "silent"): 2}


def test_changing_the_lines_places_everyone_again(runner, clock, marketer_api):
    runner.track("ada", "app_opened")
    clock.advance(days=10)
    _reevaluate(runner)
    assert _stage("ada") == "active"
    body = {"active_events": ["app_opened"], "new_days": 3, "active_days": 5, "churn_days": 60}
    response = marketer_api.put("/api/v1/lifecycle", body, format="json")
    assert response.status_code == 200, response.json()
    assert {k: response.json()[k] for k in body} == body
    assert _stage("ada") == "silent"
    assert marketer_api.get("/api/v1/lifecycle").json()["active_days"] == 5


@pytest.mark.parametrize("body, field", [
    ({"active_events": [], "new_days": 7, "active_days": 30, "churn_days": 90}, "active_events"),
    ({"active_events": ["a"], "new_days": 0, "active_days": 30, "churn_days": 90}, "new_days"),
    ({"active_events": ["a"], "new_days": 7, "active_days": 30, "churn_days": 30}, "churn_days"),
    ({"active_events": ["a"], "new_days": 7, "active_days": 30}, "churn_days"),
])
def test_bad_lines_are_refused_naming_the_field(marketer_api, body, field):
    response = marketer_api.put("/api/v1/lifecycle", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert marketer_api.get("/api/v1/lifecycle").json()["churn_days"] == 90
