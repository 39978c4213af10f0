"""Every minute, each enabled rule once: read its metric, raise, escalate or resolve its open alert.

Exactly once per rule and minute however many schedulers run the job: the minute is claimed by
inserting (rule, minute) rows with ON CONFLICT DO NOTHING, and only the rows this call inserted are
evaluated. Each rule is evaluated in its own transaction; one that raises records its error on the rule
and its evaluation row, and the others go on. Notifications go out after each rule's transaction has
committed (alert_notify.py), so a slow or failing receiver never holds a lock nor undoes an alert.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import connection, transaction

from core.isolation import INFRASTRUCTURE_ERRORS, error_reason
from health import metrics
from health.models import Alert, AlertEvaluation, AlertLevelChange, AlertRule
from health.services import alert_actions, alert_notify
from health.services.alert_levels import change_pct, level_for, rank

log = logging.getLogger(__name__)
RESOLVED = "resolved"


def claim_minute(minute: datetime) -> list[int]:
    """Insert this minute's evaluation row for every enabled rule; the rule ids whose row this call inserted."""
    table, rules = AlertEvaluation._meta.db_table, AlertRule._meta.db_table
    at = connection.ops.adapt_datetimefield_value(minute)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (rule_id, minute, level, error) SELECT id, %s, '', '' FROM {rules} "
            f"WHERE enabled ON CONFLICT (rule_id, minute) DO NOTHING RETURNING rule_id", [at])
        return sorted(row[0] for row in cursor.fetchall())


def evaluate_due(now: datetime) -> int:
    """The scheduler's job (registered in health/apps.py): how many rules this call evaluated."""
    minute = now.replace(second=0, microsecond=0)
    claimed = claim_minute(minute)
    for rule in AlertRule.objects.filter(pk__in=claimed):
        try:
            with transaction.atomic():
                outbox = evaluate_rule(rule, minute, now)
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception as exc:
            log.exception("alert rule %s failed to evaluate", rule.pk)
            _record_failure(rule, minute, now, exc)
            continue
        alert_notify.deliver(outbox)  # after commit
    return len(claimed)


def _record_failure(rule: AlertRule, minute: datetime, now: datetime, exc: Exception) -> None:
    reason = error_reason(exc, 500)
    with transaction.atomic():
        AlertRule.objects.filter(pk=rule.pk).update(last_error=reason, last_evaluated_at=now)
        AlertEvaluation.objects.filter(rule=rule, minute=minute).update(error=reason)


def measure(rule: AlertRule, now: datetime) -> tuple[float | None, list[str]]:
    """The rule's value at `now` (for change_pct: percent change from the same window a day earlier);
    None when there is nothing to measure, which raises nothing and resolves an open alert."""
    start = now - timedelta(minutes=rule.window_minutes)
    reading = metrics.read(rule.metric, rule.scope, start, now)
    if reading.value is None:
        return None, [*reading.notes, "no data in the window"]
    if rule.comparison != "change_pct":
        return reading.value, reading.notes
    day = timedelta(days=1)
    before = metrics.read(rule.metric, rule.scope, start - day, now - day)
    change = change_pct(reading.value, before.value)
    if change is None:
        return None, [*reading.notes, "nothing a day earlier to compare with"]
    return change, reading.notes


def evaluate_rule(rule: AlertRule, minute: datetime, now: datetime) -> list[alert_notify.Notice]:
    """Inside the caller's transaction: the new state of the rule's alert, and the notices to send after commit."""
    value, notes = measure(rule, now)
    level, threshold = level_for(rule.comparison, rule.thresholds, value) if value is not None else (None, None)
    AlertEvaluation.objects.filter(rule=rule, minute=minute).update(value=value, level=level or "")
    AlertRule.objects.filter(pk=rule.pk).update(last_value=value, last_evaluated_at=now, last_error="",
                                                last_note="; ".join(notes)[:500])
    alert = Alert.objects.select_for_update().filter(rule=rule, resolved_at__isnull=True).first()
    if level is None:
        if alert is not None:
            _resolve(alert, value, now)
        return []
    if alert is None:
        alert = Alert.objects.create(rule=rule, level=level, value=value, threshold=threshold, started_at=now)
        event = "raised"
    elif rank(level) > rank(alert.level):
        alert.level, alert.threshold, event = level, threshold, "escalated"
    else:
        alert.value = value
        alert.save(update_fields=["value"])
        return []
    alert.value = value
    AlertLevelChange.objects.create(alert=alert, level=level, value=value, at=now)
    done = alert_actions.on_red(alert, now) if level == "red" else None
    if done:
        alert.actions = [*alert.actions, done]
    alert.save()
    return alert_notify.notices(alert, event)


def _resolve(alert: Alert, value: float | None, now: datetime) -> None:
    alert.resolved_at = now
    if value is not None:
        alert.value = value
    note = alert_actions.on_resolve(alert)
    if note:
        alert.actions = [*alert.actions, note]
    alert.save()
    AlertLevelChange.objects.create(alert=alert, level=RESOLVED, value=value, at=now)
    alert_notify.badge_changed()
