"""A static segment's members, added and removed by userId (a JSON list or an uploaded CSV)."""
from __future__ import annotations

import csv
import io

from django.db import transaction
from django.utils.translation import gettext

from audiences.models import Segment, SegmentMembership
from audiences.services.membership import MOVE_EVENTS, size_record
from core import clock
from core.csv_safe import restore_cell
from core.errors import InvalidInput
from journeys.interface import Contact, record_internal_events, segment_moves_watched

MAX_USER_IDS = 100_000


def user_ids_from_csv(text: str) -> list[str]:
    """The first column of each row; a first row reading `userId` (any case) is a header."""
    rows = [row for row in csv.reader(io.StringIO(text)) if row and row[0].strip()]
    if rows and rows[0][0].strip().lower() in ("userid", "user_id"):
        rows = rows[1:]
    return [restore_cell(row[0].strip()) for row in rows]


def _resolve(user_ids: list[str]) -> tuple[dict[str, int], list[str]]:
    if len(user_ids) > MAX_USER_IDS:
        raise InvalidInput("userIds: " + gettext("at most %(count)s per request") % {"count": f"{MAX_USER_IDS:,}"},
                           field="userIds")
    wanted = list(dict.fromkeys(user_ids))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 5000):
        found.update(Contact.objects.filter(user_id__in=wanted[start:start + 5000]).values_list("user_id", "id"))
    return found, [user_id for user_id in wanted if user_id not in found]


def _static(segment: Segment) -> None:
    if segment.kind != Segment.STATIC:
        raise InvalidInput("kind: " + gettext(
            "members of a dynamic segment follow its condition; only a static segment takes a list"), field="kind")


def members_add(segment: Segment, user_ids: list[str]) -> dict:
    """Open a membership for each known userId not in yet; `{"added", "unknown": [userIds]}`."""
    _static(segment)
    found, unknown = _resolve(user_ids)
    now = clock.now()
    with transaction.atomic():
        present = set(SegmentMembership.objects.filter(segment=segment, exited_at__isnull=True,
                                                       contact_id__in=list(found.values()))
                      .values_list("contact_id", flat=True))
        entering = [contact_id for contact_id in found.values() if contact_id not in present]
        SegmentMembership.objects.bulk_create(
            [SegmentMembership(segment=segment, contact_id=contact_id, entered_at=now) for contact_id in entering],
            ignore_conflicts=True, batch_size=5000)
        _moves(segment.key, "enter", entering, now)
        size_record(segment, now)
    return {"added": len(entering), "unknown": unknown, "size": segment.size}


def members_remove(segment: Segment, user_ids: list[str]) -> dict:
    """Close the open memberships of these userIds; `{"removed", "unknown": [userIds]}`."""
    _static(segment)
    found, unknown = _resolve(user_ids)
    now = clock.now()
    with transaction.atomic():
        rows = SegmentMembership.objects.filter(segment=segment, exited_at__isnull=True,
                                                contact_id__in=list(found.values()))
        leaving = list(rows.values_list("contact_id", flat=True))
        rows.update(exited_at=now)
        _moves(segment.key, "exit", leaving, now)
        size_record(segment, now)
    return {"removed": len(leaving), "unknown": unknown, "size": segment.size}


def _moves(key: str, on: str, contact_ids: list[int], now) -> None:
    if contact_ids and (key, on) in segment_moves_watched():
        record_internal_events([{"contact_id": contact_id, "name": MOVE_EVENTS[on], "properties": {"segment": key},
                                 "timestamp": now} for contact_id in contact_ids])
