"""What a node decides when a contact reaches it: pure data, applied by the runtime.

A node type's ``decide(config, visit, ctx, now)`` returns one `Decision`. The
runtime (journeys/runtime/engine.py) follows ports, parks waits, and turns sends
into policy-checked messages; nothing here touches a database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Visit:
    """What a node may know about the enrollment reaching it."""

    contact_key: str  # stable contact identity, for deterministic split hashing
    journey_key: str
    node_id: str
    timezone: str = "UTC"  # the contact's IANA time zone (UTC when unknown)
    variants: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    port: str | None = None  # follow this port now
    park_until: datetime | None = None  # durable wait until then…
    park_port: str = ""  # …then follow this port
    wait_event: str = ""  # or until this event arrives (port "event")
    wait_where: dict | None = None
    send: dict | None = None  # {"channel", "template", "on_capped"}
    set_traits: dict | None = None
    variant: str | None = None  # split: the variant taken (recorded for conversions)
    finish: str | None = None  # leave the journey with this reason

    @property
    def parks(self) -> bool:
        return self.park_until is not None


def follow(port: str, **extra: Any) -> Decision:
    return Decision(port=port, **extra)
