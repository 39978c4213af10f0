"""Templates are pinned (design section 8): a live version sends exactly the template content it was approved
with; a template edit reaches only versions approved after it. Through the real runtime and delivery path."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels_app.models import Message, MessageTemplate, SandboxDelivery
from channels_app.services.delivery import deliver_messages
from channels_app.services.outbound import build_outbound
from channels_app.services.templates import template_update
from journeys.models import JourneyVersion
from journeys.services import journeys as journey_services
from tests.integration.runtime.conftest import chain, live_journey

pytestmark = pytest.mark.django_db

WAIT_THEN_SEND = chain(
    ("t", "trigger", {"event": "signed_up"}),
    ("day", "wait", {"seconds": 86400}),
    ("hello", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
    ("x", "exit", {}),
)


def _sent_body(user_id: str) -> str:
    delivery = SandboxDelivery.objects.get(message__contact__user_id=user_id, message__node="hello")
    return delivery.request["content"]["body"]


def test_a_live_version_sends_what_was_approved_and_a_version_approved_after_an_edit_sends_the_edit(runner, templates):
    # given a published journey and a contact waiting before its send
    journey = live_journey(WAIT_THEN_SEND)
    runner.identify("ada", phone="+15550001", first_name="Ada")
    runner.track("ada", "signed_up")
    # when the template is edited while she waits
    template_update(templates["hello-sms"], body="Edited for {{ first_name }}")
    runner.wait(seconds=86400)
    # then she gets the approved text, not the edited one
    assert _sent_body("ada") == "Hi Ada"

    # given a contact waiting on that version when a new version, approved after the edit, goes live
    runner.identify("cara", phone="+15550003", first_name="Cara")
    runner.track("cara", "signed_up")
    journey_services.journey_draft_save(journey, graph=journey_services.parse_graph(WAIT_THEN_SEND))
    journey_services.journey_publish(journey)
    # when a new contact enters the new version and both reach the send
    runner.identify("bob", phone="+15550002", first_name="Bob")
    runner.track("bob", "signed_up")
    runner.wait(seconds=86400)
    # then the new version sends the edited text, the finishing one still what it was approved with
    assert _sent_body("bob") == "Edited for Bob"
    assert _sent_body("cara") == "Hi Cara"


def test_a_version_without_pinned_content_sends_the_current_template(runner, templates):
    # given a live version that pinned nothing (approved before templates were pinned)
    journey = live_journey(WAIT_THEN_SEND)
    JourneyVersion.objects.filter(journey=journey).update(templates=None)
    runner.identify("ada", phone="+15550001", first_name="Ada")
    runner.track("ada", "signed_up")
    # when the template is edited and the contact reaches the send
    template_update(templates["hello-sms"], body="Current {{ first_name }}")
    runner.wait(seconds=86400)
    # then the current template is what is sent
    assert _sent_body("ada") == "Current Ada"


def test_a_webhook_posts_the_pinned_content_signed_with_the_current_secret(runner, templates):
    # given a live webhook journey whose template's body and secret change after approval
    live_journey(chain(
        ("t", "trigger", {"event": "signed_up"}),
        ("day", "wait", {"seconds": 60}),
        ("hello", "send", {"channel": "webhook", "template": "hello-hook", "on_capped": "skip"}),
        ("x", "exit", {}),
    ))
    runner.identify("ada", first_name="Ada")
    runner.track("ada", "signed_up")
    template_update(templates["hello-hook"], body='{"edited": true}')
    MessageTemplate.objects.filter(slug="hello-hook").update(webhook_secret="whsec_rotated")
    # when the contact reaches the send
    runner.wait(seconds=60)
    # then the approved body goes out, signed with the secret the receiver holds now
    message = Message.objects.get(node="hello")
    assert message.status == "sent"
    assert SandboxDelivery.objects.get(message=message).request["content"]["body"] == "{}"
    assert build_outbound(message).webhook_secret == "whsec_rotated"


def test_a_delivery_batch_reads_pinned_content_once_per_version_not_per_message(runner, templates, clock):
    # given queued messages of two versions of a journey
    journey = live_journey(chain(
        ("t", "trigger", {"event": "signed_up"}),
        ("hello", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
        ("x", "exit", {}),
    ))
    for n in range(3):
        runner.identify(f"v1-{n}", phone=f"+1555000{n}", first_name="Old")
    template_update(templates["hello-sms"], body="New {{ first_name }}")
    journey_services.journey_draft_save(journey, graph=journey_services.parse_graph(
        JourneyVersion.objects.get(journey=journey, number=1).graph))
    journey_services.journey_publish(journey)
    for n in range(3):
        runner.identify(f"v2-{n}", phone=f"+1555100{n}", first_name="Young")
    v1 = JourneyVersion.objects.get(journey=journey, number=1)
    v2 = JourneyVersion.objects.get(journey=journey, number=2)
    contacts = list(Message._meta.get_field("contact").related_model.objects.order_by("id"))
    queued = [Message.objects.create(contact=c, journey=journey, version=(v1 if c.user_id.startswith("v1") else v2),
                                     node="hello", channel="sms", template="hello-sms", address=c.phone,
                                     created_at=clock.now) for c in contacts]
    # when one batch delivers them
    with CaptureQueriesContext(connection) as queries:
        report = deliver_messages([m.pk for m in queued])
    # then each got its version's content, from one read of the versions' pinned templates
    assert sorted(report.sent) == sorted(m.pk for m in queued)
    bodies = {m.contact.user_id: SandboxDelivery.objects.get(message=m).request["content"]["body"] for m in queued}
    assert bodies == {"v1-0": "Hi Old", "v1-1": "Hi Old", "v1-2": "Hi Old",
                      "v2-0": "New Young", "v2-1": "New Young", "v2-2": "New Young"}
    version_reads = [q["sql"] for q in queries.captured_queries if JourneyVersion._meta.db_table in q["sql"]]
    assert len(version_reads) == 1
