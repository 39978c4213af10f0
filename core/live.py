"""Websocket events go out only after the writing transaction commits, best effort.

A rolled-back write never shows on a live page, and the runtime never fails because the
channel layer is down: live views are a convenience, the database is the truth.
"""
from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


def publish_on_commit(group: str, message: dict) -> None:
    """`group_send(group, message)` once the current transaction commits (at once outside one)."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            log.warning("could not publish %s to %s", message.get("type"), group, exc_info=True)

    transaction.on_commit(send)
