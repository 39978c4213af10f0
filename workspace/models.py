"""Write keys (design section 8) and the workspace audit log."""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

WRITE_KEY_PREFIX = "wk_"


def write_key_hash(secret: str) -> str:
    """What is stored of a write key: its SHA-256. The key itself is shown once and never kept."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class WriteKey(models.Model):
    """A credential for SDKs: it may only ingest (identify, track, batch). Often public in apps and browsers."""

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, help_text="the key's first characters, to recognise it in lists")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    # Lets core.permissions tell a write key from a user credential without importing this app.
    is_write_key = True

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class AuditRecord(models.Model):
    """Who changed which workspace setting, and from what to what. Written in the change's own transaction."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150, help_text="kept when the user is deleted; 'system' for none")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type} {self.object_id}"


class UserPreference(models.Model):
    """What a user chose for themselves: for now the interface language (design §10), applied at each login."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(max_length=16, choices=settings.LANGUAGES, blank=True,
                                help_text="empty: follow the browser's Accept-Language")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or 'browser'}"
