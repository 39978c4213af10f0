"""Building blocks of the alert tests: sent messages with complaints at a given time, rules, the clock."""
from __future__ import annotations

from datetime import datetime, timezone

from channels_app.models import DeliveryEvent, Message
from health.models import AlertRule
from tests.factories import ContactFactory

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def sent_messages(count: int, at: datetime, *, channel: str = "email", journey=None, status: str = "delivered"):
    contact = ContactFactory()
    return Message.objects.bulk_create([
        Message(contact=contact, channel=channel, template=f"alert-{channel}", address=f"a{i}@example.com",
                status=status, journey=journey, created_at=at) for i in range(count)])


def complain(messages, at: datetime) -> None:
    DeliveryEvent.objects.bulk_create([DeliveryEvent(message=m, kind="spamreport", occurred_at=at) for m in messages])


def without_seed_rules() -> None:
    """The data migration's default rules would fire on a test's data too (no active contacts: active share 0)."""
    AlertRule.objects.all().delete()


def rule(**fields) -> AlertRule:
    values = {"name": "Complaints", "metric": "complaint_rate", "scope": "workspace", "comparison": "above",
              "thresholds": {"yellow": 0.01, "orange": 0.03, "red": 0.05}, "window_minutes": 60,
              "on_red": "notify", "notify": []}
    values.update(fields)
    return AlertRule.objects.create(**values)
