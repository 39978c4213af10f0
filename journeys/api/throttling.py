"""Ingest rate limit per API key: `JOURNEYS_INGEST_RATE` calls per second (design §8 "Load").

Keyed by the credential, not the address: many SDK clients share one NAT, and one leaked key must
not starve the others. A one-second window counted with atomic cache increments, so every web
process sharing the cache (Redis in production) counts against the same budget, and a burst costs
one round trip per call instead of DRF's per-call history list.
"""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

WINDOW_SECONDS = 1


class IngestRateThrottle(SimpleRateThrottle):
    scope = "ingest"
    cache = cache

    def get_rate(self) -> str | None:
        per_second = settings.JOURNEYS_INGEST_RATE
        return f"{per_second}/s" if per_second > 0 else None

    def get_cache_key(self, request, view) -> str:
        credential = getattr(request.auth, "key", None) or getattr(request.auth, "pk", None)
        if credential is not None:
            who = "key-" + hashlib.sha256(str(credential).encode()).hexdigest()[:32]  # never the secret itself
        elif request.user and request.user.is_authenticated:
            who = f"user-{request.user.pk}"  # a browser session
        else:
            who = f"ip-{self.get_ident(request)}"
        return f"throttle:{self.scope}:{who}"

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.now = self.timer()
        window = int(self.now // WINDOW_SECONDS)
        key = f"{self.get_cache_key(request, view)}:{window}"
        # add() is a no-op when the key exists; incr() is atomic in Redis and in the local-memory cache.
        self.cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
        try:
            calls = self.cache.incr(key)
        except ValueError:  # expired between add() and incr(): this call opens the window
            self.cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
            calls = 1
        self._window_ends = (window + 1) * WINDOW_SECONDS
        return calls <= self.num_requests

    def wait(self) -> float:
        """Seconds until the next window; DRF rounds it up into `Retry-After`."""
        return max(self._window_ends - self.now, 0.001)
