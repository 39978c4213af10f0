"""What WeChat's pushes do: template-send results move messages, unfollowing suppresses the openid.

Called by channels_app/webhooks/wechat.py once the signature checked out. WeChat retries a push it got
no answer to (three times), so each one is recorded once (`record_event`'s unique provider event id)
and a repeat changes nothing; statuses only move forward (`advance_status`).
"""
from __future__ import annotations

from django.db import transaction

from channels_app.models import Channel, Message, MessageStatus, Suppression
from channels_app.services.callbacks import advance_status
from channels_app.services.events import record_event
from channels_app.services.suppressions import suppress_address
from core import clock

UNFOLLOWED = "wechat unsubscribe: unfollowed the Official Account"
BLOCKED = "wechat: the recipient refused template messages"
# Our own WeChat suppressions start so (providers/wechat.py too); a re-follow lifts only those.
AUTOMATIC_PREFIX = "wechat"
DETAIL_FIELDS = ("ToUserName", "FromUserName", "CreateTime", "Event", "MsgID", "Status")


def wechat_event(event, raw: dict) -> str:
    """Apply one parsed push (a wechatpy message); `raw` is its XML fields. applied | duplicate | unknown | ignored."""
    kind = str(getattr(event, "event", "") or "").lower()
    openid = str(raw.get("FromUserName") or "")
    if not openid:
        return "ignored"
    if kind == "templatesendjobfinish":
        return _template_finished(openid, str(raw.get("MsgID") or ""), str(raw.get("Status") or ""), raw)
    if kind == "unsubscribe":
        with transaction.atomic():
            _, created = suppress_address(Channel.WECHAT, openid, UNFOLLOWED)
            last = _last_message_to(openid)
            if last is not None:
                record_event(last.pk, "unsubscribe", _detail(raw),
                             provider_event_id=f"wechat:unsubscribe:{openid}:{raw.get('CreateTime')}")
        return "applied" if created else "duplicate"
    if kind == "subscribe":  # following again undoes what unfollowing did, never an operator's blacklist
        Suppression.objects.filter(channel=Channel.WECHAT, address=openid,
                                   reason__startswith=AUTOMATIC_PREFIX).delete()
        return "applied"
    return "ignored"


def _template_finished(openid: str, msgid: str, status: str, raw: dict) -> str:
    message = (Message.objects.filter(channel=Channel.WECHAT, provider_id=msgid, address=openid).first()
               if msgid else None)
    if message is None:
        return "unknown"
    state = status.strip().lower()
    now = clock.now()
    with transaction.atomic():
        if not record_event(message.pk, "delivered" if state == "success" else "undelivered", _detail(raw),
                            provider_event_id=f"wechat:{msgid}:{state}"):
            return "duplicate"
        if state == "success":
            advance_status(message, MessageStatus.DELIVERED, now, reason="WeChat delivered")
        else:
            code = state.partition(":")[2].strip().replace(" ", "_")[:50] or "failed"
            advance_status(message, MessageStatus.UNDELIVERED, now, error_code=code, reason=f"WeChat {status}")
            if "user block" in state:
                suppress_address(Channel.WECHAT, openid, BLOCKED)
    return "applied"


def _last_message_to(openid: str) -> Message | None:
    return Message.objects.filter(channel=Channel.WECHAT, address=openid).order_by("-id").first()


def _detail(raw: dict) -> dict:
    return {name: str(raw[name])[:200] for name in DETAIL_FIELDS if raw.get(name) is not None}
