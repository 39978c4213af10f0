"""Frequency cap rules: writes. The policy (channels_app/policy.py) reads them at send time."""
from __future__ import annotations

from django.db import transaction

from channels_app.models import Channel, FrequencyCapRule
from core.errors import InvalidInput
from journeys.interface import Journey
from workspace.services.audit import Change, audit_record

CAP_CHANNELS = (*Channel.values, "all")
MAX_WINDOW_SECONDS = 366 * 86400  # a cap longer than a year is a typo, and a full table scan


def _checked(values: dict) -> dict:
    if values["channel"] not in CAP_CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(CAP_CHANNELS)}", field="channel")
    if not isinstance(values["limit"], int) or values["limit"] < 1:
        raise InvalidInput("limit must be a whole number of at least 1", field="limit")
    if not isinstance(values["window_seconds"], int) or not 1 <= values["window_seconds"] <= MAX_WINDOW_SECONDS:
        raise InvalidInput(f"window_seconds must be between 1 and {MAX_WINDOW_SECONDS}", field="window_seconds")
    journey = values.get("journey")
    if journey is not None and not Journey.objects.filter(pk=journey).exists():
        raise InvalidInput(f"no journey with id {journey}", field="journey")
    return values


def _snapshot(rule: FrequencyCapRule) -> dict:
    return {"id": rule.pk, "channel": rule.channel, "limit": rule.limit, "window_seconds": rule.window_seconds,
            "journey": rule.journey_id}


def frequency_cap_create(*, channel: str = "all", limit: int, window_seconds: int,
                         journey: int | None = None, actor=None) -> FrequencyCapRule:
    values = _checked({"channel": channel, "limit": limit, "window_seconds": window_seconds, "journey": journey})
    with transaction.atomic():
        rule = FrequencyCapRule.objects.create(channel=values["channel"], limit=values["limit"],
                                               window_seconds=values["window_seconds"], journey_id=values["journey"])
        audit_record(actor, Change("frequency_cap.created", "frequency_cap", rule.pk, after=_snapshot(rule)))
    return rule


def frequency_cap_update(rule: FrequencyCapRule, *, actor=None, **changes) -> FrequencyCapRule:
    values = {"channel": rule.channel, "limit": rule.limit, "window_seconds": rule.window_seconds,
              "journey": rule.journey_id}
    values.update({k: v for k, v in changes.items() if k in values})
    _checked(values)
    with transaction.atomic():
        before = _snapshot(rule)
        rule.channel, rule.limit, rule.window_seconds, rule.journey_id = (
            values["channel"], values["limit"], values["window_seconds"], values["journey"])
        rule.save()
        audit_record(actor, Change("frequency_cap.changed", "frequency_cap", rule.pk, before=before,
                                   after=_snapshot(rule)))
    return rule


def frequency_cap_delete(rule: FrequencyCapRule, *, actor=None) -> None:
    with transaction.atomic():
        before = _snapshot(rule)
        rule.delete()
        audit_record(actor, Change("frequency_cap.deleted", "frequency_cap", before["id"], before=before))
