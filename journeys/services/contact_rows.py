"""Contact rows: the one trait writer, and traits and addresses written set-based, in the same lock order everywhere."""
from __future__ import annotations

from django.db import connection

from core.bulk import update_rows
from journeys.models import Contact

# Traits that are also Contact columns: the addresses and the timezone the channels use.
ADDRESS_TRAITS = ("email", "phone", "timezone")


def address_column_value(value) -> str:
    """What an address trait's value stores in its column: None clears it (""), anything else is its text.

    So "" clears the column too, and 0 and False are stored as "0" and "False", as the trait said.
    """
    return "" if value is None else str(value)


def contact_set_traits(contact: Contact, values: dict) -> None:
    """Merge `values` into the contact's traits and copy the address traits among them onto their columns.

    In memory only: the caller writes the changed contacts with `update_contacts`. Identify calls
    (journeys/services/ingest.py) and `update` nodes (journeys/services/advancing.py) both write through here.
    """
    contact.traits = {**contact.traits, **values}
    for trait in ADDRESS_TRAITS:
        if trait in values:
            setattr(contact, trait, address_column_value(values[trait]))


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
