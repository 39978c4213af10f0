"""Test sends: the draft run for real for one contact, waits cut to 1 s, only to test addresses, marked `test`,
and left out of stats, conversions and frequency caps."""
from datetime import timedelta

import pytest

from channels_app.models import FrequencyCapRule, Message, SandboxDelivery
from channels_app.policy import SendRequest, check_sends
from journeys.models import Contact, Conversion, Enrollment, JourneyVersion, NodeTally
from journeys.selectors.journeys import enrollment_state_counts, journey_node_counts

from .conftest import chain

pytestmark = pytest.mark.django_db

GRAPH = chain(("t", "trigger", {"event": "signed_up"}),
              ("mail", "send", {"channel": "email", "template": "hello-email", "on_capped": "skip"}),
              ("day", "wait", {"seconds": 86400}),
              ("text", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
              ("hook", "send", {"channel": "webhook", "template": "hello-hook", "on_capped": "skip"}),
              ("x", "exit", {}),
              settings={"reentry": "never",
                        "goal": {"event": "order_completed", "within_seconds": 86400, "exit": True}})


@pytest.fixture
def setup(db, api, templates, settings):
    settings.JOURNEYS_TEST_RECIPIENTS = "qa@example.com, +15550009999"
    Contact.objects.create(user_id="ada", email="ada@real.example", phone="+15551112222",
                           traits={"email": "ada@real.example"})
    journey = api.post("/api/v1/journeys/", {"name": "Draft", "draft": GRAPH}, format="json").json()
    return journey["id"]


def test_a_test_send_runs_the_draft_with_short_waits_to_test_addresses_only(runner, api, setup):
    journey_id = setup
    FrequencyCapRule.objects.create(channel="all", limit=1, window_seconds=86400)  # a test send is not capped
    response = runner.call(api.post, f"/api/v1/journeys/{journey_id}/test", {"userId": "ada"}, format="json")
    assert response.status_code == 201, response.content
    run = response.json()
    enrollment = Enrollment.objects.get(pk=run["enrollment"])
    assert enrollment.is_test and enrollment.state == "waiting"
    assert enrollment.wake_at == runner.clock.now + timedelta(seconds=1)  # a day's wait, cut to a second
    runner.wait(seconds=1)
    status = api.get(run["status_url"]).json()
    assert status["state"] == "completed"
    assert [step[0] for step in status["path"]] == ["t", "mail", "day", "text", "hook", "x"]
    by_node = {m["node"]: m for m in status["messages"]}
    assert by_node["mail"]["address"] == "qa@example.com" and by_node["text"]["address"] == "+15550009999"
    assert by_node["hook"]["status"] == "suppressed" and "no test address" in by_node["hook"]["reason"]
    # nothing went to a real address
    sent_to = {m.address for m in Message.objects.all()} | {str(d.request) for d in SandboxDelivery.objects.all()}
    assert not any("ada@real.example" in a or "+15551112222" in a for a in sent_to)
    assert SandboxDelivery.objects.count() == 2
    # marked test in the delivery log
    rows = api.get("/api/v1/messages").json()["results"]
    assert rows and all(row["test"] is True for row in rows)


def test_a_test_send_leaves_stats_conversions_caps_and_reentry_alone(runner, api, setup):
    journey_id = setup
    runner.call(api.post, f"/api/v1/journeys/{journey_id}/test", {"userId": "ada"}, format="json")
    runner.track("ada", "order_completed")  # the goal event: a test run never converts
    runner.wait(seconds=1)
    version = JourneyVersion.objects.get(journey_id=journey_id)
    assert NodeTally.objects.filter(version=version).count() == 0
    assert all(c == {"entered": 0, "waiting": 0, "exited": 0, "sent": 0} for c in journey_node_counts(version).values())
    assert set(enrollment_state_counts(version.journey).values()) == {0}
    assert Conversion.objects.count() == 0
    FrequencyCapRule.objects.create(channel="all", limit=1, window_seconds=86400)
    contact = Contact.objects.get(user_id="ada")
    verdict = check_sends([SendRequest(contact=contact, channel="email", template="hello-email", journey_id=None)],
                          runner.clock.now)[0]
    assert verdict.status == "queued"  # the test messages count against no cap


def test_a_to_outside_the_test_recipients_is_refused_and_nothing_runs(runner, api, setup):
    response = runner.call(api.post, f"/api/v1/journeys/{setup}/test", {"userId": "ada", "to": "ada@real.example"},
                           format="json")
    assert response.status_code == 400 and response.json()["field"] == "to"
    assert Enrollment.objects.count() == 0 and Message.objects.count() == 0


def test_a_to_on_the_list_is_the_only_address_used(runner, api, setup):
    response = runner.call(api.post, f"/api/v1/journeys/{setup}/test", {"userId": "ada", "to": "+15550009999"},
                           format="json")
    runner.wait(seconds=1)
    messages = {m.node: m for m in Message.objects.all()}
    assert response.status_code == 201
    assert messages["mail"].status == "suppressed"  # an SMS number cannot take email
    assert messages["text"].address == "+15550009999"


def test_an_unknown_user_is_a_400_naming_userId(api, setup):
    response = api.post(f"/api/v1/journeys/{setup}/test", {"userId": "nobody"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "userId"
