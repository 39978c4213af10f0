"""Contact rows: the one trait writer, and traits and addresses written set-based, in the same lock order everywhere."""
from __future__ import annotations

from django.db import connection

from core.addresses import matching_address
from core.bulk import update_rows
from journeys.models import Contact

# Traits that are also Contact columns: the addresses and the timezone the channels use.
ADDRESS_TRAITS = ("email", "phone", "timezone")
# The channel whose matching form (core.addresses.matching_address) each address trait takes.
_ADDRESS_FORMS = {"email": "email", "phone": "sms"}


def address_column_value(value, trait: str | None = None) -> str:
    """What an address trait's value stores in its column: None clears it (""), anything else is its text.

    So "" clears the column too, and 0 and False are stored as "0" and "False", as the trait said.
    Emails are lower-cased and phones put in E.164 where they parse, the form every match uses.
    """
    text = "" if value is None else str(value)
    return matching_address(text, _ADDRESS_FORMS[trait]) if trait in _ADDRESS_FORMS else text


def contact_set_traits(contact: Contact, values: dict) -> None:
    """Merge `values` into the contact's traits and copy the address traits among them onto their columns.

    In memory only: the caller writes the changed contacts with `update_contacts`. Identify calls
    (journeys/services/ingest.py) and `update` nodes (journeys/services/advancing.py) both write through here.
    """
    values = {name: _normalised(name, value) for name, value in values.items()}
    contact.traits = {**contact.traits, **values}
    for trait in ADDRESS_TRAITS:
        if trait in values:
            setattr(contact, trait, address_column_value(values[trait], trait))


def _normalised(name: str, value):
    """An email or phone trait in its matching form; the API already refused ones that are not addresses
    (core.addresses.check_traits), and what an `update` node sets is normalised where it can be."""
    if name in _ADDRESS_FORMS and isinstance(value, str):
        return matching_address(value, _ADDRESS_FORMS[name])
    return value


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
