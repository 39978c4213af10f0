"""The WeChat access token, one per Official Account, shared by every worker and process through the database.

WeChat revokes the previous token whenever a new one is fetched (and caps fetches per day), so workers
that each fetched their own would keep revoking each other's. Here every worker reads one row, a token is
refreshed REFRESH_MARGIN before it expires, and only one worker refreshes at a time: it claims the row's
`refreshing_until` lease with a conditional UPDATE, then fetches with no transaction held over the network
call. A refresher that dies leaves a lease that lapses on its own. Not the Django cache: without Redis
it is per process (LocMemCache), and embedded mode has no Redis.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from channels_app.models import WechatAccessToken
from core import clock

log = logging.getLogger(__name__)
REFRESH_MARGIN = timedelta(minutes=5)  # WeChat keeps the old token valid a few minutes after a refresh
LEASE = timedelta(seconds=30)  # longer than a token fetch may take (the provider timeout)


class TokenBusy(Exception):
    """Another worker is fetching a token and the one we hold is no good: try again shortly."""


class SharedAccessToken:
    """`get()` the current token; `replace(stale)` when WeChat refused `stale` (40001 / 42001).

    `fetch` asks WeChat for a new token: returns (token, seconds it lives).
    """

    def __init__(self, app_id: str, fetch: Callable[[], tuple[str, int]]):
        self.app_id = app_id
        self.fetch = fetch
        self._local = threading.local()

    @property
    def last_used(self) -> str:
        """The token this thread last handed out: the one to `replace` when WeChat refuses it."""
        return getattr(self._local, "token", "")

    def get(self) -> str:
        row = self._row()
        now = clock.now()
        if row.token and row.expires_at and row.expires_at - REFRESH_MARGIN > now:
            return self._hand_out(row.token)
        return self._hand_out(self._refresh(row.token, still_usable=bool(
            row.token and row.expires_at and row.expires_at > now)))

    def replace(self, stale: str) -> str:
        """A token WeChat refused: fetch a new one, unless another worker already did."""
        return self._hand_out(self._refresh(stale, still_usable=False))

    def _hand_out(self, token: str) -> str:
        self._local.token = token
        return token

    def _row(self) -> WechatAccessToken:
        row = WechatAccessToken.objects.filter(app_id=self.app_id).first()
        if row is not None:
            return row
        try:
            with transaction.atomic():
                return WechatAccessToken.objects.create(app_id=self.app_id)
        except IntegrityError:  # another worker created it first
            return WechatAccessToken.objects.get(app_id=self.app_id)

    def _refresh(self, seen: str, *, still_usable: bool) -> str:
        """Fetch a new token if the row still holds `seen` and nobody else is fetching; else use theirs."""
        now = clock.now()
        free = Q(refreshing_until__isnull=True) | Q(refreshing_until__lte=now)
        claimed = WechatAccessToken.objects.filter(free, app_id=self.app_id, token=seen).update(
            refreshing_until=now + LEASE)
        if not claimed:
            row = self._row()
            if row.token and row.token != seen and row.expires_at and row.expires_at > clock.now():
                return row.token  # refreshed by another worker since we looked
            if still_usable:
                return seen  # due for refresh, but another worker is at it: this one still works a while
            raise TokenBusy("another worker is fetching a new WeChat access token")
        try:
            token, lives = self.fetch()
        except Exception:
            WechatAccessToken.objects.filter(app_id=self.app_id).update(refreshing_until=None)
            if still_usable:  # an early refresh that failed: the current token still has minutes left
                log.warning("refreshing the WeChat access token failed; using the current one", exc_info=True)
                return seen
            raise
        WechatAccessToken.objects.filter(app_id=self.app_id).update(
            token=token, expires_at=clock.now() + timedelta(seconds=int(lives)), refreshing_until=None)
        return token
