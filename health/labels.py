"""Alert codes as the reader's language names them (pages, emails). The stored values stay the API's English
codes; English shows the codes themselves (hence the codes as message ids, each in its own context)."""
from django.utils.translation import pgettext_lazy

from core.labels import label

METRIC_LABELS = {
    "bounce_rate": pgettext_lazy("alert metric", "bounce_rate"),
    "complaint_rate": pgettext_lazy("alert metric", "complaint_rate"),
    "unsubscribe_rate": pgettext_lazy("alert metric", "unsubscribe_rate"),
    "delivery_failure_rate": pgettext_lazy("alert metric", "delivery_failure_rate"),
    "conversion_rate": pgettext_lazy("alert metric", "conversion_rate"),
    "send_volume": pgettext_lazy("alert metric", "send_volume"),
    "active_share": pgettext_lazy("alert metric", "active_share"),
    "churn_rate": pgettext_lazy("alert metric", "churn_rate"),
    "stickiness": pgettext_lazy("alert metric", "stickiness"),
    "queue_lag_seconds": pgettext_lazy("alert metric", "queue_lag_seconds"),
}
LEVEL_LABELS = {
    "yellow": pgettext_lazy("alert level", "yellow"),
    "orange": pgettext_lazy("alert level", "orange"),
    "red": pgettext_lazy("alert level", "red"),
}
COMPARISON_LABELS = {
    "above": pgettext_lazy("alert comparison", "above"),
    "below": pgettext_lazy("alert comparison", "below"),
    "change_pct": pgettext_lazy("alert comparison", "change_pct"),
}
ON_RED_LABELS = {
    "notify": pgettext_lazy("alert on red", "notify"),
    "pause_journey": pgettext_lazy("alert on red", "pause_journey"),
    "pause_channel": pgettext_lazy("alert on red", "pause_channel"),
}
SCOPE_KINDS = {
    "journey": pgettext_lazy("alert scope", "journey"),
    "channel": pgettext_lazy("alert scope", "channel"),
    "segment": pgettext_lazy("alert scope", "segment"),
}

# The three rules health/migrations/0001_alerts.py seeds, in the reader's language while a rule still bears the
# seeded English name (the stored data stays as it is; a renamed rule shows its own name).
SEEDED_RULE_NAMES = {
    "Complaint rate up 30 % day on day": pgettext_lazy("alert rule", "Complaint rate up 30 % day on day"),
    "Active share below 40 %": pgettext_lazy("alert rule", "Active share below 40 %"),
    "Churn of the core users above 5 %": pgettext_lazy("alert rule", "Churn of the core users above 5 %"),
}


NOTIFY_KINDS = {
    "inapp": pgettext_lazy("alert notify", "in-app"),
    "email": pgettext_lazy("alert notify", "email"),
    "webhook": pgettext_lazy("alert notify", "webhook"),
    "wecom": pgettext_lazy("alert notify", "WeCom robot"),
}


def notify_label(targets) -> str:
    """`["inapp", "email:ops@example.com"]` as the reader names it ("站内信, 邮件 ops@example.com")."""
    named = []
    for target in targets or []:
        kind, _, address = str(target).partition(":")
        named.append(f"{label(NOTIFY_KINDS, kind)} {address}".strip())
    return ", ".join(named)


def scope_label(scope) -> str:
    """`"workspace"` or `{"journey": 5}` as the reader names it ("journey 5", "旅程 5")."""
    if not isinstance(scope, dict):
        return str(pgettext_lazy("alert scope", "workspace"))
    return ", ".join(f"{label(SCOPE_KINDS, kind)} {value}" for kind, value in scope.items())
