"""A contact's computed values ({key: value}) for the contact API and templates (`{{ computed.key }}`)."""
from __future__ import annotations


def contact_computed(contact_id: int) -> dict:
    # Imported here: journeys.interface re-exports this and is loaded while the apps' models load.
    from audiences.selectors.computed import values_for_contact

    return values_for_contact(contact_id)
