"""Reads for the `/settings/suppressions` and `/settings/frequency-caps` pages (channels_app/settings_pages.py)."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from channels_app import selectors
from channels_app.models import FrequencyCapRule, Suppression
from channels_app.services.suppressions import SUPPRESSION_CHANNELS, normalize_address
from journeys.interface import Journey

REASON_CHOICES = 30  # the filter offers the most common reasons; free-text bounce reasons would be endless
JOURNEY_CHOICES = 500


def suppression_search(*, q: str = "", channel: str = "", reason: str = "") -> QuerySet[Suppression]:
    """`q`: part of an address (as typed, or in its matching form) or of a userId. An unknown channel finds none."""
    rows = selectors.suppression_list(channel=channel if channel in SUPPRESSION_CHANNELS else "")
    if channel and channel not in SUPPRESSION_CHANNELS:
        return rows.none()
    if q:
        matching = Q(address__icontains=q) | Q(contact__user_id__icontains=q)
        normal = normalize_address(q)
        if normal and normal != q:
            matching |= Q(address__icontains=normal)
        rows = rows.filter(matching)
    if reason:
        rows = rows.filter(reason=reason)
    return rows.order_by("-id")


def suppression_reasons() -> list[str]:
    """The most common reasons, most common first."""
    counted = (Suppression.objects.values("reason").exclude(reason="").annotate(n=Count("id"))
               .order_by("-n", "reason")[:REASON_CHOICES])
    return [row["reason"] for row in counted]


def cap_rules() -> QuerySet[FrequencyCapRule]:
    return FrequencyCapRule.objects.select_related("journey").order_by("id")


def journey_choices() -> list[tuple[int, str]]:
    return list(Journey.objects.order_by("name", "id").values_list("id", "name")[:JOURNEY_CHOICES])
