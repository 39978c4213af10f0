"""What a condition may ask about one contact beyond traits and events: its open segment
memberships and its computed values (the runtime's and the simulator's contexts read these)."""
from __future__ import annotations

from typing import Any

from audiences.models import ComputedValue, SegmentMembership


def contact_segment_keys(contact_id: int) -> set[str]:
    return set(SegmentMembership.objects.filter(contact_id=contact_id, exited_at__isnull=True)
               .values_list("segment__key", flat=True))


def contact_computed_values(contact_id: int) -> dict[str, Any]:
    """key -> value; a null value is left out (a condition sees it as missing)."""
    return {key: value for key, value in ComputedValue.objects.filter(contact_id=contact_id)
            .values_list("key", "value") if value is not None}
