"""Notifications of a raised or escalated alert (design section 11): a webhook gets the alert as JSON, a
企业微信 group robot a markdown message, email goes through the email channel's provider; each outcome is
kept on the alert, a failing receiver never stops the evaluation, and a robot's key is never stored."""
from __future__ import annotations

from datetime import timedelta

import pytest

from channels_app.providers.base import Provider, SendResult
from channels_app.providers.registry import override_provider
from core import clock
from health.models import Alert
from health.services.alert_evaluation import evaluate_due
from tests.integration.channels.conftest import FakeHTTPServer
from tests.integration.health.alert_helpers import T0, complain, rule, sent_messages, without_seed_rules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def controlled_clock(db):
    without_seed_rules()
    clock.set_time(T0)
    yield
    clock.set_time(None)


@pytest.fixture
def receivers():
    hook, robot = FakeHTTPServer().start(), FakeHTTPServer().start()
    robot.default.body = b'{"errcode": 0, "errmsg": "ok"}'
    yield hook, robot
    hook.stop()
    robot.stop()


class RecordingEmail(Provider):
    name = "recording-email"

    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)
        return SendResult(provider_id="e-1", status="sent")


def _spike(share: int):
    complain(sent_messages(100, T0 - timedelta(minutes=5))[:share], T0)


def test_the_webhook_and_the_wecom_robot_receive_the_right_payloads(receivers):
    hook, robot = receivers
    watched = rule(name="Complaint spike", notify=[f"webhook:{hook.url}/alerts",
                                                   f"wecom:{robot.url}/cgi-bin/webhook/send?key=SECRET-KEY"])
    _spike(6)
    evaluate_due(T0)
    alert = Alert.objects.get(rule=watched)

    [posted] = hook.requests
    assert (posted.method, posted.path) == ("POST", "/alerts")
    assert posted.json == {
        "alert": alert.pk, "event": "raised", "rule": watched.pk, "name": "Complaint spike",
        "metric": "complaint_rate", "scope": "workspace", "comparison": "above", "level": "red", "value": 0.06,
        "threshold": 0.05, "started_at": T0.isoformat(), "url": "/alerts/"}

    [message] = robot.requests
    assert message.path == "/cgi-bin/webhook/send" and message.query == {"key": ["SECRET-KEY"]}
    payload = message.json
    assert set(payload) == {"msgtype", "markdown"} and payload["msgtype"] == "markdown"
    content = payload["markdown"]["content"]
    assert '<font color="warning">红色 red</font>' in content
    assert f"alert #{alert.pk} raised" in content and "**Complaint spike**" in content
    assert "> metric: complaint_rate" in content and "0.06" in content and "(red, above): 0.05" in content

    assert [(a["notify"], a["ok"]) for a in alert.actions] == [
        (f"webhook:{hook.url}/alerts", True), (f"wecom:{robot.url}/cgi-bin/webhook/send?key=…", True)]
    assert "SECRET-KEY" not in str(alert.actions)


def test_escalation_notifies_again_and_a_level_that_holds_does_not(receivers):
    hook, _ = receivers
    watched = rule(notify=[f"webhook:{hook.url}/alerts"])
    messages = sent_messages(100, T0 - timedelta(minutes=5))
    complain(messages[:2], T0)
    evaluate_due(T0)
    evaluate_due(T0 + timedelta(minutes=1))  # still yellow: nothing new to say
    complain(messages[2:4], T0)
    evaluate_due(T0 + timedelta(minutes=2))
    assert [(r.json["event"], r.json["level"]) for r in hook.requests] == [("raised", "yellow"),
                                                                               ("escalated", "orange")]
    assert Alert.objects.get(rule=watched).level == "orange"


def test_failing_receivers_are_recorded_and_never_stop_the_evaluation(receivers):
    hook, robot = receivers
    hook.respond(status=500)
    robot.respond(json_body={"errcode": 93000, "errmsg": "invalid webhook url"})
    first = rule(name="First", notify=[f"webhook:{hook.url}/x", f"wecom:{robot.url}/send?key=k",
                                       "webhook:http://127.0.0.1:9/closed"])
    second = rule(name="Second")
    _spike(6)
    assert evaluate_due(T0) == 2
    outcomes = Alert.objects.get(rule=first).actions
    assert [a["ok"] for a in outcomes] == [False, False, False]
    assert outcomes[0]["detail"] == "HTTP 500" and outcomes[1]["detail"].startswith("errcode 93000")
    assert "ConnectionError" in outcomes[2]["detail"]
    assert Alert.objects.get(rule=second).level == "red"


def test_email_goes_through_the_email_channels_provider():
    provider = RecordingEmail()
    override_provider("email", provider)
    try:
        watched = rule(name="Complaint spike", notify=["email:oncall@example.com"])
        _spike(2)
        evaluate_due(T0)
    finally:
        override_provider("email", None)
    [email] = provider.sent
    assert email.to == "oncall@example.com" and email.channel == "email"
    assert email.content["subject"].startswith("YELLOW alert #") and "complaint_rate 0.02" in email.content["text"]
    assert Alert.objects.get(rule=watched).actions == [{"notify": "email:oncall@example.com", "ok": True,
                                                        "detail": ""}]


def test_without_an_email_provider_the_alert_says_it_was_not_sent():
    watched = rule(notify=["email:oncall@example.com"])
    _spike(2)
    evaluate_due(T0)
    [outcome] = Alert.objects.get(rule=watched).actions
    assert outcome["ok"] is False and "sandbox" in outcome["detail"]


def test_inapp_publishes_the_open_count_and_the_notice_to_the_badge(monkeypatch):
    published = []
    monkeypatch.setattr("health.services.alert_notify.publish_on_commit",
                        lambda group, message: published.append((group, message)))
    rule(name="Complaint spike", notify=["inapp"])
    _spike(2)
    evaluate_due(T0)
    assert [group for group, _ in published] == ["alerts"]
    assert published[-1][1]["type"] == "alerts.changed" and published[-1][1]["open"] == 1
    assert published[-1][1]["notice"].startswith("YELLOW alert #")
