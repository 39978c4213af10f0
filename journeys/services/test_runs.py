"""Test sends: the draft run for real for one contact, with every wait cut to a second, sending only to test addresses.

The run is an ordinary enrollment flagged `is_test`, so the real runtime carries it (scheduler, advance,
delivery) and the canvas can follow it. What differs is decided where the runtime asks (services/advancing.py):
its waits last at most TEST_WAIT, its sends skip the workspace policy and go to the test address of their channel
(a channel without one is logged `suppressed`), its messages are flagged `is_test`; stats, conversions, caps and
the re-entry rule leave it out. Test addresses: the `to` given, else JOURNEYS_TEST_RECIPIENTS (a comma list);
when that list is set, a `to` must be on it, so a test can never reach a real customer by mistake.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from channels_app.models import MessageStatus
from channels_app.policy import Verdict
from channels_app.services.fallback_plans import StepOutcome
from core import clock
from core.errors import Conflict, InvalidInput
from journeys import selectors
from journeys.graph.spec import Graph
from journeys.models import Enrollment, EnrollmentState, Journey, TestRun
from journeys.runtime.catalog import engine_for
from journeys.runtime.dispatch import enqueue_advance
from journeys.runtime.engine import start_cursor
from journeys.services.validation import journey_validate

TEST_WAIT = timedelta(seconds=1)


def test_recipients() -> list[str]:
    raw = getattr(settings, "JOURNEYS_TEST_RECIPIENTS", "") or ""
    items = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    return [item.strip() for item in items if item.strip()]


def test_run_start(journey: Journey, *, user_id: str, to: str = "", user=None, now: datetime | None = None) -> TestRun:
    now = now or clock.now()
    contact = selectors.contact_by_user_id(user_id)
    if contact is None:
        raise InvalidInput(gettext("no contact with userId %(user_id)s; identify it first")
                           % {"user_id": repr(user_id)}, field="userId")
    allowed = test_recipients()
    to = (to or "").strip()
    if to and allowed and to not in allowed:
        raise InvalidInput(gettext("to must be one of the test recipients (JOURNEYS_TEST_RECIPIENTS)"), field="to")
    if not to and not allowed:
        raise InvalidInput(gettext("no test address: give to, or set JOURNEYS_TEST_RECIPIENTS"), field="to")
    version = selectors.journey_latest_version(journey)
    errors = [i for i in journey_validate(Graph.from_dict(version.graph)) if i.severity == "error"]
    if errors:
        raise Conflict(gettext("the draft has %(count)s validation error(s); fix them before a test send")
                       % {"count": len(errors)}, field="draft")
    engine = engine_for(version)
    cursor = start_cursor(engine.triggers[0].id, now)
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                journey=journey, version=version, contact=contact, state=EnrollmentState.ACTIVE, is_test=True,
                current_node=cursor.node, visits=cursor.visits, path=cursor.path, entered_at=now, claimed_at=now)
            run = TestRun.objects.create(journey=journey, enrollment=enrollment, to=to, created_by=user, created_at=now)
            enqueue_advance([enrollment.pk])
    except IntegrityError:
        raise Conflict(gettext("a test run for this contact is still going; wait for it to finish"),
                       field="userId") from None
    return run


def test_wake_at(park_until: datetime | None, now: datetime) -> datetime:
    """A test run's wait: the real one, cut to at most TEST_WAIT."""
    return min(park_until, now + TEST_WAIT) if park_until else now + TEST_WAIT


def _test_address(channel: str, to: str) -> str:
    """The first test address that can take this channel: an email for email, a phone number for SMS."""
    for candidate in ([to] if to else test_recipients()):
        if channel == "email" and "@" in candidate:
            return candidate
        if channel == "sms" and "@" not in candidate and candidate.lstrip("+").replace(" ", "").isdigit():
            return candidate
    return ""


def as_test_send(enrollment_id: int, planned: StepOutcome) -> StepOutcome:
    """A test step: its first channel only, to that channel's test address (else logged suppressed), flagged is_test.

    It skips blacklist, caps and quiet hours (it goes to a tester, not the contact) and counts against no cap.
    """
    row = planned.rows[0]
    address = _test_address(row.channel, TestRun.objects.filter(enrollment_id=enrollment_id)
                            .values_list("to", flat=True).first() or "")
    row.is_test, row.not_before = True, None
    row.fallback = {}  # no later channel: a fallback would be sent outside this check, maybe to the contact
    if address:
        row.status, row.reason, row.address = MessageStatus.QUEUED, "test send", address
    else:
        row.status, row.reason, row.address = (MessageStatus.SUPPRESSED,
                                               f"test send: no test address for {row.channel}", "")
    return StepOutcome(rows=[row], verdict=Verdict(row.status, row.reason, row.address))
