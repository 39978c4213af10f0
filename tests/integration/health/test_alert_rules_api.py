"""/api/v1/alert-rules and /api/v1/alerts (design section 11): CRUD, 400s naming the field, the seed's
default rules, the fired alerts' fields, and acknowledging."""
from __future__ import annotations

import pytest

from health.models import Alert, AlertRule
from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for
from tests.integration.health.alert_helpers import T0, rule, without_seed_rules

pytestmark = pytest.mark.django_db

VALID = {"name": "Bounces", "metric": "bounce_rate", "scope": {"channel": "email"}, "comparison": "above",
         "thresholds": {"yellow": 0.02, "orange": 0.05, "red": 0.1}, "window_minutes": 30, "on_red": "pause_channel",
         "notify": ["inapp", "email:OnCall@Example.com", "webhook:https://hooks.example.com/a",
                    "wecom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"]}


def test_the_seeds_three_default_rules_ship_and_can_be_edited(approver_api):
    listed = approver_api.get("/api/v1/alert-rules").json()["results"]
    by_metric = {r["metric"]: r for r in listed}
    assert set(by_metric) == {"complaint_rate", "active_share", "churn_rate"}
    assert by_metric["complaint_rate"]["comparison"] == "change_pct"
    assert by_metric["complaint_rate"]["thresholds"] == {"yellow": 30.0, "orange": None, "red": None}
    assert by_metric["active_share"]["thresholds"]["orange"] == 0.4
    assert by_metric["churn_rate"]["scope"] == {"segment": "core_users"}
    assert by_metric["churn_rate"]["thresholds"]["red"] == 0.05
    rule_id = by_metric["churn_rate"]["id"]
    answer = approver_api.patch(f"/api/v1/alert-rules/{rule_id}", {"thresholds": {"red": 0.08}}, format="json")
    assert answer.status_code == 200 and answer.json()["thresholds"]["red"] == 0.08


def test_create_read_update_delete(admin_api):
    without_seed_rules()
    created = admin_api.post("/api/v1/alert-rules", VALID, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["notify"][1] == "email:oncall@example.com"  # normalised like every address
    assert {k: body[k] for k in ("metric", "scope", "comparison", "window_minutes", "on_red")} == {
        "metric": "bounce_rate", "scope": {"channel": "email"}, "comparison": "above", "window_minutes": 30,
        "on_red": "pause_channel"}
    url = f"/api/v1/alert-rules/{body['id']}"
    assert admin_api.get(url).json()["name"] == "Bounces"
    patched = admin_api.patch(url, {"name": "Email bounces", "window_minutes": 15}, format="json").json()
    assert (patched["name"], patched["window_minutes"], patched["thresholds"]["red"]) == ("Email bounces", 15, 0.1)
    assert admin_api.delete(url).status_code == 204
    assert admin_api.get(url).status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"metric": "bounciness"}, "metric"),
    ({"thresholds": {"yellow": 0.1, "orange": 0.05, "red": 0.2}}, "thresholds"),
    ({"comparison": "below"}, "thresholds"),  # rising thresholds with "below"
    ({"thresholds": {}}, "thresholds"),
    ({"scope": {"segment": "core"}}, "scope"),  # bounce rate knows no segment
    ({"scope": {"channel": "fax"}}, "scope.channel"),
    ({"scope": {"journey": 999999}, "on_red": "pause_journey"}, "scope.journey"),
    ({"scope": "workspace"}, "on_red"),  # pause_channel needs a channel
    ({"notify": ["webhook:ftp://example.com/x"]}, "notify[0]"),
    ({"notify": ["inapp", "wecom:javascript:alert(1)"]}, "notify[1]"),
    ({"notify": ["email:not-an-address"]}, "notify[0]"),
    ({"notify": ["sms:+15550001111"]}, "notify[0]"),
    ({"window_minutes": 0}, "window_minutes"),
    ({"name": "bad\x00name"}, "name"),
])
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(admin_api, change, field):
    without_seed_rules()
    answer = admin_api.post("/api/v1/alert-rules", {**VALID, **change}, format="json")
    assert answer.status_code == 400, answer.json()
    body = answer.json()
    assert body.get("field") == field or field in body, body
    assert not AlertRule.objects.exists()


def test_change_pct_takes_rising_percentages_or_falling_negative_ones(admin_api):
    base = {**VALID, "scope": "workspace", "on_red": "notify", "comparison": "change_pct"}
    assert admin_api.post("/api/v1/alert-rules", {**base, "thresholds": {"yellow": 30, "red": 100}},
                          format="json").status_code == 201
    assert admin_api.post("/api/v1/alert-rules", {**base, "thresholds": {"yellow": -20, "red": -50}},
                          format="json").status_code == 201
    mixed = admin_api.post("/api/v1/alert-rules", {**base, "thresholds": {"yellow": -20, "red": 50}}, format="json")
    assert mixed.status_code == 400 and mixed.json()["field"] == "thresholds"


def test_viewers_and_marketers_read_rules_but_only_approvers_and_admins_write(api):
    viewer = api_client_for(with_roles(UserFactory(username="v"), "viewer"))
    assert viewer.get("/api/v1/alert-rules").status_code == 200
    assert viewer.post("/api/v1/alert-rules", VALID, format="json").status_code == 403
    assert api.post("/api/v1/alert-rules", VALID, format="json").status_code == 403  # a marketer


def test_fired_alerts_carry_the_contract_fields_and_acknowledging_names_who(api, user):
    without_seed_rules()
    alert = Alert.objects.create(rule=rule(), level="orange", value=0.04, threshold=0.03, started_at=T0)
    listed = api.get("/api/v1/alerts").json()["results"]
    contract = {"id", "rule", "level", "value", "threshold", "started_at", "resolved_at", "acknowledged_by"}
    assert contract <= set(listed[0])
    assert (listed[0]["rule"], listed[0]["acknowledged_by"], listed[0]["resolved_at"]) == (alert.rule_id, None, None)
    acked = api.post(f"/api/v1/alerts/{alert.pk}/ack")
    assert acked.status_code == 200 and acked.json()["acknowledged_by"] == user.username
    assert [h["level"] for h in acked.json()["history"]] == ["acknowledged"]
    again = api.post(f"/api/v1/alerts/{alert.pk}/ack").json()  # idempotent: the first acknowledger stays
    assert again["acknowledged_at"] == acked.json()["acknowledged_at"]
    viewer = api_client_for(with_roles(UserFactory(username="v"), "viewer"))
    assert viewer.post(f"/api/v1/alerts/{alert.pk}/ack").status_code == 403


def test_resume_lifts_a_channel_pause_early_and_is_a_409_without_one(api):
    without_seed_rules()
    from health.models import ChannelPause

    alert = Alert.objects.create(rule=rule(), level="red", value=0.1, threshold=0.05, started_at=T0)
    assert api.post(f"/api/v1/alerts/{alert.pk}/resume").status_code == 409
    ChannelPause.objects.create(channel="email", reason="by alert", alert=alert, paused_at=T0)
    assert api.post(f"/api/v1/alerts/{alert.pk}/resume").status_code == 200
    assert not ChannelPause.objects.exists()
