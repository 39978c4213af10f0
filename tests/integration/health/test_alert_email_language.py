"""An alert email speaks its reader's language (design §10): the stored choice of the workspace user with that
address, else the workspace's default (English)."""
from __future__ import annotations

import pytest

from health.models import Alert
from health.services.alert_email import alert_email
from tests.factories import UserFactory
from tests.integration.health.alert_helpers import T0, rule, without_seed_rules
from workspace.models import UserPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert() -> Alert:
    without_seed_rules()
    watched = rule(name="投诉激增", scope={"channel": "sms"})
    return Alert.objects.create(rule=watched, level="red", value=0.06, threshold=0.05, started_at=T0)


def test_a_user_who_chose_chinese_gets_the_alert_email_in_chinese(alert):
    UserPreference.objects.create(user=UserFactory(email="lin@example.com"), language="zh-hans")
    email = alert_email(alert, "escalated", "LIN@example.com")
    assert email["subject"] == (f"【红色告警】#{alert.pk} 已升级：投诉激增 — 投诉率 当前 0.06"
                                f"（高于 0.05，范围：渠道 sms）")
    assert email["text"].endswith("详情请查看 /alerts/ 告警页面。")


def test_an_unknown_address_gets_the_workspace_default_english(alert):
    email = alert_email(alert, "raised", "oncall@example.com")
    assert email["subject"] == f"RED alert #{alert.pk} raised: 投诉激增 — complaint_rate 0.06 (above 0.05, channel sms)"
    assert email["text"].endswith("\n\nSee /alerts/.")
