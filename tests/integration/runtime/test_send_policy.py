"""Blacklists, frequency caps, quiet hours and missing addresses, applied when a send node runs."""
from datetime import datetime, timezone

import pytest
from django.test import override_settings

from channels_app.models import FrequencyCapRule, Message, SandboxDelivery, Suppression
from journeys.models import Contact, Enrollment
from tests.integration.runtime.conftest import chain, live_journey

pytestmark = pytest.mark.django_db


def sms_journey(on_capped="skip", name="SMS", event="go", settings=None, channel="sms", template="hello-sms"):
    return live_journey(chain(
        ("t", "trigger", {"event": event}),
        ("s", "send", {"channel": channel, "template": template, "on_capped": on_capped}),
        ("after", "update", {"set": {f"after_{name}": True}}),
        ("x", "exit", {}),
        settings=settings or {"reentry": "after_exit"},
    ), name=name)


def test_a_blacklisted_contact_is_logged_suppressed_and_follows_on_capped_skip(runner, templates):
    sms_journey()
    runner.identify("ada", phone="+1555")
    Suppression.objects.create(contact=Contact.objects.get(user_id="ada"), channel="sms", reason="asked us to stop")
    runner.track("ada", "go")
    message = Message.objects.get()
    assert message.status == "suppressed" and "asked us to stop" in message.reason
    assert not SandboxDelivery.objects.exists()
    assert Enrollment.objects.get().state == "completed"  # skip: carried on
    assert Contact.objects.get(user_id="ada").traits["after_SMS"] is True


def test_a_blacklisted_address_blocks_every_contact_using_it(runner, templates):
    sms_journey()
    Suppression.objects.create(address="+1555", channel="all", reason="STOP")
    runner.identify("ada", phone="+1555")
    runner.identify("bob", phone="+1666")
    runner.track("ada", "go")
    runner.track("bob", "go")
    assert dict(Message.objects.values_list("address", "status")) == {"+1555": "suppressed", "+1666": "sent"}


def test_a_channel_blacklist_does_not_block_other_channels(runner, templates):
    sms_journey(channel="email", template="hello-email")
    runner.identify("ada", phone="+1555", email="ada@example.com")
    Suppression.objects.create(contact=Contact.objects.get(user_id="ada"), channel="sms", reason="STOP")
    runner.track("ada", "go")
    assert Message.objects.get().status == "sent"


def test_a_missing_address_is_suppressed_and_on_capped_exit_leaves_the_journey(runner, templates):
    sms_journey(on_capped="exit")
    runner.identify("ada", email="ada@example.com")  # no phone
    runner.track("ada", "go")
    message = Message.objects.get()
    assert (message.status, message.reason) == ("suppressed", "no phone number")
    enrollment = Enrollment.objects.get()
    assert enrollment.state == "exited" and enrollment.exit_reason.startswith("suppressed")
    assert "after_SMS" not in Contact.objects.get(user_id="ada").traits


def test_a_per_channel_cap_holds_across_journeys_and_logs_capped(runner, templates):
    FrequencyCapRule.objects.create(channel="sms", limit=2, window_seconds=86400)
    for name in ("A", "B", "C"):
        sms_journey(name=name)
    runner.identify("ada", phone="+1555")
    runner.track("ada", "go")
    statuses = sorted(Message.objects.values_list("status", flat=True))
    assert statuses == ["capped", "sent", "sent"]
    capped = Message.objects.get(status="capped")
    assert capped.reason == "cap of 2 sms message(s) per day reached"


def test_the_cap_window_rolls(runner, templates):
    FrequencyCapRule.objects.create(channel="all", limit=1, window_seconds=3600)
    sms_journey()
    runner.identify("ada", phone="+1555")
    runner.track("ada", "go")
    runner.clock.advance(minutes=30)
    runner.track("ada", "go")
    runner.clock.advance(minutes=31)
    runner.track("ada", "go")
    assert list(Message.objects.order_by("id").values_list("status", flat=True)) == ["sent", "capped", "sent"]


def test_a_per_journey_cap_only_counts_that_journey(runner, templates):
    first = sms_journey(name="A")
    sms_journey(name="B")
    FrequencyCapRule.objects.create(channel="all", limit=1, window_seconds=86400, journey=first)
    runner.identify("ada", phone="+1555")
    runner.track("ada", "go")
    runner.clock.advance(seconds=1)
    runner.track("ada", "go")
    by_journey = {(m.journey.name, m.status) for m in Message.objects.select_related("journey")}
    assert by_journey == {("A", "sent"), ("A", "capped"), ("B", "sent")}


def test_an_exempt_journey_ignores_caps(runner, templates):
    FrequencyCapRule.objects.create(channel="all", limit=1, window_seconds=86400)
    sms_journey(name="marketing")
    sms_journey(name="receipt", settings={"reentry": "never", "exempt_from_caps": True})
    runner.identify("ada", phone="+1555")
    runner.track("ada", "go")
    assert sorted(Message.objects.values_list("status", flat=True)) == ["sent", "sent"]


def test_quiet_hours_defer_then_send_the_same_message_when_they_end(runner, templates):
    sms_journey(settings={"reentry": "never", "quiet_hours": {"start": "21:00", "end": "08:00"}})
    runner.clock.set(datetime(2026, 6, 1, 21, 30, tzinfo=timezone.utc))  # 22:30 in London (BST)
    runner.identify("ada", phone="+1555", timezone="Europe/London")
    runner.track("ada", "go")
    message = Message.objects.get()
    assert message.status == "deferred" and "quiet hours" in message.reason
    assert message.not_before == datetime(2026, 6, 2, 7, 0, tzinfo=timezone.utc)  # 08:00 BST
    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.current_node) == ("waiting", "s")
    runner.clock.set(datetime(2026, 6, 2, 6, 59, tzinfo=timezone.utc))
    runner.tick()
    assert Message.objects.get().status == "deferred"
    runner.clock.set(datetime(2026, 6, 2, 7, 0, tzinfo=timezone.utc))
    runner.tick()
    message = Message.objects.get()  # still one row: the deferred one was sent
    assert message.status == "sent" and message.visit == 1
    assert Enrollment.objects.get().state == "completed"


@override_settings(JOURNEYS_QUIET_HOURS="22:00-07:00")
def test_the_global_quiet_hours_apply_when_the_journey_sets_none(runner, templates):
    sms_journey()
    runner.clock.set(datetime(2026, 6, 1, 23, 0, tzinfo=timezone.utc))
    runner.identify("ada", phone="+1555")
    runner.track("ada", "go")
    assert Message.objects.get().status == "deferred"


def test_rerunning_an_advance_never_writes_a_second_message(runner, templates):
    from journeys.services.advancing import enrollment_advance

    sms_journey()
    runner.identify("ada", phone="+1555")
    runner.track("ada", "go")
    enrollment = Enrollment.objects.get()
    # a redelivered advance message finds the row no longer active: nothing happens
    runner.call(enrollment_advance, [enrollment.pk], runner.clock.now)
    # even forcing the row back onto the send node at the same visit reuses the message
    Enrollment.objects.filter(pk=enrollment.pk).update(state="active", current_node="s", resume_port="",
                                                       visits={"t": 1, "s": 1})
    runner.call(enrollment_advance, [enrollment.pk], runner.clock.now)
    assert Message.objects.count() == 1 and SandboxDelivery.objects.count() == 1
    assert Enrollment.objects.get().state == "completed"
