"""Audience launches: enroll every contact matching a condition, a batch at a time, resumable.

Each batch is matched by one query (the condition compiled to SQL, which no contact's data can make
raise). A contact whose entry raises is skipped and counted (`failed`, last `error`): the launch goes
on with the others instead of failing, and retrying, the whole batch.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext

from journeys import selectors
from audiences.compiler import condition_ids
from audiences.services.segments import condition_check
from journeys.models import Contact, Journey, Launch
from core import clock
from core.isolation import error_reason, run_isolated
from journeys.runtime.dispatch import enqueue_launch
from journeys.services.enrollments import enrollment_enter
from core.errors import Conflict

LAUNCH_BATCH = 1000

log = logging.getLogger(__name__)


def launch_create(journey: Journey, *, condition: dict | None, user=None, spread_seconds: int = 0,
                  spread_count: int = 0) -> Launch:
    """Start enrolling the contacts matching `condition` (None: everyone), a batch at a time.

    `spread_seconds` spreads the entries (a broadcast's send_over_minutes): the n-th of about `spread_count`
    matched contacts waits at the trigger until n / spread_count of the way through, from now on.
    """
    if condition is not None:
        condition_check(condition)  # the language, and the segments and computed traits it names exist
    version = selectors.journey_live_version(journey)
    if version is None or version.status != "live":
        raise Conflict(gettext("only a live journey can be launched; publish it first"), field="status")
    with transaction.atomic():
        spread = spread_seconds > 0 and spread_count > 0
        launch = Launch.objects.create(journey=journey, version=version, condition=condition, created_by=user,
                                       total=Contact.objects.count(), spread_start=clock.now() if spread else None,
                                       spread_seconds=spread_seconds if spread else 0,
                                       spread_count=spread_count if spread else 0)
        enqueue_launch(launch.pk)
    return launch


def launch_step(launch_id: int, batch: int = LAUNCH_BATCH) -> Launch | None:
    """Examine the next `batch` contacts after the cursor; re-enqueue itself until done."""
    now = clock.now()
    with transaction.atomic():
        launch = Launch.objects.select_for_update().filter(pk=launch_id, state=Launch.State.RUNNING).select_related("version").first()
        if launch is None:
            return None
        contacts = list(Contact.objects.filter(id__gt=launch.cursor).order_by("id")
                        .values_list("id", flat=True)[:batch])
        if not contacts:
            launch.state = Launch.State.DONE
            launch.save(update_fields=["state", "updated_at"])
            return launch
        # One query for the batch: the condition compiled to SQL (audiences/compiler), never per contact.
        matching = contacts if launch.condition is None else condition_ids(launch.condition, now, scope=contacts)
        wakes = _spread_wakes(launch, matching) if launch.spread_seconds else None
        if matching and launch.version.status == "live":
            run_isolated(matching, lambda batch: _enter(launch, batch, now, wakes),
                         lambda c, exc: _skip(launch, c, exc), what=f"launch {launch.pk}")
        launch.cursor = contacts[-1]
        launch.examined += len(contacts)
        launch.matched += len(matching)
        launch.save(update_fields=["cursor", "examined", "matched", "enrolled", "failed", "error", "updated_at"])
        enqueue_launch(launch.pk)
    return launch


def _enter(launch: Launch, contact_ids: list[int], now, wakes: dict[int, datetime] | None) -> None:
    launch.enrolled += len(enrollment_enter(launch.version, contact_ids, now=now, wake_at_by_contact=wakes).enrolled)


def _spread_wakes(launch: Launch, contact_ids: list[int]) -> dict[int, datetime]:
    """Each contact's place in the spread: evenly by its rank among the contacts matched before this batch."""
    first = launch.matched
    return {contact_id: launch.spread_start + timedelta(
                seconds=launch.spread_seconds * min(first + i, launch.spread_count - 1) / launch.spread_count)
            for i, contact_id in enumerate(contact_ids)}


def _skip(launch: Launch, contact_id: int, exc: Exception) -> None:
    launch.failed += 1
    launch.error = f"contact {contact_id}: {error_reason(exc, 250)}"
