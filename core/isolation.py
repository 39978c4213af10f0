"""Per-row fault isolation for batch work: one bad row must not sink the rows around it.

The batch runs as a whole in a savepoint (the fast, set-based path, which costs one
SAVEPOINT more). Only when it raises is each row run again alone, in its own
savepoint; a row that still raises is handed to `on_failure`, which marks it failed,
and the others commit with the caller's transaction.

Lost connections and deadlocks (OperationalError, InterfaceError) are not a row's
fault: they propagate, and the whole batch is retried later (actor retry, sweeps).
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable, TypeVar

from django.db import InterfaceError, OperationalError, transaction

log = logging.getLogger(__name__)

# Not a row's fault: the whole batch is retried later instead of failing its rows.
INFRASTRUCTURE_ERRORS = (OperationalError, InterfaceError)

Row = TypeVar("Row")


def error_reason(exc: BaseException, limit: int = 200) -> str:
    """"TypeError: unsupported operand…": what a failed row's reason says."""
    return f"{type(exc).__name__}: {exc}"[:limit]


def run_isolated(rows: list[Row], run: Callable[[list[Row]], None], on_failure: Callable[[Row, Exception], None],
                 *, what: str) -> list[Row]:
    """Run `run(rows)`; if it raises, `run([row])` for each row, and `on_failure(row, exc)` for those that raise.

    Each attempt is a savepoint, so a failed one leaves nothing behind (callers that keep
    in-memory state must rebuild it in `run`, from the rows' keys). Returns the rows that failed.
    """
    if not rows:
        return []
    try:
        with transaction.atomic():
            run(rows)
        return []
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception:
        log.warning("%s: a batch of %d failed; retrying its rows one by one", what, len(rows), exc_info=True)
    return run_each(rows, run, on_failure, what=what)


def run_each(rows: Iterable[Row], run: Callable[[list[Row]], None], on_failure: Callable[[Row, Exception], None],
             *, what: str) -> list[Row]:
    """`run([row])` for each row in its own savepoint; `on_failure(row, exc)` (in another) for those that raise."""
    failed = []
    for row in rows:
        try:
            with transaction.atomic():
                run([row])
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception as exc:
            log.exception("%s: %r failed and is marked failed", what, row)
            failed.append(row)
            with transaction.atomic():
                on_failure(row, exc)
    return failed
