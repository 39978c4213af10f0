"""`/alerts/`: the alert rules (approvers and admins edit them), fired alerts with their history, and
the Acknowledge button (marketers, approvers, admins; viewers read)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from channels_app.models import Channel
from core.errors import ServiceError
from core.permissions import is_allowed, refusal, role_page
from health import selectors
from health.metrics import METRICS
from health.models import LEVELS
from health.services import alert_actions
from health.services.alert_rules import COMPARISONS, ON_RED, alert_rule_create, alert_rule_delete, alert_rule_update
from health.services.alert_notify import scope_text

RULE_ACTIONS = ("save", "delete")


def _number(text: str, field: str):
    text = text.strip()
    if not text:
        return None
    try:
        return float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:
        raise ServiceError(gettext("a number"), field=field) from None


def _scope(post) -> object:
    kind, value = post.get("scope_kind", "workspace"), post.get("scope_value", "").strip()
    if kind == "workspace":
        return "workspace"
    if kind == "journey":
        return {"journey": _number(value, "scope.journey")}
    return {kind: value}


def _posted_rule(post) -> dict:
    return {
        "name": post.get("name", ""), "metric": post.get("metric", ""), "scope": _scope(post),
        "comparison": post.get("comparison", ""),
        "thresholds": {level: _number(post.get(f"threshold_{level}", ""), f"thresholds.{level}") for level in LEVELS},
        "window_minutes": _number(post.get("window_minutes", "") or "60", "window_minutes"),
        "on_red": post.get("on_red", "notify"),
        "notify": [line.strip() for line in post.get("notify", "").splitlines() if line.strip()],
        "enabled": post.get("enabled") == "on",
    }


def _post(request: HttpRequest) -> None:
    action = request.POST.get("action", "")
    if action in RULE_ACTIONS and not is_allowed(request.user, "alert_rules", "POST"):
        raise PermissionDenied(refusal(request.user, "alert_rules", "POST"))
    if action == "save":
        rule_id = request.POST.get("rule_id", "").strip()
        data = _posted_rule(request.POST)
        rule = alert_rule_update(selectors.alert_rule_get(rule_id), data) if rule_id else alert_rule_create(data)
        messages.success(request, gettext("Rule “%(name)s” saved; it is evaluated every minute.") % {"name": rule.name})
    elif action == "delete":
        rule = selectors.alert_rule_get(request.POST.get("rule_id", ""))
        alert_rule_delete(rule)
        messages.success(request, gettext("Rule “%(name)s” deleted.") % {"name": rule.name})
    elif action in ("ack", "resume"):
        alert = selectors.alert_get(request.POST.get("alert_id", ""))
        if action == "ack":
            alert_actions.alert_acknowledge(alert, request.user)
            messages.success(request, gettext("Alert #%(id)s acknowledged.") % {"id": alert.pk})
        else:
            alert_actions.alert_resume_channel(alert, request.user)
            messages.success(request, gettext("Alert #%(id)s: its channel sends again.") % {"id": alert.pk})
    else:
        raise ServiceError(gettext("unknown action"), field="action")


@role_page("alerts")
@require_http_methods(["GET", "POST"])
def alerts_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            _post(request)
        except ServiceError as exc:
            messages.error(request, f"{exc.field + ': ' if exc.field else ''}{exc.message}")
        return redirect("alerts")
    rules = list(selectors.alert_rule_list())
    editing = next((r for r in rules if str(r.pk) == request.GET.get("edit")), None)
    alerts = list(selectors.alert_list()[:100])
    for alert in alerts:
        alert.scope_text = scope_text(alert.rule.scope)
    for rule in rules:
        rule.scope_text = scope_text(rule.scope)
    return render(request, "health/alerts.html", {
        "rules": rules, "editing": editing, "open_alerts": [a for a in alerts if a.resolved_at is None],
        "past_alerts": [a for a in alerts if a.resolved_at is not None],
        "paused": selectors.paused_channels(),
        "may_edit_rules": is_allowed(request.user, "alert_rules", "POST"),
        "may_ack": is_allowed(request.user, "alerts", "POST"),
        "metrics": METRICS, "comparisons": COMPARISONS, "on_red_choices": ON_RED, "levels": LEVELS,
        "channels": Channel.values,
        "scope_kind": next(iter(editing.scope), "workspace") if editing and isinstance(editing.scope, dict)
        else "workspace",
        "scope_value": next(iter(editing.scope.values()), "") if editing and isinstance(editing.scope, dict) else "",
    })
