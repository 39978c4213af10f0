"""What the workflow does to contacts: pause holds waits, resume releases them, archive ends enrollments,
and a new version leaves contacts on the old one (or moves waiting ones, when asked). None lost, none twice."""
import pytest

from journeys.models import Enrollment, NodeTally
from journeys.services import approvals
from journeys.services import journeys as journey_services
from tests.integration.runtime.conftest import chain, live_journey

from .conftest import client_for

pytestmark = pytest.mark.django_db

WAIT_HOUR = chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 3600}), ("x", "exit", {}))
# v2 keeps the wait node `w` and adds a step `u` after it.
V2 = chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 3600}), ("u", "update", {"set": {"v2": True}}),
           ("x", "exit", {}))


def states() -> list[tuple]:
    return sorted(Enrollment.objects.values_list("contact__user_id", "version__number", "state", "current_node"))


def new_version(journey, graph):
    """A marketer's next draft of a live journey, approved and published (by the system here)."""
    journey_services.journey_draft_save(journey, graph=journey_services.parse_graph(graph))
    return journey


def test_pause_stops_entries_and_holds_waits_and_resume_releases_them(runner, people):
    # given a contact waiting an hour in a live journey
    journey = live_journey(WAIT_HOUR)
    runner.track("ada", "go")
    assert states() == [("ada", 1, "waiting", "w")]

    # when an approver pauses it
    response = client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/pause")
    assert response.status_code == 200 and response.json()["status"] == "paused"

    # then the wait does not fire when due, and nobody enters
    runner.wait(hours=2)
    runner.track("bob", "go")
    assert states() == [("ada", 1, "waiting", "w")]
    enroll = client_for(people["marketer"]).post(f"/api/v1/journeys/{journey.pk}/enroll", {"userId": "bob"},
                                                 format="json")
    assert enroll.status_code == 409

    # when it is resumed, the held wait fires on the next tick, and entries work again
    client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/resume")
    runner.tick()
    runner.track("cy", "go")
    assert states() == [("ada", 1, "completed", "x"), ("cy", 1, "waiting", "w")]


def test_archive_ends_every_active_and_waiting_enrollment(runner, people):
    journey = live_journey(WAIT_HOUR)
    for user_id in ("ada", "bob", "cy"):
        runner.track(user_id, "go")
    Enrollment.objects.filter(contact__user_id="cy").update(state="active")  # one mid-step
    response = client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/archive",
                                                   {"comment": "campaign over"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "archived"
    assert set(Enrollment.objects.values_list("state", "exit_reason")) == {("exited", "archived")}
    assert all(Enrollment.objects.values_list("exited_at", flat=True))
    runner.wait(hours=2)
    runner.track("dan", "go")
    assert Enrollment.objects.count() == 3 and not Enrollment.objects.filter(contact__user_id="dan").exists()
    entry = journey.audit_entries.get(action="archive")
    assert entry.comment == "campaign over" and entry.details["ended_enrollments"] == 3


def test_publishing_v2_lets_contacts_waiting_in_v1_finish_on_v1(runner):
    # given contacts waiting in v1
    journey = live_journey(WAIT_HOUR)
    runner.track("ada", "go")
    runner.track("bob", "go")
    # when v2 is published
    journey_services.journey_publish(new_version(journey, V2))
    assert dict(journey.versions.values_list("number", "status")) == {1: "finishing", 2: "live"}
    # then new contacts enter v2, the waiting ones complete on v1
    runner.track("cy", "go")
    runner.wait(hours=1, seconds=1)
    assert states() == [("ada", 1, "completed", "x"), ("bob", 1, "completed", "x"), ("cy", 2, "completed", "x")]
    # none lost, none enrolled twice (a second "go" does not re-enter: reentry never)
    runner.track("ada", "go")
    assert Enrollment.objects.count() == 3
    assert not NodeTally.objects.filter(version__number=1, node="u").exists()


def test_publish_can_move_waiting_contacts_to_the_new_version_where_their_node_exists(runner, people):
    # given ada waiting at `w` (kept in v2) and bob waiting at `old` (gone in v2)
    v1 = chain(("t", "trigger", {"event": "go"}), ("b", "branch", {"condition": {"attr": "plan", "op": "eq", "value": "pro"}}),
               ("w", "wait", {"seconds": 3600}), ("old", "wait", {"seconds": 3600}), ("x", "exit", {}),
               edges=[("t", "next", "b"), ("b", "yes", "w"), ("b", "no", "old"), ("w", "next", "x"), ("old", "next", "x")])
    journey = live_journey(v1)
    runner.identify("ada", plan="pro")
    runner.identify("bob", plan="free")
    runner.track("ada", "go")
    runner.track("bob", "go")
    assert states() == [("ada", 1, "waiting", "w"), ("bob", 1, "waiting", "old")]

    # when v2 is published with migrate_waiting, through the API
    new_version(journey, V2)
    approvals.version_submit(journey, user=None, notify=False)
    approvals.version_approve(journey, user=None)
    response = client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/publish",
                                                   {"migrate_waiting": True}, format="json")
    assert response.status_code == 200, response.content

    # then ada continues on v2 (through its new step), bob finishes on v1
    assert states() == [("ada", 2, "waiting", "w"), ("bob", 1, "waiting", "old")]
    runner.wait(hours=1, seconds=1)
    assert states() == [("ada", 2, "completed", "x"), ("bob", 1, "completed", "x")]
    assert NodeTally.objects.filter(version__number=2, node="u").exists()
    assert Enrollment.objects.count() == 2
    assert journey.audit_entries.get(action="publish", version_number=2).details["moved_waiting"] == 1
