"""The runtime's clock. Production reads the real time; tests set it, so no test ever sleeps."""
from __future__ import annotations

import threading
from datetime import datetime

from django.utils import timezone

_lock = threading.Lock()
_fixed: datetime | None = None


def now() -> datetime:
    return _fixed or timezone.now()


def set_time(at: datetime | None) -> None:
    """Freeze the clock at `at` (None: back to real time). Shared by every thread of the process."""
    global _fixed
    with _lock:
        _fixed = at
