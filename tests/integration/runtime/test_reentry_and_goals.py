"""Re-entry rules, the one-live-enrollment constraint, and goals (conversions)."""
import pytest
from django.db import IntegrityError, transaction

from journeys.models import Contact, Conversion, Enrollment
from tests.integration.runtime.conftest import chain, live_journey

pytestmark = pytest.mark.django_db


def short_journey(settings):
    return live_journey(chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 60}), ("x", "exit", {}),
                              settings=settings))


def test_reentry_never_enrolls_a_contact_once_ever(runner):
    short_journey({"reentry": "never"})
    runner.track("ada", "go")
    runner.wait(seconds=60)
    assert Enrollment.objects.get().state == "completed"
    runner.track("ada", "go")
    assert Enrollment.objects.count() == 1


def test_a_live_enrollment_blocks_a_second_one(runner):
    short_journey({"reentry": "after_exit"})
    runner.track("ada", "go")
    runner.track("ada", "go")
    assert Enrollment.objects.count() == 1


def test_reentry_after_exit_waits_for_the_cooldown(runner):
    short_journey({"reentry": "after_exit", "reentry_cooldown_seconds": 3600})
    runner.track("ada", "go")
    runner.wait(seconds=60)  # completed at T0+60s
    runner.clock.advance(seconds=3599)
    runner.track("ada", "go")
    assert Enrollment.objects.count() == 1
    runner.clock.advance(seconds=1)
    runner.track("ada", "go")
    assert Enrollment.objects.count() == 2
    assert Enrollment.objects.filter(state="waiting").count() == 1


def test_the_database_refuses_two_live_enrollments_for_one_contact(runner):
    journey = short_journey({"reentry": "after_exit"})
    runner.track("ada", "go")
    existing = Enrollment.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(journey=journey, version=existing.version, contact=existing.contact, state="active",
                                  current_node="t", entered_at=existing.entered_at)


def goal_journey(exit_on_goal: bool):
    return live_journey(chain(
        ("t", "trigger", {"event": "signed_up"}),
        ("ab", "split", {"variants": [{"key": "sms", "weight": 50}, {"key": "email", "weight": 50}]}),
        ("sms", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
        ("email", "send", {"channel": "email", "template": "hello-email", "on_capped": "skip"}),
        ("w", "wait", {"seconds": 86400}),
        ("x", "exit", {}),
        edges=[("t", "next", "ab"), ("ab", "sms", "sms"), ("ab", "email", "email"), ("sms", "next", "w"),
               ("email", "next", "w"), ("w", "next", "x")],
        settings={"reentry": "never", "goal": {"event": "purchased", "where": {"prop": "total", "op": "gt", "value": 0},
                                               "within_seconds": 7 * 86400, "exit": exit_on_goal}},
    ))


def test_a_goal_event_records_a_conversion_with_variant_message_and_time(runner, templates):
    goal_journey(exit_on_goal=True)
    runner.identify("ada", phone="+1", email="ada@example.com")
    runner.track("ada", "signed_up")
    runner.clock.advance(hours=2)
    runner.track("ada", "purchased", total=0)  # where fails: not a conversion
    assert not Conversion.objects.exists()
    runner.track("ada", "purchased", total=30)
    conversion = Conversion.objects.get()
    enrollment = Enrollment.objects.get()
    variant = enrollment.variants["ab"]
    assert conversion.variants == {"ab": variant}
    assert conversion.message.node == variant and conversion.seconds_to_convert == 7200
    assert conversion.event.properties == {"total": 30}
    assert (enrollment.state, enrollment.exit_reason) == ("exited", "goal reached")
    runner.track("ada", "purchased", total=99)
    assert Conversion.objects.count() == 1  # one conversion per enrollment


def test_a_goal_without_exit_keeps_the_contact_in_the_journey(runner, templates):
    goal_journey(exit_on_goal=False)
    runner.identify("ada", phone="+1", email="ada@example.com")
    runner.track("ada", "signed_up")
    runner.track("ada", "purchased", total=5)
    assert Conversion.objects.count() == 1
    assert Enrollment.objects.get().state == "waiting"


def test_a_conversion_after_completion_but_inside_the_window_counts(runner, templates):
    goal_journey(exit_on_goal=True)
    runner.identify("ada", phone="+1", email="ada@example.com")
    runner.track("ada", "signed_up")
    runner.wait(days=1)
    assert Enrollment.objects.get().state == "completed"
    runner.clock.advance(days=2)
    runner.track("ada", "purchased", total=5)
    assert Conversion.objects.get().seconds_to_convert == 3 * 86400


def test_a_goal_event_outside_the_window_is_not_a_conversion(runner, templates):
    goal_journey(exit_on_goal=True)
    runner.identify("ada", phone="+1", email="ada@example.com")
    runner.track("ada", "signed_up")
    runner.wait(days=1)
    runner.clock.advance(days=7)
    runner.track("ada", "purchased", total=5)
    assert not Conversion.objects.exists()


def test_update_node_writes_traits_and_addresses(runner):
    live_journey(chain(("t", "trigger", {"event": "go"}),
                       ("u", "update", {"set": {"lifecycle_stage": "customer", "email": "new@example.com"}}),
                       ("x", "exit", {})))
    runner.identify("ada", plan="pro")
    runner.track("ada", "go")
    contact = Contact.objects.get(user_id="ada")
    assert contact.traits == {"plan": "pro", "lifecycle_stage": "customer", "email": "new@example.com"}
    assert contact.email == "new@example.com"
