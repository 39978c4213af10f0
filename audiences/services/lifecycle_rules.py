"""Which lifecycle stage a contact is in (design section 9), as a pure function of a few timestamps.

Times are epoch seconds; "within N days" means fewer than N whole days ago. A contact that never
did an active event is measured from when it was first seen: it goes silent, then churned, as if
its first appearance had been its last activity.
"""
from __future__ import annotations

from dataclasses import dataclass

STAGES = ("new", "active", "silent", "churned", "reactivated")
DAY = 86400


@dataclass(frozen=True)
class Lines:
    new_days: int
    active_days: int
    churn_days: int


def whole_days(now: float, then: float) -> int:
    return max(0, int((now - then) // DAY))


def stage_of(now: float, first_seen: float | None, last_active: float | None, previous: str | None,
             previous_since: float | None, lines: Lines) -> str:
    if first_seen is not None and whole_days(now, first_seen) < lines.new_days:
        return "new"  # new wins over active
    if last_active is not None and whole_days(now, last_active) < lines.active_days:
        if previous == "churned":
            return "reactivated"
        if previous == "reactivated" and previous_since is not None \
                and whole_days(now, previous_since) < lines.active_days:
            return "reactivated"
        return "active"
    reference = last_active if last_active is not None else first_seen
    if reference is not None and whole_days(now, reference) < lines.churn_days:
        return "silent"
    return "churned"
