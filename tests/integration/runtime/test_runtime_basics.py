"""Entry, waits, sends and exits, end to end through the services and the in-line broker."""
import pytest

from channels_app.models import Message, SandboxDelivery
from journeys.models import Enrollment
from tests.integration.runtime.conftest import chain, live_journey

pytestmark = pytest.mark.django_db

WELCOME = chain(
    ("t", "trigger", {"event": "signed_up"}),
    ("hello", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
    ("day", "wait", {"seconds": 86400}),
    ("again", "send", {"channel": "email", "template": "hello-email", "on_capped": "skip"}),
    ("x", "exit", {}),
)


def test_an_event_trigger_enrolls_sends_waits_and_completes(runner, templates):
    # given a live journey and a contact with both addresses
    journey = live_journey(WELCOME)
    runner.identify("ada", phone="+15550001", email="ada@example.com", first_name="Ada")
    # when the trigger event arrives
    runner.track("ada", "signed_up")
    # then the first message is sent and the contact waits a day
    enrollment = Enrollment.objects.get(journey=journey)
    assert (enrollment.state, enrollment.current_node) == ("waiting", "day")
    first = Message.objects.get(node="hello")
    assert (first.status, first.address, first.visit) == ("sent", "+15550001", 1)
    assert SandboxDelivery.objects.get(message=first).request["content"]["body"] == "Hi Ada"
    # when a day passes
    runner.wait(seconds=86399)
    assert Enrollment.objects.get().state == "waiting"
    runner.wait(seconds=1)
    # then
    enrollment.refresh_from_db()
    assert enrollment.state == "completed" and enrollment.current_node == "x"
    assert Message.objects.get(node="again").status == "sent"
    assert [step[0] for step in enrollment.path] == ["t", "hello", "day", "again", "x"]


def test_only_live_journeys_enroll(runner, templates):
    from journeys.services import journeys as journey_services

    journey_services.journey_create(name="draft only", graph=journey_services.parse_graph(WELCOME))
    runner.identify("ada", phone="+1")
    runner.track("ada", "signed_up")
    assert not Enrollment.objects.exists()
