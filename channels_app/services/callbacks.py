"""What provider callbacks do to messages: status moves, delivery events, automatic suppressions.

Called by the webhook views (channels_app/webhooks/views.py) once the signature
checked out. Providers retry and duplicate callbacks, and send them out of order:

- every callback is recorded as a DeliveryEvent with a unique provider event id
  (SendGrid's sg_event_id; Twilio's message sid + status; services/events.py); a
  repeat hits the unique constraint and changes nothing;
- an inbound SMS is kept by its MessageSid (InboundSms): a retried or replayed STOP/START is
  answered and changes nothing;
- a status only moves forward (`advance_status`): a late "sent" never undoes
  "delivered", and a callback that overtakes our own bookkeeping (Twilio may call
  before `messages.create` returned) still lands.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone

from django.db import IntegrityError, transaction
from django.db.models import Q

from channels_app.models import Channel, InboundSms, Message, MessageStatus
from channels_app.providers.errors import TWILIO_OPTED_OUT
from channels_app.providers.sendgrid_email import MESSAGE_ID_ARG
from channels_app.services.events import record_event
from channels_app.services.fallback import after_status_change, with_route
from channels_app.services.suppressions import lift_address, suppress_address
from core import clock

# How far along a message is. Blocked statuses (suppressed, capped, deferred) are never moved by a callback.
STATUS_RANK = {
    MessageStatus.QUEUED: 0, MessageStatus.SENDING: 1, MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3, MessageStatus.UNDELIVERED: 3, MessageStatus.FAILED: 3,
    MessageStatus.BOUNCED: 4,  # a bounce can follow "delivered" (asynchronous bounce) and wins
}


def advance_status(message: Message, new_status: str, now: datetime, *, error_code: str = "", reason: str = "",
                   provider_id: str = "") -> bool:
    """Move `message` to `new_status` if that is further along; True if it moved. Caller holds a transaction."""
    row = Message.objects.select_for_update().filter(pk=message.pk).values_list("status", "error_code").first()
    if row is None:
        return False
    current, current_error = row
    rank = STATUS_RANK.get(current)
    if current == MessageStatus.FAILED and current_error == "in_doubt":
        rank = STATUS_RANK[MessageStatus.SENDING]  # we gave up not knowing; the provider now tells us
    if rank is None or STATUS_RANK[new_status] <= rank:
        return False
    changes = {"status": new_status, "updated_at": now}
    if error_code or current_error == "in_doubt":
        changes["error_code"] = error_code
    if reason:
        changes["reason"] = with_route(message, reason)
    if provider_id and not message.provider_id:
        changes["provider_id"] = provider_id
    if current in (MessageStatus.QUEUED, MessageStatus.SENDING) or current_error == "in_doubt":
        # The provider has it although our bookkeeping did not finish (a timeout we are about to
        # retry): the callback is proof of acceptance, so the retry must find nothing to send.
        changes.update(not_before=None, sent_at=message.sent_at or now)
    Message.objects.filter(pk=message.pk).update(**changes)
    # A failed attempt of a step with channel fallback hands over to the next channel; any end stops its timer.
    previous = MessageStatus.SENDING if current_error == "in_doubt" else current  # the provider now knows
    after_status_change(message, previous, new_status, reason or error_code, now, error_code=error_code)
    return True


# --- Twilio ------------------------------------------------------------------------------

TWILIO_FINAL = {
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.UNDELIVERED,
    "failed": MessageStatus.FAILED,
}
TWILIO_EVENT_KIND = {"read": "open"}  # WhatsApp / RCS read receipts are opens
STOP_KEYWORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
START_KEYWORDS = {"START", "YES", "UNSTOP"}
HELP_KEYWORDS = {"HELP", "INFO"}
TWILIO_DETAIL_FIELDS = ("MessageSid", "MessageStatus", "ErrorCode", "ErrorMessage", "To", "From")


def twilio_status(params, message_id_hint: str | None) -> str:
    """Apply one status callback. Returns what happened: applied, duplicate or unknown."""
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    status = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
    if not sid or not status:
        return "ignored"
    message = _message_for_twilio(sid, message_id_hint)
    if message is None:
        return "unknown"
    error_code = params.get("ErrorCode") or ""
    now = clock.now()
    detail = {k: params.get(k) for k in TWILIO_DETAIL_FIELDS if params.get(k)}
    with transaction.atomic():
        if not record_event(message.pk, TWILIO_EVENT_KIND.get(status, status), detail,
                            provider_event_id=f"twilio:{sid}:{status}", occurred_at=now):
            return "duplicate"
        if status in TWILIO_FINAL:
            reason = f"Twilio {status}" + (f" (error {error_code})" if error_code else "")
            advance_status(message, TWILIO_FINAL[status], now, error_code=error_code, reason=reason, provider_id=sid)
        elif not message.provider_id:
            Message.objects.filter(pk=message.pk, provider_id="").update(provider_id=sid)
        if error_code == str(TWILIO_OPTED_OUT) and message.address:
            suppress_address(Channel.SMS, message.address, "twilio 21610: recipient replied STOP")
    return "applied"


def _message_for_twilio(sid: str, message_id_hint: str | None) -> Message | None:
    if message_id_hint and str(message_id_hint).isdigit():
        # The id in our callback URL; the sid must agree once we know it (a signed URL cannot be
        # reused for another message, but be strict anyway).
        message = (Message.objects.filter(pk=int(message_id_hint), channel=Channel.SMS)
                   .filter(Q(provider_id="") | Q(provider_id=sid)).first())
        if message is not None:
            return message
    return Message.objects.filter(provider_id=sid, channel=Channel.SMS).first()


@dataclass(frozen=True)
class InboundResult:
    action: str  # stop | start | help | message
    reply: str = ""
    duplicate: bool = False  # this MessageSid was handled before: nothing done, nothing replied


def _first_delivery(sid: str, action: str) -> bool:
    """Record the inbound SID; False if it was recorded before. The caller's transaction holds the row, so a
    failure later in the handling rolls it back and Twilio's retry is handled afresh."""
    try:
        with transaction.atomic():
            InboundSms.objects.create(message_sid=sid[:64], action=action, received_at=clock.now())
        return True
    except IntegrityError:
        return False


def twilio_inbound(params, help_reply: str = "") -> InboundResult:
    """An SMS from a contact. STOP-like keywords blacklist the number for SMS, START-like lift it."""
    number = (params.get("From") or "").strip()
    keyword = (params.get("Body") or "").strip().upper()
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    if keyword in STOP_KEYWORDS:
        action = "stop"
    elif keyword in START_KEYWORDS:
        action = "start"
    elif keyword in HELP_KEYWORDS:
        action = "help"
    else:
        action = "message"
    with transaction.atomic():
        if sid and not _first_delivery(sid, action):
            return InboundResult(action=action, duplicate=True)
        if number and action == "stop":
            suppress_address(Channel.SMS, number, f"replied {keyword} by SMS")
        elif number and action == "start":
            lift_address(Channel.SMS, number)
        # Keep the reply on the timeline of the last SMS we sent to that number.
        last = Message.objects.filter(channel=Channel.SMS, address=number).exclude(provider_id="").order_by("-id").first()
        if last is not None and sid:
            record_event(last.pk, "reply", {"body": params.get("Body", "")[:1600], "action": action, "MessageSid": sid},
                         provider_event_id=f"twilio-inbound:{sid}")
    return InboundResult(action=action, reply=help_reply if action == "help" else "")


# --- SendGrid ------------------------------------------------------------------------------

SENDGRID_SUPPRESSING_DROPS = {"Bounced Address", "Spam Reporting Address", "Unsubscribed Address"}
# group_resubscribe is kept on the timeline but lifts nothing: the one row per address may stand for
# a bounce or a spam report as well, which a resubscription does not undo.
SENDGRID_KINDS = {"processed", "delivered", "deferred", "bounce", "dropped", "spamreport", "unsubscribe",
                  "group_unsubscribe", "group_resubscribe", "open", "click"}


@dataclass
class SendGridReport:
    applied: int = 0
    duplicates: int = 0
    ignored: int = 0  # not about one of our messages, or an event kind we do not track
    kinds: dict = field(default_factory=dict)


def sendgrid_events(events: list) -> SendGridReport:
    report = SendGridReport()
    for event in events:
        outcome = _sendgrid_event(event) if isinstance(event, dict) else "ignored"
        if outcome == "applied":
            report.applied += 1
            report.kinds[event["event"]] = report.kinds.get(event["event"], 0) + 1
        elif outcome == "duplicate":
            report.duplicates += 1
        else:
            report.ignored += 1
    return report


def _sendgrid_event(event: dict) -> str:
    kind = str(event.get("event") or "")
    raw_id = str(event.get(MESSAGE_ID_ARG) or "")
    if kind not in SENDGRID_KINDS or not raw_id.isdigit():
        return "ignored"
    message = Message.objects.filter(pk=int(raw_id), channel=Channel.EMAIL).first()
    if message is None:
        return "ignored"
    event_id = str(event.get("sg_event_id") or "") or hashlib.sha256(
        json.dumps(event, sort_keys=True, default=str).encode()).hexdigest()
    occurred_at = _from_unix(event.get("timestamp"))
    detail = {k: v for k, v in event.items() if k not in (MESSAGE_ID_ARG,)}
    with transaction.atomic():
        if not record_event(message.pk, kind, detail, provider_event_id=f"sendgrid:{event_id}",
                            occurred_at=occurred_at):
            return "duplicate"
        now = clock.now()
        provider_id = str(event.get("sg_message_id") or "").split(".")[0]
        reason = str(event.get("reason") or event.get("response") or "")
        if kind == "delivered":
            advance_status(message, MessageStatus.DELIVERED, now, reason="delivered", provider_id=provider_id)
        elif kind == "bounce":
            bounce_type = str(event.get("type") or "bounce")
            advance_status(message, MessageStatus.BOUNCED, now, error_code=str(event.get("status") or "bounce"),
                           reason=f"{bounce_type}: {reason}", provider_id=provider_id)
            if bounce_type != "blocked":  # "blocked" is a soft, temporary refusal; a bounce is for good
                suppress_address(Channel.EMAIL, message.address, f"sendgrid bounce: {reason}"[:200])
        elif kind == "dropped":
            advance_status(message, MessageStatus.FAILED, now, error_code="dropped", reason=f"dropped: {reason}",
                           provider_id=provider_id)
            if reason in SENDGRID_SUPPRESSING_DROPS:
                suppress_address(Channel.EMAIL, message.address, f"sendgrid dropped: {reason}")
        elif kind == "spamreport":
            suppress_address(Channel.EMAIL, message.address, "sendgrid spam report")
        elif kind in ("unsubscribe", "group_unsubscribe"):
            suppress_address(Channel.EMAIL, message.address, f"sendgrid {kind}")
        elif kind in ("processed", "open", "click") and provider_id and not message.provider_id:
            Message.objects.filter(pk=message.pk, provider_id="").update(provider_id=provider_id)
    return "applied"


def _from_unix(value) -> datetime:
    try:
        return datetime.fromtimestamp(float(value), tz=dt_timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return clock.now()
