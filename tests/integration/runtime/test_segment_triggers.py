"""Saved segments at runtime: entering or leaving one (through an identify, a track, or time passing)
enters the journeys triggered on it; a launch takes a segment; conditions ask about membership."""
import pytest

from audiences.models import Segment
from audiences.services.membership import segments_reevaluate_due
from audiences.services.segments import segment_create
from audiences.services.static_members import members_add
from journeys.models import Contact, Enrollment, Event
from tests.integration.runtime.conftest import chain, live_journey
from tests.integration.runtime.test_runtime_api import create, go_live

pytestmark = pytest.mark.django_db

PRO = {"attr": "plan", "op": "eq", "value": "pro"}


def segment_journey(key: str, on: str, name: str):
    return live_journey(chain(("t", "trigger", {"segment": key, "on": on}), ("x", "exit", {})), name=name)


def entered(journey) -> set[str]:
    return set(Enrollment.objects.filter(journey=journey).values_list("contact__user_id", flat=True))


def test_an_identify_that_puts_a_contact_in_a_segment_enters_the_journey_and_leaving_fires_the_exit_trigger(runner):
    segment_create(key="pros", name="Pros", condition=PRO)
    welcome = segment_journey("pros", "enter", "Welcome")
    goodbye = segment_journey("pros", "exit", "Goodbye")
    runner.identify("ada", plan="free")
    assert entered(welcome) == entered(goodbye) == set()
    runner.identify("ada", plan="pro")
    assert (entered(welcome), entered(goodbye)) == ({"ada"}, set())
    runner.identify("ada", plan="free")
    assert (entered(welcome), entered(goodbye)) == ({"ada"}, {"ada"})
    assert list(Event.objects.filter(name__startswith="segment_").order_by("id").values_list("name", "properties")) == [
        ("segment_entered", {"segment": "pros"}), ("segment_exited", {"segment": "pros"})]


def test_an_event_window_closing_moves_the_contact_out_on_the_periodic_pass(runner, settings):
    settings.JOURNEYS_SEGMENT_REEVALUATE_SECONDS = 3600
    segment_create(key="buyers", name="Recent buyers", condition={"event": "order", "within_days": 7})
    winback = segment_journey("buyers", "exit", "Win back")
    runner.track("ada", "order")
    assert Segment.objects.get(key="buyers").memberships.filter(exited_at__isnull=True).count() == 1
    runner.clock.advance(days=8)
    runner.call(segments_reevaluate_due, runner.clock.now)
    assert entered(winback) == {"ada"}


def test_moves_no_live_journey_watches_record_no_events(runner):
    segment_create(key="pros", name="Pros", condition=PRO)
    runner.identify("ada", plan="pro")
    assert not Event.objects.filter(name__startswith="segment_").exists()


def test_a_branch_asks_whether_the_contact_is_a_member(runner):
    segment = segment_create(key="vips", name="VIPs", kind=Segment.STATIC)
    live_journey(chain(("t", "trigger", {"event": "go"}), ("b", "branch", {"condition": {"segment": "vips"}}),
                       ("u", "update", {"set": {"greeted_as_vip": True}}), ("x", "exit", {}),
                       edges=[("t", "next", "b"), ("b", "yes", "u"), ("u", "next", "x"), ("b", "no", "x")]))
    runner.identify("ada")
    runner.identify("bob")
    members_add(segment, ["ada"])
    runner.track("ada", "go")
    runner.track("bob", "go")
    traits = dict(Contact.objects.values_list("user_id", "traits"))
    assert (traits["ada"].get("greeted_as_vip"), traits["bob"].get("greeted_as_vip")) == (True, None)


def test_a_launch_by_segment_enrolls_its_members_only(api, approver_api, runner):
    for user_id in ("ada", "bob", "cy"):
        runner.identify(user_id)
    members_add(segment_create(key="vips", name="VIPs", kind=Segment.STATIC), ["ada", "cy"])
    graph = chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 60}), ("x", "exit", {}))
    journey_id = create(api, graph)
    go_live(api, approver_api, journey_id)
    response = runner.call(api.post, f"/api/v1/journeys/{journey_id}/launch", {"segment": "vips"}, format="json")
    assert response.status_code == 202, response.content
    assert set(Enrollment.objects.values_list("contact__user_id", flat=True)) == {"ada", "cy"}
    unknown = api.post(f"/api/v1/journeys/{journey_id}/launch", {"segment": "ghosts"}, format="json")
    assert unknown.status_code == 400 and "ghosts" in unknown.json()["detail"]
