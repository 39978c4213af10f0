"""`make run`'s promise: the demo contact visibly moves through the quick-tour journey."""
import pytest

from channels_app.models import Message
from journeys.models import Enrollment
from journeys.services.demo import DEMO_CONTACT, demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_contact_moves_through_the_quick_tour(runner):
    # when the demo loads (as make run does) and the runtime picks up its event
    demo = runner.call(demo_load)
    enrollment = Enrollment.objects.get(journey_id=demo.journey_ids[0], contact__user_id=DEMO_CONTACT)
    # then it got the in-app hello and waits 30 s
    assert (enrollment.state, enrollment.current_node) == ("waiting", "pause")
    assert Message.objects.get(node="hello").status == "sent"
    # after 30 s: the A/B split sends a text or an email, then it listens for a purchase
    runner.wait(seconds=30)
    enrollment.refresh_from_db()
    assert enrollment.current_node == "listen" and enrollment.variants["ab"] in ("sms", "email")
    assert Message.objects.filter(node__in=["text", "mail"], status="sent").count() == 1
    # a minute later it leaves through the timeout
    runner.wait(seconds=60)
    enrollment.refresh_from_db()
    assert enrollment.state == "completed"
    # and a second `make run` sends it in again (re-entry after exit)
    runner.call(demo_load)
    assert Enrollment.objects.filter(journey_id=demo.journey_ids[0], contact__user_id=DEMO_CONTACT).count() == 2
