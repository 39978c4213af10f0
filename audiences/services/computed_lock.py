"""Who may write computed values at once: many event handlers folding batches, or one recomputation.

The runtime's event handler folds each batch it handles into the stored values (computed.apply_events);
a recomputation from the stored events (a trait defined, changed or removed; a window sliding) replaces
them. The two must not interleave: a recomputation whose snapshot missed a batch a handler was folding
would overwrite that batch's fold, and one that counted a batch not yet handled would have it folded
twice. So a recomputation reads handled events only, and transaction-level advisory locks order them:

- the definitions: handlers share it while they read the traits and fold; defining, changing or removing a
  trait takes it exclusively (rare, a person's action);
- one per trait key: handlers share the keys they fold; the periodic pass re-computing one windowed trait
  takes that key alone, so only batches folding that trait wait, and only for that trait's recomputation.

Order, always: the definitions lock, then keys in sorted order; the periodic pass takes one key and nothing
else, so no cycle can form. SQLite (embedded mode) has one writer at a time: nothing to take there.
"""
from __future__ import annotations

import zlib

from django.db import connection

LOCK_ID = zlib.crc32(b"audiences.computed_definitions")
KEY_SPACE = zlib.crc32(b"audiences.computed_key") & 0x7FFFFFFF


def _key_id(key: str) -> int:
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


def _run(sql: str, params: list) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def fold_shared() -> None:
    """Before a handler reads the definitions; held until its transaction ends."""
    _run("SELECT pg_advisory_xact_lock_shared(%s)", [LOCK_ID])


def fold_keys_shared(keys) -> None:
    """The keys a handler folds, once it knows them; held until its transaction ends."""
    for key_id in sorted({_key_id(key) for key in keys}):
        _run("SELECT pg_advisory_xact_lock_shared(%s, %s)", [KEY_SPACE, key_id])


def redefine_exclusive(key: str) -> None:
    """Defining, changing or removing the trait `key`: no handler folds meanwhile, no recomputation of it runs."""
    _run("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
    recompute_exclusive(key)


def recompute_exclusive(key: str) -> None:
    """Recomputing the trait `key` from the events: waits for the handlers folding it, holds the next ones."""
    _run("SELECT pg_advisory_xact_lock(%s, %s)", [KEY_SPACE, _key_id(key)])
