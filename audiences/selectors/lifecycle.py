"""Reads of the lifecycle stages: contacts per stage and the moves of the last 30 days. No writes."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.db.models.fields.json import KT

from audiences.models import ComputedValue
from audiences.services.lifecycle import CHANGED_EVENT, KEY
from audiences.services.lifecycle_rules import STAGES
from core import clock
from journeys.interface import Event

MOVES_DAYS = 30


def summary() -> dict:
    """{"stages": {stage: contacts}, "moves": [{"from", "to", "contacts"}], "since"} (moves of the last 30 days)."""
    counts = dict(ComputedValue.objects.filter(key=KEY).values_list("value").annotate(n=Count("id")).order_by())
    since = clock.now() - timedelta(days=MOVES_DAYS)
    moves = (Event.objects.filter(name=CHANGED_EVENT, timestamp__gte=since)
             .annotate(source=KT("properties__from"), target=KT("properties__to"))
             .values("source", "target").annotate(n=Count("id")).order_by("-n", "source", "target"))
    return {
        "stages": {stage: counts.get(stage, 0) for stage in STAGES},
        "moves": [{"from": m["source"], "to": m["target"], "contacts": m["n"]} for m in moves],
        "since": since,
    }
