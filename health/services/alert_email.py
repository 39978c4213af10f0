"""An alert's email in its reader's language: the stored choice of the workspace user with that address, else
the workspace's default language (the evaluation runs in the scheduler, outside any request)."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy

from health import labels
from health.models import Alert
from workspace.services.preferences import user_languages

EVENTS = {"raised": pgettext_lazy("alert event", "raised"), "escalated": pgettext_lazy("alert event", "escalated")}
# English subjects shout the level (YELLOW alert #3 raised: …); Chinese ones name its colour.
LEVELS = {"yellow": pgettext_lazy("alert email level", "YELLOW"),
          "orange": pgettext_lazy("alert email level", "ORANGE"),
          "red": pgettext_lazy("alert email level", "RED")}


def email_language(address: str) -> str:
    users = get_user_model().objects.filter(email__iexact=address, is_active=True).values_list("pk", flat=True)
    chosen = user_languages(users[:5])
    return next(iter(chosen.values()), settings.LANGUAGE_CODE)


def alert_email(alert: Alert, event: str, address: str) -> dict:
    rule = alert.rule
    with translation.override(email_language(address)):
        reading = gettext("%(metric)s %(value)s (%(comparison)s %(threshold)s, %(scope)s)") % {
            "metric": labels.label(labels.METRIC_LABELS, rule.metric), "value": f"{alert.value:g}",
            "comparison": labels.label(labels.COMPARISON_LABELS, rule.comparison),
            "threshold": f"{alert.threshold:g}", "scope": labels.scope_label(rule.scope)}
        subject = gettext("%(level)s alert #%(id)s %(event)s: %(rule)s — %(reading)s") % {
            "level": labels.label(LEVELS, alert.level), "id": alert.pk, "event": labels.label(EVENTS, event),
            "rule": rule.name, "reading": reading}
        text = subject + "\n\n" + gettext("See /alerts/.")
    return {"subject": subject[:200], "text": text, "html": ""}
