"""The database-backed `ContactContext` the conditions evaluate against."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from journeys.graph.conditions import MISSING, match_properties
from audiences.selectors.conditions import contact_computed_values, contact_segment_keys
from journeys.models import Contact, Event


def contact_traits(contact: Contact) -> dict:
    """Traits as conditions and templates see them: the stored traits plus the address fields."""
    traits = dict(contact.traits or {})
    for name in ("email", "phone", "timezone"):
        value = getattr(contact, name)
        if value and name not in traits:
            traits[name] = value
    if contact.user_id:
        traits.setdefault("user_id", contact.user_id)
    return traits


class DbContactContext:
    def __init__(self, contact: Contact):
        self.contact = contact
        self.traits = contact_traits(contact)
        self._segments: set[str] | None = None  # read on first use: most conditions never ask
        self._computed: dict | None = None

    def trait(self, name: str) -> Any:
        return self.traits.get(name, MISSING)

    def count_events(self, name: str, since: datetime | None, where: dict | None) -> int:
        events = Event.objects.filter(contact_id=self.contact.pk, name=name)
        if since is not None:
            events = events.filter(timestamp__gte=since)
        if not where:
            return events.count()
        # Property filters run in Python: portable across SQLite and PostgreSQL JSON.
        return sum(1 for props in events.values_list("properties", flat=True).iterator() if match_properties(where, props))

    def in_segment(self, key: str) -> bool:
        if self._segments is None:
            self._segments = contact_segment_keys(self.contact.pk) if self.contact.pk else set()
        return key in self._segments

    def computed(self, key: str) -> Any:
        if self._computed is None:
            self._computed = contact_computed_values(self.contact.pk) if self.contact.pk else {}
        return self._computed.get(key, MISSING)

    def update_traits(self, values: dict) -> None:
        self.traits.update(values)
