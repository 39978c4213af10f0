"""`/alerts/`: rules and their editor (approvers and admins), fired alerts with history and Acknowledge
(marketers, approvers, admins), read-only for viewers, empty states, and the header's open-alert badge."""
from __future__ import annotations

import pytest
from django.test import Client

from health.models import Alert, AlertLevelChange, AlertRule
from tests.factories import UserFactory, with_roles
from tests.integration.health.alert_helpers import T0, rule, without_seed_rules

pytestmark = pytest.mark.django_db


def _client(role: str) -> Client:
    client = Client()
    client.force_login(with_roles(UserFactory(username=f"page-{role}"), role))
    return client


def _open_alert() -> Alert:
    alert = Alert.objects.create(rule=rule(name="Complaint spike"), level="orange", value=0.04, threshold=0.03,
                                 started_at=T0)
    AlertLevelChange.objects.create(alert=alert, level="yellow", value=0.02, at=T0)
    AlertLevelChange.objects.create(alert=alert, level="orange", value=0.04, at=T0)
    return alert


def test_empty_states_and_the_badge_at_zero():
    without_seed_rules()
    html = _client("viewer").get("/alerts/").content.decode()
    assert 'data-testid="alerts-empty"' in html and 'data-testid="rules-empty"' in html
    assert 'data-testid="alert-count">0<' in html and "js/alert_badge.js" in html
    assert 'data-testid="read-only"' in html and 'data-testid="rule-editor"' not in html


def test_an_admin_creates_and_edits_a_rule_through_the_editor():
    without_seed_rules()
    admin = _client("admin")
    form = {"action": "save", "name": "Bounces", "metric": "bounce_rate", "comparison": "above",
            "scope_kind": "channel", "scope_value": "email", "threshold_yellow": "0.02", "threshold_orange": "",
            "threshold_red": "0.1", "window_minutes": "30", "on_red": "pause_channel",
            "notify": "inapp\r\nwebhook:https://hooks.example.com/a", "enabled": "on"}
    assert admin.post("/alerts/", form).status_code == 302
    saved = AlertRule.objects.get()
    assert (saved.scope, saved.thresholds, saved.notify) == (
        {"channel": "email"}, {"yellow": 0.02, "orange": None, "red": 0.1},
        ["inapp", "webhook:https://hooks.example.com/a"])
    page = admin.get(f"/alerts/?edit={saved.pk}").content.decode()
    assert "Edit “Bounces”" in page and 'value="0.1"' in page
    admin.post("/alerts/", {**form, "rule_id": str(saved.pk), "threshold_red": "0.01"}, follow=True)
    saved.refresh_from_db()
    assert saved.thresholds["red"] == 0.1  # refused: red under yellow, and the page says why
    answer = admin.post("/alerts/", {**form, "rule_id": str(saved.pk), "threshold_red": "0.01"}, follow=True)
    assert "thresholds: with above, the thresholds must go" in answer.content.decode()


def test_fired_alerts_show_their_history_and_a_marketer_acknowledges():
    without_seed_rules()
    alert = _open_alert()
    marketer = _client("marketer")
    html = marketer.get("/alerts/").content.decode()
    assert f'data-alert-id="{alert.pk}"' in html and 'data-testid="ack"' in html
    assert 'data-testid="alert-count">1<' in html and "has-open" in html
    assert 'data-testid="rule-editor"' not in html  # rules are approvers' and admins'
    assert marketer.post("/alerts/", {"action": "save", "name": "x"}).status_code == 403
    marketer.post("/alerts/", {"action": "ack", "alert_id": str(alert.pk)})
    alert.refresh_from_db()
    assert alert.acknowledged_by.username == "page-marketer"


def test_viewers_read_alerts_but_cannot_acknowledge():
    without_seed_rules()
    alert = _open_alert()
    viewer = _client("viewer")
    html = viewer.get("/alerts/").content.decode()
    assert f'data-alert-id="{alert.pk}"' in html and 'data-testid="ack"' not in html
    assert viewer.post("/alerts/", {"action": "ack", "alert_id": str(alert.pk)}).status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_by is None


def test_the_badge_is_in_every_pages_header():
    without_seed_rules()
    _open_alert()
    assert 'data-testid="alert-count">1<' in _client("viewer").get("/journeys/").content.decode()
