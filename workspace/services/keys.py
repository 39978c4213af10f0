"""Write keys: create (the key is returned once, only its hash is kept) and revoke. Audited."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from core import clock
from core.errors import InvalidInput
from workspace.models import WRITE_KEY_PREFIX, WriteKey, write_key_hash
from workspace.services.audit import Change, audit_record

PREFIX_SHOWN = len(WRITE_KEY_PREFIX) + 6
MAX_NAME = 100


@dataclass(frozen=True)
class IssuedKey:
    write_key: WriteKey
    key: str  # the secret: shown to its creator once, never stored


def key_snapshot(key: WriteKey) -> dict:
    return {"id": key.pk, "name": key.name, "prefix": key.prefix, "created_at": key.created_at,
            "revoked_at": key.revoked_at}


def write_key_create(*, name: str, user) -> IssuedKey:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(gettext("give the key a name (which app or site uses it)"), field="name")
    if len(name) > MAX_NAME:
        raise InvalidInput(gettext("at most %(count)s characters") % {"count": MAX_NAME}, field="name")
    secret = WRITE_KEY_PREFIX + secrets.token_urlsafe(24)
    with transaction.atomic():
        key = WriteKey.objects.create(name=name, prefix=secret[:PREFIX_SHOWN], key_hash=write_key_hash(secret),
                                      created_at=clock.now(), created_by=user if getattr(user, "pk", None) else None)
        audit_record(user, Change("write_key.created", "write_key", key.pk, after=key_snapshot(key)))
    return IssuedKey(write_key=key, key=secret)


def write_key_revoke(key: WriteKey, *, user) -> WriteKey:
    """Revoked keys stop authenticating at once; revoking twice changes nothing more."""
    with transaction.atomic():
        key = WriteKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is not None:
            return key
        before = key_snapshot(key)
        key.revoked_at = clock.now()
        key.save(update_fields=["revoked_at"])
        audit_record(user, Change("write_key.revoked", "write_key", key.pk, before=before, after=key_snapshot(key)))
    return key
