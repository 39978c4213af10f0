"""The global control group (design section 11): a stable share of contacts held out of every
non-transactional send, so that what the messages earn can be measured against contacts who got none.

The bucket is a multiplicative hash of the contact id (Knuth's 2654435761 modulo 2**32, then 0–9999),
written so the database computes the same bucket (`bucket_sql`) when lift is measured over all contacts.
"""
from __future__ import annotations

from django.conf import settings

GLOBAL_CONTROL = "global control"  # the suppressed message's reason
_MULTIPLIER, _MODULUS, _BUCKETS = 2654435761, 2**32, 10_000


def percent() -> float:
    value = float(getattr(settings, "JOURNEYS_GLOBAL_CONTROL_PERCENT", 0) or 0)
    return min(max(value, 0.0), 100.0)


def bucket(contact_id: int) -> int:
    return (contact_id * _MULTIPLIER) % _MODULUS % _BUCKETS


def held_out(contact_id: int, share: float | None = None) -> bool:
    share = percent() if share is None else share
    return share > 0 and bucket(contact_id) < share * _BUCKETS / 100


def bucket_sql(column: str) -> str:
    """The same bucket in SQL (64-bit integers on PostgreSQL and SQLite alike), for a query run with
    parameters (hence %% for the modulo operator)."""
    return f"((({column}) * {_MULTIPLIER}) %% {_MODULUS} %% {_BUCKETS})"
