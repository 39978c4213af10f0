"""Telling people about an alert: the header badge and in-app notice (websocket, on commit), and after
commit email (the email channel's provider), a webhook (JSON POST) and a 企业微信 group robot (markdown).

Outbound calls run after the alert's transaction committed, each with a timeout; each outcome (ok or
the error) is appended to the alert's `actions`, and no failure reaches the evaluation.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import requests
from django.db import transaction

from channels_app.providers.base import OutboundMessage
from channels_app.providers.registry import provider_for
from core.isolation import INFRASTRUCTURE_ERRORS
from core.live import publish_on_commit
from health.models import Alert
from health.services.alert_email import alert_email
from journeys.live_groups import ALERTS_CHANGED, ALERTS_GROUP

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0
# 企业微信 markdown knows three colours: info (green), comment (grey), warning (orange-red).
WECOM_COLOURS = {"yellow": "comment", "orange": "warning", "red": "warning"}
LEVEL_WORDS = {"yellow": "黄色 yellow", "orange": "橙色 orange", "red": "红色 red"}
WECOM_MAX_BYTES = 4096


@dataclass(frozen=True)
class Notice:
    alert_id: int
    target: str  # "email:…", "webhook:…", "wecom:…"
    payload: dict


def open_count() -> int:
    return Alert.objects.filter(resolved_at__isnull=True).count()


def badge_changed(notice: str = "") -> None:
    """Every staff page's badge hears the new count once the transaction commits (core.live)."""
    publish_on_commit(ALERTS_GROUP, {"type": ALERTS_CHANGED, "open": open_count(), "notice": notice})


def scope_text(scope) -> str:
    if not isinstance(scope, dict):
        return "workspace"
    return ", ".join(f"{kind} {value}" for kind, value in scope.items())


def summary(alert: Alert, event: str) -> dict:
    rule = alert.rule
    return {"alert": alert.pk, "event": event, "rule": rule.pk, "name": rule.name, "metric": rule.metric,
            "scope": rule.scope, "comparison": rule.comparison, "level": alert.level, "value": alert.value,
            "threshold": alert.threshold, "started_at": alert.started_at.isoformat(), "url": "/alerts/"}


def headline(alert: Alert, event: str) -> str:
    rule = alert.rule
    return (f"{alert.level.upper()} alert #{alert.pk} {event}: {rule.name} — {rule.metric} {alert.value:g} "
            f"({rule.comparison} {alert.threshold:g}, {scope_text(rule.scope)})")


def wecom_markdown(alert: Alert, event: str) -> dict:
    rule, colour = alert.rule, WECOM_COLOURS[alert.level]
    content = "\n".join([
        f"## <font color=\"{colour}\">{LEVEL_WORDS[alert.level]}</font> alert #{alert.pk} {event}",
        f"**{rule.name}**",
        f"> metric: {rule.metric}",
        f"> value: <font color=\"{colour}\">{alert.value:g}</font>",
        f"> threshold ({alert.level}, {rule.comparison}): {alert.threshold:g}",
        f"> scope: {scope_text(rule.scope)}",
        f"> started: {alert.started_at:%Y-%m-%d %H:%M} UTC",
    ])
    while len(content.encode()) > WECOM_MAX_BYTES:  # the robot refuses longer content
        content = content[:-100]
    return {"msgtype": "markdown", "markdown": {"content": content}}


def notices(alert: Alert, event: str) -> list[Notice]:
    """For a raised or escalated alert: the badge (with the in-app notice) on commit, the rest to deliver later."""
    badge_changed(headline(alert, event) if "inapp" in alert.rule.notify else "")
    out = []
    for target in alert.rule.notify:
        kind = target.partition(":")[0]
        if target == "inapp":
            continue
        if kind == "wecom":
            out.append(Notice(alert.pk, target, wecom_markdown(alert, event)))
        elif kind == "email":
            out.append(Notice(alert.pk, target, alert_email(alert, event, target.partition(":")[2])))
        else:
            out.append(Notice(alert.pk, target, summary(alert, event)))
    return out


def shown_target(target: str) -> str:
    """A robot's URL carries its key (whoever has it can post to the group): never store it whole."""
    return re.sub(r"([?&](key|token|access_token)=)[^&]+", r"\1…", target)


def _send(notice: Notice) -> dict:
    kind, _, where = notice.target.partition(":")
    if kind == "email":
        provider = provider_for("email")
        if provider.sandbox:  # the sandbox records deliveries of messages; an alert email is no message
            return {"ok": False, "detail": "no email provider configured (sandbox): not sent"}
        result = provider.send(OutboundMessage(message_id=0, channel="email", to=where, content=notice.payload,
                                               idempotency_key=f"alert-{notice.alert_id}-{notice.payload['subject']}"))
        return {"ok": result.accepted, "detail": result.detail or result.error_code}
    response = requests.post(where, json=notice.payload, timeout=TIMEOUT_SECONDS)
    if response.status_code >= 300:
        return {"ok": False, "detail": f"HTTP {response.status_code}"}
    if kind == "wecom":  # the robot answers 200 with an errcode of its own
        body = response.json() if response.content else {}
        if body.get("errcode", 0) != 0:
            return {"ok": False, "detail": f"errcode {body.get('errcode')}: {body.get('errmsg', '')}"[:300]}
    return {"ok": True, "detail": f"HTTP {response.status_code}"}


def deliver(outbox: list[Notice]) -> None:
    """Outside any transaction of ours: send each notice, then record its outcome on its alert."""
    for notice in outbox:
        try:
            outcome = _send(notice)
        except Exception as exc:  # a receiver's failure is the alert's note, never the evaluation's end
            outcome = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"[:300]}
        outcome = {"notify": shown_target(notice.target), **outcome}
        try:
            with transaction.atomic():
                alert = Alert.objects.select_for_update().get(pk=notice.alert_id)
                alert.actions = [*alert.actions, outcome]
                alert.save(update_fields=["actions"])
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception:
            log.exception("could not record notification outcome %r", outcome)
