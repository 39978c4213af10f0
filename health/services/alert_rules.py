"""Alert rules: checked at the edge (each error names its field), written in one transaction."""
from __future__ import annotations

import math
import re

from django.db import transaction
from django.utils.translation import gettext

from channels_app.models import Channel
from core.addresses import normalise_email
from core.validation import MAX_ID, InputError, check_text
from health.metrics import METRICS, SCOPES
from health.models import LEVELS, AlertRule
from journeys.models import Journey

COMPARISONS = ("above", "below", "change_pct")
ON_RED = ("notify", "pause_journey", "pause_channel")
FIELDS = ("name", "metric", "scope", "comparison", "thresholds", "window_minutes", "on_red", "notify", "enabled")
MAX_WINDOW_MINUTES = 60 * 24 * 90
_SEGMENT_KEY = re.compile(r"[-a-zA-Z0-9_]{1,100}")
_URL = re.compile(r"^https?://[^\s/]+[^\s]*$", re.IGNORECASE)


def _scope(metric: str, scope) -> object:
    if scope in (None, "", "workspace"):
        return "workspace"
    if not isinstance(scope, dict) or len(scope) != 1:
        raise InputError("scope", gettext('"workspace", {"journey": id}, {"channel": name} or {"segment": key}'))
    (kind, value), = scope.items()
    if kind not in SCOPES.get(metric, ()):
        allowed = ", ".join(SCOPES.get(metric, ())) or "none"
        raise InputError("scope", gettext("%(metric)s takes the workspace or these scopes: %(allowed)s")
                         % {"metric": metric, "allowed": allowed})
    if kind == "journey" and not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID
                                  and Journey.objects.filter(pk=value).exists()):
        raise InputError("scope.journey", gettext("no journey %(id)s") % {"id": repr(value)})
    if kind == "channel" and value not in Channel.values:
        raise InputError("scope.channel", gettext("one of %(choices)s") % {"choices": ", ".join(Channel.values)})
    if kind == "segment" and not (isinstance(value, str) and _SEGMENT_KEY.fullmatch(value)):
        raise InputError("scope.segment", gettext("a segment key (letters, digits, - and _, at most 100)"))
    return {kind: value}


def _thresholds(comparison: str, thresholds) -> dict:
    if not isinstance(thresholds, dict) or set(thresholds) - set(LEVELS):
        raise InputError("thresholds", gettext('{"yellow": x, "orange": y, "red": z} (a level may be null)'))
    given = {}
    for level in LEVELS:
        value = thresholds.get(level)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or abs(value) > 1e12:
            raise InputError(f"thresholds.{level}", gettext("a number"))
        given[level] = float(value)
    if not given:
        raise InputError("thresholds", gettext("at least one level needs a threshold"))
    values = list(given.values())
    rising = all(a <= b for a, b in zip(values, values[1:]))
    falling = all(a >= b for a, b in zip(values, values[1:]))
    if comparison == "above" and not rising or comparison == "below" and not falling:
        order = "yellow ≤ orange ≤ red" if comparison == "above" else "yellow ≥ orange ≥ red"
        raise InputError("thresholds", gettext("with %(comparison)s, the thresholds must go %(order)s")
                         % {"comparison": comparison, "order": order})
    if comparison == "change_pct" and not (rising and min(values) >= 0 or falling and max(values) <= 0):
        raise InputError("thresholds", gettext("with change_pct, rising percentages ≥ 0 (up) or falling ≤ 0 (down)"))
    return {level: given.get(level) for level in LEVELS}


def _notify(targets) -> list[str]:
    if not isinstance(targets, list) or len(targets) > 20:
        raise InputError("notify", gettext("a list of at most 20 targets"))
    clean = []
    for i, target in enumerate(targets):
        field = f"notify[{i}]"
        if not isinstance(target, str):
            raise InputError(field, gettext("a text"))
        check_text(target, field)
        if target == "inapp":
            clean.append(target)
            continue
        kind, _, rest = target.partition(":")
        if kind == "email":
            clean.append(f"email:{normalise_email(rest, field)}")
        elif kind in ("webhook", "wecom"):
            if not _URL.match(rest) or len(rest) > 2000:
                raise InputError(field, gettext("%(kind)s: needs an http(s) URL") % {"kind": kind})
            clean.append(f"{kind}:{rest}")
        else:
            raise InputError(field, gettext('"inapp", "email:ADDRESS", "webhook:URL" or "wecom:URL"'))
    return clean


def clean_rule(data: dict, current: AlertRule | None = None) -> dict:
    """The whole rule after applying `data` to `current` (PATCH), checked; raises InputError naming the field."""
    merged = {f: getattr(current, f) for f in FIELDS} if current else {}
    merged.update({k: v for k, v in data.items() if k in FIELDS})
    for required in ("name", "metric", "comparison", "thresholds"):
        if merged.get(required) in (None, ""):
            raise InputError(required, gettext("this field is required"))
    if not isinstance(merged["name"], str) or len(merged["name"]) > 200:
        raise InputError("name", gettext("a text of at most 200 characters"))
    merged["name"] = check_text(merged["name"], "name").strip()
    if merged["metric"] not in METRICS:
        raise InputError("metric", gettext("one of %(choices)s") % {"choices": ", ".join(METRICS)})
    if merged["comparison"] not in COMPARISONS:
        raise InputError("comparison", gettext("one of %(choices)s") % {"choices": ", ".join(COMPARISONS)})
    merged["scope"] = _scope(merged["metric"], merged.get("scope"))
    merged["thresholds"] = _thresholds(merged["comparison"], merged["thresholds"])
    window = merged.get("window_minutes", 60)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= MAX_WINDOW_MINUTES:
        raise InputError("window_minutes",
                         gettext("a whole number of minutes, 1 to %(max)s") % {"max": MAX_WINDOW_MINUTES})
    on_red = merged.get("on_red") or "notify"
    if on_red not in ON_RED:
        raise InputError("on_red", gettext("one of %(choices)s") % {"choices": ", ".join(ON_RED)})
    scope = merged["scope"]
    if on_red == "pause_journey" and not (isinstance(scope, dict) and "journey" in scope):
        raise InputError("on_red", gettext("pause_journey needs a journey scope"))
    if on_red == "pause_channel" and not (isinstance(scope, dict) and "channel" in scope):
        raise InputError("on_red", gettext("pause_channel needs a channel scope"))
    merged.update(window_minutes=window, on_red=on_red, notify=_notify(merged.get("notify") or []))
    merged["enabled"] = bool(merged.get("enabled", True))
    return merged


def alert_rule_create(data: dict) -> AlertRule:
    with transaction.atomic():
        return AlertRule.objects.create(**clean_rule(data))


def alert_rule_update(rule: AlertRule, data: dict) -> AlertRule:
    with transaction.atomic():
        rule = AlertRule.objects.select_for_update().get(pk=rule.pk)
        for name, value in clean_rule(data, rule).items():
            setattr(rule, name, value)
        rule.save()
        return rule


def alert_rule_delete(rule: AlertRule) -> None:
    rule.delete()
