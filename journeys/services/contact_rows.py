"""Contact rows written set-based (traits, addresses), in the same lock order everywhere."""
from __future__ import annotations

from django.db import connection

from core.bulk import update_rows
from journeys.models import Contact


def update_contacts(contacts: list[Contact]) -> None:
    """Write traits, addresses and updated_at of these contacts, locking rows in id order."""
    contacts = sorted(contacts, key=lambda c: c.pk)  # same lock order everywhere: no deadlocks
    if not contacts:
        return
    if connection.vendor != "postgresql":
        Contact.objects.bulk_update(contacts, ["traits", "email", "phone", "timezone", "updated_at"])
        return
    update_rows(Contact._meta.db_table,
                {"id": "bigint", "traits": "jsonb", "email": "text", "phone": "text", "timezone": "text",
                 "updated_at": "timestamptz"},
                [{"id": c.pk, "traits": c.traits, "email": c.email, "phone": c.phone, "timezone": c.timezone,
                  "updated_at": c.updated_at} for c in contacts])
