"""Events the product records itself (a lifecycle stage change, a contact entering or leaving a saved
segment), written set-based into the same event table as ingested ones: the event outbox then hands
them to the trigger path, so a journey enters crash-safely, exactly as for a tracked event."""
from __future__ import annotations

from journeys.models import Event

BATCH = 5000


def record_internal_events(events: list[dict]) -> int:
    """Insert `{"contact_id", "name", "properties", "timestamp"}` rows in the caller's transaction."""
    for start in range(0, len(events), BATCH):
        Event.objects.bulk_create([
            Event(contact_id=e["contact_id"], name=e["name"], properties=e.get("properties") or {},
                  timestamp=e["timestamp"], received_at=e["timestamp"])
            for e in events[start:start + BATCH]])
    return len(events)
