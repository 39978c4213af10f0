"""Workspace reads: write keys and recent audit records."""
from __future__ import annotations

from django.shortcuts import get_object_or_404

from workspace.models import WRITE_KEY_PREFIX, AuditRecord, WriteKey, write_key_hash


def write_key_list():
    return WriteKey.objects.select_related("created_by").order_by("-id")


def write_key_get(key_id: int) -> WriteKey:
    return get_object_or_404(WriteKey, pk=key_id)


def write_key_active_named(name: str) -> WriteKey | None:
    return WriteKey.objects.filter(name=name, revoked_at__isnull=True).order_by("-id").first()


def write_key_by_secret(secret: str) -> WriteKey | None:
    """The key (revoked ones included: the caller says why it is refused) whose secret this is."""
    if not secret.startswith(WRITE_KEY_PREFIX):
        return None
    return WriteKey.objects.filter(key_hash=write_key_hash(secret)).first()


def audit_recent(*, limit: int = 50, object_type: str = ""):
    records = AuditRecord.objects.select_related("actor").order_by("-id")
    if object_type:
        records = records.filter(object_type=object_type)
    return records[:limit]
