"""A send step's channels, tried in order at send time: the rows the runtime writes for one step.

The runtime (journeys/services/advancing.py) hands every send step of its batch here at once, contacts
already locked. For each step: the channel order (the node's list, or with ``"auto"`` ranked by the
contact's engagement, channels_app/services/channel_ranking.py), then the send policy channel after channel
until one is not blocked (no address, blacklisted, capped). Each channel tried is one message row
(`step_attempt` 0, 1, …); the last row's verdict is the step's outcome (queued, deferred, or blocked on every
channel). A queued row carries in `fallback` the channels still to try should its provider fail later
(channels_app/services/fallback.py). A one-channel send writes exactly the one row it always did.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from channels_app.models import Message, MessageStatus
from channels_app.policy import SendRequest, Verdict, check_plans
from channels_app.services.channel_ranking import rank_for_contacts

AUTO = "auto"


@dataclass
class StepSend:
    """One send step of one enrollment: what the node decided and where its rows belong."""

    contact: object  # journeys Contact, locked by the caller
    send: dict  # the node's decision: channels, templates, on_capped, fallback_after_seconds
    enrollment_id: int
    journey_id: int | None
    version_id: int | None
    node: str
    visit: int
    exempt_from_caps: bool = False
    quiet_hours: dict | None = None
    transactional: bool = False
    earlier: Message | None = None  # the step's deferred attempt (quiet hours) being tried again


@dataclass
class StepOutcome:
    rows: list[Message]  # to write, in attempt order; `earlier` (already stored) first when re-run
    verdict: Verdict  # the last row's: the step's outcome


def _orders(steps: list[StepSend], now: datetime) -> list[tuple[list[str], str]]:
    """Each step's channels in the order to try, and why (a ranking's explanation, else "")."""
    orders: list[tuple[list[str], str] | None] = []
    to_rank: list[tuple[int, list[str]]] = []
    for step in steps:
        if step.earlier is not None:  # a re-run resumes where the deferred attempt stood
            plan = step.earlier.fallback or {}
            orders.append(([step.earlier.channel, *plan.get("next", [])], plan.get("why", "")))
        elif step.send.get("channels") == AUTO:
            orders.append(None)
            to_rank.append((step.contact.pk, list(step.send["templates"])))
        else:
            orders.append((list(step.send.get("channels") or [step.send["channel"]]), ""))
    rankings = iter(rank_for_contacts(to_rank, now))
    return [order if order is not None else _ranked(next(rankings)) for order in orders]


def _ranked(ranking) -> tuple[list[str], str]:
    return ranking.order, ranking.reason


def _templates(step: StepSend) -> dict:
    if step.earlier is not None and step.earlier.fallback:
        return step.earlier.fallback["templates"]
    return step.send.get("templates") or {step.send["channel"]: step.send["template"]}


def plan_steps(steps: list[StepSend], now: datetime) -> list[StepOutcome]:
    orders = _orders(steps, now)
    plans = [[SendRequest(contact=step.contact, channel=channel, template=_templates(step)[channel],
                          journey_id=step.journey_id, exempt_from_caps=step.exempt_from_caps,
                          quiet_hours=step.quiet_hours, transactional=step.transactional) for channel in order]
             for step, (order, _) in zip(steps, orders)]
    outcomes = []
    for step, (order, why), verdicts in zip(steps, orders, check_plans(plans, now)):
        multi = len(order) > 1 or bool(step.earlier is not None and step.earlier.fallback)
        first = step.earlier.step_attempt if step.earlier is not None else 0
        rows = []
        for index, verdict in enumerate(verdicts):
            channel = order[index]
            row = step.earlier if index == 0 and step.earlier is not None else Message(
                enrollment_id=step.enrollment_id, journey_id=step.journey_id, version_id=step.version_id,
                node=step.node, visit=step.visit, step_attempt=first + index, contact_id=step.contact.pk,
                channel=channel, template=_templates(step)[channel], created_at=now)
            route = why if index == 0 else f"fell back from {order[index - 1]}: {verdicts[index - 1].reason}"
            if multi:
                row.fallback = _fallback(step, order[index + 1:], route)
            reason = verdict.reason
            if multi and verdict.status == MessageStatus.QUEUED:
                reason = route  # the delivery log says why this channel (status updates keep it: with_route)
            row.status, row.reason, row.address, row.not_before = (
                verdict.status, reason[:500], verdict.address, verdict.not_before)
            rows.append(row)
        outcomes.append(StepOutcome(rows, verdicts[-1]))
    return outcomes


def _fallback(step: StepSend, rest: list[str], why: str) -> dict:
    if step.earlier is not None and step.earlier.fallback:
        return {**step.earlier.fallback, "next": rest, "why": why}
    plan = {"next": rest, "templates": _templates(step), "why": why, "exempt": step.exempt_from_caps,
            "quiet": step.quiet_hours, "transactional": step.transactional}
    if step.send.get("fallback_after_seconds"):
        plan["after_seconds"] = step.send["fallback_after_seconds"]
    return plan
