"""The workspace audit log: every role-protected settings write records who, what, before and after.

Callers record inside the transaction of the change itself, so a rolled-back change leaves no record
and a committed one always has its record.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import clock
from workspace.models import AuditRecord

SYSTEM = "system"


@dataclass(frozen=True)
class Change:
    """One audited change: `before` is None for a creation, `after` None for a removal."""

    action: str
    object_type: str
    object_id: Any
    before: dict | None = None
    after: dict | None = None


def _actor(actor) -> tuple[Any, str]:
    """The user to link (None for the system or a write key) and the name to keep."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, SYSTEM
    if getattr(actor, "is_write_key", False):
        return None, actor.get_username()
    return actor, actor.get_username()


def audit_record(actor, change: Change) -> AuditRecord:
    return audit_records(actor, [change])[0]


def audit_records(actor, changes: list[Change]) -> list[AuditRecord]:
    user, name = _actor(actor)
    at = clock.now()
    return AuditRecord.objects.bulk_create([
        AuditRecord(actor=user, actor_name=name[:150], action=c.action, object_type=c.object_type,
                    object_id="" if c.object_id is None else str(c.object_id), before=c.before, after=c.after, at=at)
        for c in changes
    ])
