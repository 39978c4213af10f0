"""A provider's circuit breaker opened: staff hear of it (a logged warning, a stored notice, a live one).

Stands in for the alerts of design §11 until they land. A stored notice hangs on a journey
(Notification's foreign key), so it goes under the journey whose send tripped the breaker; a test
send outside any journey gets the log line and the live notice only.
"""
from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db.models import Q

from core import roles
from core.live import publish_on_commit
from journeys.live_groups import APPROVAL_NOTICE, user_group
from journeys.models import Journey, JourneyVersion, Notification

log = logging.getLogger("journeys.alerts")

CIRCUIT_OPEN = "circuit_open"


def _staff():
    users = get_user_model().objects.filter(Q(groups__name=roles.ADMIN) | Q(is_superuser=True), is_active=True)
    return list(users.distinct().values_list("pk", flat=True))


def notify_circuit_open(provider: str, reason: str, journey_id: int | None = None) -> int:
    """Tell every admin that `provider`'s sends are held back; how many stored notices were made."""
    text = f"{provider} circuit open: {reason}. Its sends are deferred until a probe succeeds."
    log.warning("provider %s: %s", provider, text)
    staff = _staff()
    journey = Journey.objects.filter(pk=journey_id).first() if journey_id else None
    made = 0
    if journey is not None:
        number = (JourneyVersion.objects.filter(journey=journey).order_by("-number")
                  .values_list("number", flat=True).first() or 0)
        made = len(Notification.objects.bulk_create([
            Notification(user_id=uid, journey=journey, version_number=number, kind=CIRCUIT_OPEN, text=text[:500])
            for uid in staff]))
    notice = {"kind": CIRCUIT_OPEN, "provider": provider, "text": text, "url": "/settings/channels",
              "journey": journey.pk if journey else None, "name": journey.name if journey else ""}
    for uid in staff:
        publish_on_commit(user_group(uid), {"type": APPROVAL_NOTICE, "notice": notice})
    return made
