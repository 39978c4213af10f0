"""Each node type running against the database: wait_event, split, branch, update, wait until, segment triggers."""
from datetime import datetime, timezone

import pytest

from journeys.models import Contact, Enrollment, NodeTally
from tests.integration.runtime.conftest import chain, live_journey

pytestmark = pytest.mark.django_db


def waiting_for_payment(timeout=3600, where=None):
    config = {"event": "paid", "timeout_seconds": timeout}
    if where:
        config["where"] = where
    return chain(
        ("t", "trigger", {"event": "checkout_started"}),
        ("w", "wait_event", config),
        ("thanks", "update", {"set": {"paid": True}}),
        ("nudge", "update", {"set": {"nudged": True}}),
        ("x", "exit", {}),
        edges=[("t", "next", "w"), ("w", "event", "thanks"), ("w", "timeout", "nudge"),
               ("thanks", "next", "x"), ("nudge", "next", "x")],
    )


def test_wait_event_resumes_at_once_on_the_matching_event(runner):
    live_journey(waiting_for_payment(where={"prop": "amount", "op": "gt", "value": 10}))
    runner.track("ada", "checkout_started")
    assert Enrollment.objects.get().state == "waiting"
    runner.clock.advance(minutes=5)
    runner.track("ada", "paid", amount=5)  # does not match the where
    assert Enrollment.objects.get().state == "waiting"
    runner.track("ada", "paid", amount=50)
    enrollment = Enrollment.objects.get()
    assert enrollment.state == "completed"
    assert [p[0] for p in enrollment.path] == ["t", "w", "thanks", "x"]
    assert Contact.objects.get(user_id="ada").traits == {"paid": True}


def test_wait_event_takes_the_timeout_port_when_nothing_arrives(runner):
    live_journey(waiting_for_payment(timeout=3600))
    runner.track("ada", "checkout_started")
    runner.wait(seconds=3599)
    assert Enrollment.objects.get().state == "waiting"
    runner.wait(seconds=1)
    enrollment = Enrollment.objects.get()
    assert enrollment.state == "completed" and [p[0] for p in enrollment.path][-2:] == ["nudge", "x"]


def test_an_event_after_the_timeout_fired_changes_nothing(runner):
    live_journey(waiting_for_payment(timeout=60))
    runner.track("ada", "checkout_started")
    runner.wait(seconds=61)
    runner.track("ada", "paid")
    assert [p[0] for p in Enrollment.objects.get().path] == ["t", "w", "nudge", "x"]


def test_an_event_before_reaching_the_wait_does_not_resume_it(runner):
    runner.track("ada", "paid")  # paid before the journey existed
    live_journey(waiting_for_payment())
    runner.clock.advance(seconds=1)
    runner.track("ada", "checkout_started")
    assert Enrollment.objects.get().state == "waiting"


def test_split_records_the_variant_and_follows_its_port(runner):
    graph = chain(
        ("t", "trigger", {"event": "go"}),
        ("ab", "split", {"variants": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]}),
        ("ua", "update", {"set": {"got": "a"}}), ("ub", "update", {"set": {"got": "b"}}), ("x", "exit", {}),
        edges=[("t", "next", "ab"), ("ab", "a", "ua"), ("ab", "b", "ub"), ("ua", "next", "x"), ("ub", "next", "x")],
    )
    live_journey(graph)
    for i in range(40):
        runner.track(f"u{i}", "go")
    seen = set()
    for enrollment in Enrollment.objects.select_related("contact"):
        variant = enrollment.variants["ab"]
        seen.add(variant)
        assert enrollment.contact.traits["got"] == variant
    assert seen == {"a", "b"}
    assert sum(NodeTally.objects.filter(node__in=["ua", "ub"]).values_list("entered", flat=True)) == 40


def test_branch_on_event_counts_within_days(runner):
    graph = chain(
        ("t", "trigger", {"event": "check"}),
        ("b", "branch", {"condition": {"all": [
            {"event": "order_completed", "count": {"op": "gte", "value": 2}, "within_days": 30},
            {"not": {"event": "order_completed", "within_days": 365,
                     "where": {"prop": "is_new_product", "op": "eq", "value": True}}},
        ]}}),
        ("yes", "update", {"set": {"segment": "loyal"}}), ("no", "update", {"set": {"segment": "other"}}),
        ("x", "exit", {}),
        edges=[("t", "next", "b"), ("b", "yes", "yes"), ("b", "no", "no"), ("yes", "next", "x"), ("no", "next", "x")],
    )
    # given: ada ordered twice recently, bob twice but one was a new product, cy once
    for user, products in (("ada", [False, False]), ("bob", [False, True]), ("cy", [False])):
        for is_new in products:
            runner.track(user, "order_completed", is_new_product=is_new)
    runner.clock.advance(days=1)
    live_journey(graph)
    for user in ("ada", "bob", "cy"):
        runner.track(user, "check")
    segments = dict(Contact.objects.values_list("user_id", "traits__segment"))
    assert segments == {"ada": "loyal", "bob": "other", "cy": "other"}


def test_wait_until_a_time_of_day_in_the_contacts_time_zone(runner):
    live_journey(chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"until": "09:00", "timezone": "contact"}),
                       ("x", "exit", {})))
    runner.identify("tokyo", timezone="Asia/Tokyo")  # 12:00 UTC = 21:00 JST
    runner.track("tokyo", "go")
    assert Enrollment.objects.get().wake_at == datetime(2026, 6, 2, 0, 0, tzinfo=timezone.utc)  # 09:00 JST


def test_a_segment_trigger_enters_contacts_when_they_start_matching(runner):
    live_journey(chain(("t", "trigger", {"segment": {"attr": "plan", "op": "eq", "value": "pro"}}),
                       ("w", "wait", {"seconds": 60}), ("x", "exit", {})))
    runner.identify("ada", plan="free")
    assert not Enrollment.objects.exists()
    runner.identify("ada", plan="pro")
    assert Enrollment.objects.get().current_node == "w"
    runner.identify("ada", plan="pro", city="Oslo")  # still matching: no change, no second entry
    assert Enrollment.objects.count() == 1


def test_the_periodic_segment_pass_catches_matching_by_time_alone(runner):
    from journeys.services.events import segments_reevaluate

    lapsed = {"all": [{"event": "order_completed", "within_days": 365},
                      {"not": {"event": "order_completed", "within_days": 60}}]}
    runner.track("ada", "order_completed")
    live_journey(chain(("t", "trigger", {"segment": lapsed}), ("w", "wait", {"seconds": 60}), ("x", "exit", {})),
                 name="Win-back")
    runner.call(segments_reevaluate, runner.clock.now)
    assert not Enrollment.objects.exists()
    runner.clock.advance(days=61)
    runner.call(segments_reevaluate, runner.clock.now)
    assert Enrollment.objects.get().contact.user_id == "ada"


def test_an_event_trigger_where_filters_on_properties(runner):
    live_journey(chain(("t", "trigger", {"event": "order", "where": {"prop": "total", "op": "gte", "value": 100}}),
                       ("x", "exit", {})))
    runner.track("small", "order", total=20)
    runner.track("big", "order", total=200)
    assert list(Enrollment.objects.values_list("contact__user_id", flat=True)) == ["big"]
    assert Enrollment.objects.get().context["total"] == 200
