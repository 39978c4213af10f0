"""Who may write computed values at once: many event handlers folding batches, or one recomputation.

The runtime's event handler folds each batch it handles into the stored values (computed.apply_events);
a recomputation from the stored events (a trait defined or changed, a window sliding, a trait removed)
replaces them. The two must not interleave: a recomputation whose snapshot missed a batch a handler
was folding would overwrite that batch's fold, and one that counted a batch not yet handled would have
it folded twice. So handlers take a shared transaction-level advisory lock before they read the
definitions, a recomputation takes it exclusively, and a recomputation reads only handled events.
SQLite (embedded mode) has one writer at a time: nothing to take there.
"""
from __future__ import annotations

import zlib

from django.db import connection

LOCK_ID = zlib.crc32(b"audiences.computed_values")


def _take(function: str) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [LOCK_ID])


def fold_shared() -> None:
    """Held until the caller's transaction ends: handlers fold side by side."""
    _take("pg_advisory_xact_lock_shared")


def recompute_exclusive() -> None:
    """Held until the caller's transaction ends: waits for the handlers folding now, holds the next ones."""
    _take("pg_advisory_xact_lock")
