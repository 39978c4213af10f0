"""The send policy: blacklists, missing addresses, quiet hours, frequency caps. Decided in bulk.

`check_sends` runs inside the runtime's advancing transaction, after the contacts'
rows were locked (SELECT … FOR UPDATE, ordered by id): two journeys sending to the
same contact therefore take turns, and the second one counts the first one's
freshly written messages. That is what keeps a cap from being overshot.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q

from channels_app.models import (
    CAP_COUNTED_STATUSES,
    Channel,
    FrequencyCapRule,
    Message,
    MessageStatus,
    MessageTemplate,
    Suppression,
)
from core import control_group
from core.addresses import matching_address
from journeys.interface import contact_zone, quiet_until

ALL = "all"


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
    addresses = {id(r): address_for(r.contact, r.channel, templates.get(r.template)) for r in requests}
    # Both forms: entries and addresses stored before normalisation still meet their counterparts.
    wanted = {a for a in addresses.values() if a} | {
        matching_address(addresses[id(r)], r.channel) for r in requests if addresses[id(r)]}
    blocked = _suppressions(contact_ids, wanted)
    caps = _cap_counters(requests, now)
    fallback_quiet = default_quiet_hours()
    # In order: earlier requests of the batch count against the caps of later ones.
    results = []
    for plan in plans:
        verdicts = []
        for request in plan:
            verdicts.append(_decide(request, addresses[id(request)], blocked, caps, fallback_quiet, now))
            if verdicts[-1].status not in FALLBACK_STATUSES:
                break
        results.append(verdicts)
    return results


def _decide(request, address, blocked, caps, fallback_quiet, now) -> Verdict:
    if not request.transactional and control_group.held_out(request.contact.pk):
        return Verdict(MessageStatus.SUPPRESSED, control_group.GLOBAL_CONTROL, address)
    if not address:
        return Verdict(MessageStatus.SUPPRESSED, MISSING_ADDRESS.get(request.channel, "no address"))
    for channel in (request.channel, ALL):
        reason = (blocked.get(("contact", request.contact.pk, channel)) or blocked.get(("address", address, channel))
                  or blocked.get(("address", matching_address(address, request.channel), channel)))
        if reason is not None:
            scope = "all channels" if channel == ALL else channel
            return Verdict(MessageStatus.SUPPRESSED, f"blacklisted on {scope}: {reason}".rstrip(": "), address)
    quiet = request.quiet_hours or fallback_quiet
    if quiet:
        tz = contact_zone(request.contact.timezone)  # an invalid stored zone falls back to UTC, never raises
        until = quiet_until(now, quiet["start"], quiet["end"], tz)
        if until is not None:
            return Verdict(MessageStatus.DEFERRED, f"quiet hours {quiet['start']}–{quiet['end']} {tz}; sending at "
                                                   f"{until:%Y-%m-%d %H:%M} UTC", address, until)
    if not request.exempt_from_caps:
        for rule, counts in caps:
            if rule.channel not in (ALL, request.channel) or (rule.journey_id and rule.journey_id != request.journey_id):
                continue
            if counts.get(request.contact.pk, 0) >= rule.limit:
                scope = "all channels" if rule.channel == ALL else rule.channel
                where = f" in journey {rule.journey_id}" if rule.journey_id else ""
                return Verdict(MessageStatus.CAPPED, f"cap of {rule.limit} {scope} message(s) per "
                                                     f"{_duration(rule.window_seconds)}{where} reached", address)
        for rule, counts in caps:  # count this send against every rule it falls under
            if rule.channel in (ALL, request.channel) and (not rule.journey_id or rule.journey_id == request.journey_id):
                counts[request.contact.pk] = counts.get(request.contact.pk, 0) + 1
    return Verdict(MessageStatus.QUEUED, "", address)


def _suppressions(contact_ids: set[int], addresses: set[str]) -> dict[tuple, str]:
    blocked: dict[tuple, str] = {}
    rows = Suppression.objects.filter(Q(contact_id__in=contact_ids) | Q(address__in=addresses))
    for contact_id, address, channel, reason in rows.values_list("contact_id", "address", "channel", "reason"):
        if contact_id:
            blocked[("contact", contact_id, channel)] = reason
        if address:
            blocked[("address", address, channel)] = reason
    return blocked


def _cap_counters(requests: list[SendRequest], now: datetime) -> list[tuple[FrequencyCapRule, dict[int, int]]]:
    """For each cap rule: how many counted messages each contact already has in the rule's window."""
    if all(r.exempt_from_caps for r in requests):
        return []
    contact_ids = {r.contact.pk for r in requests}
    counters = []
    for rule in FrequencyCapRule.objects.all():
        messages = Message.objects.filter(
            contact_id__in=contact_ids, status__in=CAP_COUNTED_STATUSES, is_test=False,  # test sends: uncapped
            created_at__gte=now - timedelta(seconds=rule.window_seconds))
        if rule.channel != ALL:
            messages = messages.filter(channel=rule.channel)
        if rule.journey_id:
            messages = messages.filter(journey_id=rule.journey_id)
        counts = dict(messages.values_list("contact_id").annotate(n=Count("id")).values_list("contact_id", "n"))
        counters.append((rule, counts))
    return counters


def _duration(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}" if count != 1 else unit
    return f"{seconds} s"
