"""Channel fallback after the send: the step's next channel when an attempt fails or is not delivered in time.

A send step with several channels (design section 12) writes one message row per channel tried, numbered by
`step_attempt`, each carrying in `fallback` the channels still to try after it. The runtime tries them in
order up front while the policy blocks (no address, blacklisted, capped: channels_app/services/
fallback_plans.py); this module carries on once an attempt was queued:

- the provider failed it (a permanent error, attempts exhausted, or a failed/undelivered/bounced status
  callback) → `fall_back` writes the next attempt, through the policy again, under the contact's row lock;
- it was sent but not delivered within `after_seconds` → `arm_timers` stamped `fallback_at` when the provider
  accepted it; `supersede_overdue` (a scheduler duty) locks each due row, and only if it is still not
  delivered marks it `superseded` and falls back. A delivery callback takes the same row lock
  (callbacks.advance_status), so exactly one of the two wins: delivered first → no fallback; superseded
  first → the late report is recorded as an event and moves nothing (`superseded` is not in its ranks).
  A partial unique index (one delivered row per step) backs that up in the database.

Not a failure: a message deferred (quiet hours, a rate budget, an open circuit) or in doubt (it may have
reached the provider: a second channel could double the message) never falls back.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from channels_app.models import DeliveryEvent, Message, MessageStatus
from channels_app.policy import SendRequest, check_plans

NOT_DELIVERED = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT)
FAILED = (MessageStatus.FAILED, MessageStatus.UNDELIVERED, MessageStatus.BOUNCED)
NO_FALLBACK_ERRORS = ("in_doubt",)
SWEEP_BATCH = 500


def with_route(message: Message, reason: str) -> str:
    """A status reason keeping why this channel was chosen ("ranked wechat > sms (opens 3 vs 0)")."""
    why = (message.fallback or {}).get("why", "")
    return (f"{why}; {reason}" if why and reason else why or reason)[:500]


def next_request(message: Message, contact, channel: str) -> SendRequest:
    plan = message.fallback
    return SendRequest(contact=contact, channel=channel, template=plan["templates"][channel],
                       journey_id=message.journey_id, exempt_from_caps=bool(plan.get("exempt")),
                       quiet_hours=plan.get("quiet"), transactional=bool(plan.get("transactional")))


def fall_back(message: Message, cause: str, now: datetime, error_code: str | None = None) -> list[int]:
    """Write the step's next attempt(s) after `message` failed for `cause`; ids of the rows written.

    Runs in the caller's transaction. Idempotent: the next attempt's unique key (enrollment, node, visit,
    step_attempt) is looked for first, under the contact's row lock that serialises the send policy.
    """
    plan = message.fallback or {}
    code = message.error_code if error_code is None else error_code
    if not plan.get("next") or code in NO_FALLBACK_ERRORS or not message.enrollment_id:
        return []
    contacts = Message._meta.get_field("contact").related_model  # the journeys Contact, not imported
    contact = contacts.objects.select_for_update().get(pk=message.contact_id)
    step = Message.objects.filter(enrollment_id=message.enrollment_id, node=message.node, visit=message.visit)
    if step.filter(step_attempt__gt=message.step_attempt).exists():
        return []  # fallen back already (a repeated callback or sweep)
    channels = list(plan["next"])
    verdicts = check_plans([[next_request(message, contact, channel) for channel in channels]], now)[0]
    rows = []
    for index, (channel, verdict) in enumerate(zip(channels, verdicts)):
        status, reason = verdict.status, verdict.reason
        route = (f"fell back from {message.channel}: {cause}" if index == 0
                 else f"fell back from {channels[index - 1]}: {verdicts[index - 1].reason}")[:300]
        if status == MessageStatus.DEFERRED:
            # Quiet hours: the enrollment moved on long ago, so the outbox holds the row until then.
            status = MessageStatus.QUEUED
        if status == MessageStatus.QUEUED:
            reason = route + (f"; {reason}" if reason else "")
        rows.append(Message(
            enrollment_id=message.enrollment_id, journey_id=message.journey_id, version_id=message.version_id,
            node=message.node, visit=message.visit, step_attempt=message.step_attempt + 1 + index,
            contact_id=message.contact_id, channel=channel, template=plan["templates"][channel],
            address=verdict.address, status=status, reason=reason[:500], not_before=verdict.not_before,
            fallback={**plan, "next": channels[index + 1:], "why": route}, created_at=now, updated_at=now))
    written = Message.objects.bulk_create(rows)
    DeliveryEvent.objects.create(message_id=message.pk, kind="fallback", occurred_at=now, detail={
        "cause": cause[:500], "next": [f"{m.channel}: {m.status}" for m in written]})
    return [m.pk for m in written]


def arm_timers(messages: list[Message], now: datetime) -> None:
    """Sent attempts that fall back unless delivered within their step's `after_seconds`: stamp when."""
    by_delay: dict[int, list[int]] = {}
    for message in messages:
        plan = message.fallback or {}
        if plan.get("after_seconds") and plan.get("next"):
            by_delay.setdefault(int(plan["after_seconds"]), []).append(message.pk)
    for seconds, ids in by_delay.items():  # a journey has few distinct delays: one UPDATE each
        Message.objects.filter(pk__in=ids, status=MessageStatus.SENT, fallback_at__isnull=True).update(
            fallback_at=now + timedelta(seconds=seconds))


def supersede_overdue(now: datetime, limit: int = SWEEP_BATCH) -> list[int]:
    """The fallback timer: attempts still not delivered at their `fallback_at` give way to the next channel.

    Rows another transaction holds (a delivery callback on it right now) are skipped and seen next tick.
    Returns the ids of the attempts written.
    """
    written: list[int] = []
    with transaction.atomic():
        due = list(Message.objects.select_for_update(skip_locked=True)
                   .filter(fallback_at__lte=now).order_by("fallback_at", "id")[:limit])
        for message in due:
            if message.status not in NOT_DELIVERED:
                Message.objects.filter(pk=message.pk).update(fallback_at=None)
                continue
            seconds = (message.fallback or {}).get("after_seconds")
            cause = f"not delivered within {seconds}s"
            Message.objects.filter(pk=message.pk).update(
                status=MessageStatus.SUPERSEDED, fallback_at=None, updated_at=now,
                reason=f"{cause}; superseded by the next channel")
            DeliveryEvent.objects.create(message_id=message.pk, kind="superseded", occurred_at=now,
                                         detail={"after_seconds": seconds, "was": message.status})
            written.extend(fall_back(message, cause, now))
    return written


def after_status_change(message: Message, previous: str, new_status: str, cause: str, now: datetime,
                        error_code: str = "") -> None:
    """A callback moved `message` (callbacks.advance_status): a failure falls back; any end stops its timer."""
    if new_status in FAILED and previous in NOT_DELIVERED:
        fall_back(message, cause or new_status, now, error_code=error_code)
    if new_status not in NOT_DELIVERED:
        Message.objects.filter(pk=message.pk, fallback_at__isnull=False).update(fallback_at=None)
