"""The audit log of journey versions: every workflow transition and draft save, and who wrote a version."""
from __future__ import annotations

import hashlib
import json

from journeys.models import AuditAction, AuditEntry, JourneyVersion

SYSTEM = "system"  # the actor name of `user=None`, a trusted system actor


def content_hash(graph: dict) -> str:
    return hashlib.sha256(json.dumps(graph, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def actor_name(user) -> str:
    return user.get_username() if user is not None else SYSTEM


def record(version: JourneyVersion, action: str, user, *, from_status: str = "", to_status: str = "",
           comment: str = "", details: dict | None = None) -> AuditEntry:
    """One audit entry for `version`, with the hash of its graph as it is now."""
    return AuditEntry.objects.create(
        journey_id=version.journey_id, version=version, version_number=version.number, action=action,
        actor=user, actor_name=actor_name(user), from_status=from_status, to_status=to_status,
        comment=comment, content_hash=content_hash(version.graph), details=details or {},
    )


def version_editors(version: JourneyVersion) -> set[int]:
    """Ids of everyone who edited this version: its creator, its savers (audit log) and its last editor."""
    ids = set(AuditEntry.objects.filter(version=version, action__in=[AuditAction.CREATE, AuditAction.SAVE],
                                        actor__isnull=False).values_list("actor_id", flat=True))
    ids.update(i for i in (version.created_by_id, version.updated_by_id) if i is not None)
    return ids


def version_authors(version: JourneyVersion) -> set[int]:
    """Ids of its editors and of whoever submitted it for review."""
    submitters = set(AuditEntry.objects.filter(version=version, action=AuditAction.SUBMIT, actor__isnull=False)
                     .values_list("actor_id", flat=True))
    return version_editors(version) | submitters
