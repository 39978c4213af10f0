"""The send policy: blacklists, missing addresses, quiet hours, frequency caps. Decided in bulk.

`check_sends` runs inside the runtime's advancing transaction, after the contacts'
rows were locked (SELECT … FOR UPDATE, ordered by id): two journeys sending to the
same contact therefore take turns, and the second one counts the first one's
freshly written messages. That is what keeps a cap from being overshot.
Its reads (channels_app/policy_reads.py) are a fixed few statements per batch, however many cap rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from channels_app.models import Channel, MessageStatus, MessageTemplate
from channels_app.policy_reads import ALL, cap_counters, suppressions
from core import control_group
from core.addresses import matching_address
from journeys.interface import contact_zone, quiet_until


@dataclass(frozen=True)
class SendRequest:
    contact: object  # journeys.models.Contact
    channel: str
    template: str
    journey_id: int | None
    exempt_from_caps: bool = False
    quiet_hours: dict | None = None  # {"start", "end"}; None: the global default, if any
    transactional: bool = False  # journey settings.transactional: never held out as global control


@dataclass(frozen=True)
class Verdict:
    status: str  # queued | suppressed | capped | deferred
    reason: str = ""
    address: str = ""
    not_before: datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.status == MessageStatus.QUEUED


def address_for(contact, channel: str, template: MessageTemplate | None) -> str:
    if channel == Channel.SMS:
        return contact.phone
    if channel == Channel.EMAIL:
        return contact.email
    if channel == Channel.WEBHOOK:
        return template.url if template else ""
    if channel == "wechat":  # the Official Account's openid for this contact, a trait
        return str((contact.traits or {}).get("wechat_openid") or "")
    return contact.user_id or ""


MISSING_ADDRESS = {
    Channel.SMS: "no phone number", Channel.EMAIL: "no email address",
    Channel.WEBHOOK: "template has no URL", Channel.INAPP: "anonymous contact", "wechat": "no WeChat openid",
}


def default_quiet_hours() -> dict | None:
    value = getattr(settings, "JOURNEYS_QUIET_HOURS", "")
    if not value:
        return None
    start, _, end = value.partition("-")
    return {"start": start.strip(), "end": end.strip()}


# Blocks the next channel of a fallback gets round; quiet hours (deferred) hold every channel alike.
FALLBACK_STATUSES = (MessageStatus.SUPPRESSED, MessageStatus.CAPPED)


def check_sends(requests: list[SendRequest], now: datetime) -> list[Verdict]:
    return [verdicts[0] for verdicts in check_plans([[request] for request in requests], now)]


def check_plans(plans: list[list[SendRequest]], now: datetime) -> list[list[Verdict]]:
    """For each send step, its channels in the order to try: the verdicts up to the first one that is not a
    block the next channel gets round (FALLBACK_STATUSES), so the last verdict is the step's outcome."""
    requests = [request for plan in plans for request in plan]
    if not requests:
        return [[] for _ in plans]
    contact_ids = {r.contact.pk for r in requests}
    templates = {t.slug: t for t in MessageTemplate.objects.filter(slug__in={r.template for r in requests})}
    addresses = {}  # per request: the address as stored, and the form a blacklist entry is matched in
    for r in requests:
        address = address_for(r.contact, r.channel, templates.get(r.template))
        addresses[id(r)] = (address, matching_address(address, r.channel) if address else "")
    # Both forms: entries and addresses stored before normalisation still meet their counterparts.
    blocked = suppressions(contact_ids, {form for pair in addresses.values() for form in pair if form})
    caps = [] if all(r.exempt_from_caps for r in requests) else cap_counters(contact_ids, now)
    batch = _Batch(blocked, caps, default_quiet_hours(), control_group.percent(), now)
    # In order: earlier requests of the batch count against the caps of later ones.
    results = []
    for plan in plans:
        verdicts = []
        for request in plan:
            verdicts.append(_decide(request, *addresses[id(request)], batch))
            if verdicts[-1].status not in FALLBACK_STATUSES:
                break
        results.append(verdicts)
    return results


@dataclass(frozen=True)
class _Batch:
    """What every request of a batch is decided against, read or worked out once."""
    blocked: dict  # channels_app.policy_reads.suppressions
    caps: list  # channels_app.policy_reads.cap_counters: counts updated as the batch queues sends
    fallback_quiet: dict | None
    control_share: float
    now: datetime


def _decide(request, address, matched, batch) -> Verdict:
    contact_id = request.contact.pk
    if not request.transactional and control_group.held_out(contact_id, batch.control_share):
        return Verdict(MessageStatus.SUPPRESSED, control_group.GLOBAL_CONTROL, address)
    if not address:
        return Verdict(MessageStatus.SUPPRESSED, MISSING_ADDRESS.get(request.channel, "no address"))
    blocked = batch.blocked
    for channel in (request.channel, ALL):
        reason = (blocked.get(("contact", contact_id, channel)) or blocked.get(("address", address, channel))
                  or blocked.get(("address", matched, channel)))
        if reason is not None:
            scope = "all channels" if channel == ALL else channel
            return Verdict(MessageStatus.SUPPRESSED, f"blacklisted on {scope}: {reason}".rstrip(": "), address)
    quiet = request.quiet_hours or batch.fallback_quiet
    if quiet:
        tz = contact_zone(request.contact.timezone)  # an invalid stored zone falls back to UTC, never raises
        until = quiet_until(batch.now, quiet["start"], quiet["end"], tz)
        if until is not None:
            return Verdict(MessageStatus.DEFERRED, f"quiet hours {quiet['start']}–{quiet['end']} {tz}; sending at "
                                                   f"{until:%Y-%m-%d %H:%M} UTC", address, until)
    if not request.exempt_from_caps:
        applying = [(rule, counts) for rule, counts in batch.caps if rule.channel in (ALL, request.channel)
                    and (not rule.journey_id or rule.journey_id == request.journey_id)]
        for rule, counts in applying:
            if counts.get(contact_id, 0) >= rule.limit:
                scope = "all channels" if rule.channel == ALL else rule.channel
                where = f" in journey {rule.journey_id}" if rule.journey_id else ""
                return Verdict(MessageStatus.CAPPED, f"cap of {rule.limit} {scope} message(s) per "
                                                     f"{_duration(rule.window_seconds)}{where} reached", address)
        for _rule, counts in applying:  # count this send against every rule it falls under
            counts[contact_id] = counts.get(contact_id, 0) + 1
    return Verdict(MessageStatus.QUEUED, "", address)


def _duration(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}" if count != 1 else unit
    return f"{seconds} s"
