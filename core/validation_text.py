"""The edge's range and depth messages (core/validation.py), in the request's language."""
from __future__ import annotations

from django.utils.translation import gettext


def between(low, high) -> str:
    """Numbers grouped (9,223,372,036,854,775,807); dates as given."""
    shown = [f"{bound:,}" if isinstance(bound, (int, float)) else bound for bound in (low, high)]
    return gettext("must be between %(low)s and %(high)s") % {"low": shown[0], "high": shown[1]}


def too_deep(levels: int) -> str:
    return gettext("is nested deeper than %(levels)s levels") % {"levels": levels}
