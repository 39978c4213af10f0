"""The blacklist: writes (manual, CSV import, automatic from providers).

Automatic entries are by address only (the opt-out belongs to the number or the
mailbox, not to every address the contact may have later); the send policy
(channels_app/policy.py) matches addresses exactly as the contact's traits hold
them, so addresses are stored as given, only trimmed. The one-click unsubscribe link
is channels_app/services/unsubscribe.py.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q

from channels_app import selectors
from channels_app.models import Channel, Suppression
from core.errors import Conflict, InvalidInput
from journeys.interface import Contact

ALL = "all"
SUPPRESSION_CHANNELS = (*Channel.values, ALL)
MAX_IMPORT_ROWS = 100_000


def normalize_address(address: str) -> str:
    return (address or "").strip()


def suppress_address(channel: str, address: str, reason: str) -> tuple[Suppression, bool]:
    """Blacklist an address on a channel; a second call (a retried callback) finds the first row."""
    address = normalize_address(address)
    existing = Suppression.objects.filter(channel=channel, address=address).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Suppression.objects.create(channel=channel, address=address, reason=reason[:200]), True
    except IntegrityError:  # a concurrent callback won the race: the unique constraint kept one row
        return Suppression.objects.get(channel=channel, address=address), False


def lift_address(channel: str, address: str) -> int:
    """Undo an opt-out on this channel (START). A blacklist on all channels is an operator's, and stays."""
    deleted, _ = Suppression.objects.filter(channel=channel, address=normalize_address(address)).delete()
    return deleted


# --- the API's writes ---------------------------------------------------------------------

def _contact_for(user_id: str, field_name: str = "userId") -> Contact:
    contact = selectors.contact_by_user_id(user_id)
    if contact is None:
        raise InvalidInput(f"no contact with userId {user_id!r}", field=field_name)
    return contact


def _check_target(channel: str, user_id: str, address: str) -> None:
    if channel not in SUPPRESSION_CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(SUPPRESSION_CHANNELS)}", field="channel")
    if bool(user_id) == bool(address):
        raise InvalidInput("give either userId or address", field="address" if address else "userId")


def suppression_create(*, channel: str = ALL, user_id: str = "", address: str = "", reason: str = "") -> Suppression:
    address = normalize_address(address)
    _check_target(channel, user_id, address)
    contact = _contact_for(user_id) if user_id else None
    try:
        with transaction.atomic():
            return Suppression.objects.create(channel=channel, contact=contact, address=address, reason=reason[:200])
    except IntegrityError:
        target = "userId" if user_id else "address"
        raise Conflict(f"{target} is already suppressed on {channel}", field=target) from None


def suppression_delete(suppression: Suppression) -> None:
    suppression.delete()


def suppressions_delete_matching(*, channel: str = "", user_id: str = "", address: str = "") -> int:
    """Lift every entry for a contact or an address (on one channel, or all when none is given)."""
    address = normalize_address(address)
    if bool(user_id) == bool(address):
        raise InvalidInput("give either userId or address", field="address" if address else "userId")
    if channel and channel not in SUPPRESSION_CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(SUPPRESSION_CHANNELS)}", field="channel")
    rows = Suppression.objects.filter(Q(contact__user_id=user_id) if user_id else Q(address=address))
    if channel:
        rows = rows.filter(channel=channel)
    with transaction.atomic():
        deleted, _ = rows.delete()
    return deleted


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0  # already suppressed, or repeated in the file
    rows: int = 0
    errors: list = field(default_factory=list)


def suppressions_import_csv(text: str) -> ImportReport:
    """All rows or none: the whole file is checked before anything is written."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {c.strip() for c in (reader.fieldnames or []) if c}
    if not columns & {"userId", "address"}:
        raise InvalidInput("the CSV needs a header row with a userId or an address column (and optionally "
                           "channel, reason)", field="file")
    wanted: dict[tuple, Suppression] = {}
    report = ImportReport()
    user_ids = set()
    parsed = []
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        channel = row.get("channel") or ALL
        user_id, address = row.get("userId", ""), normalize_address(row.get("address", ""))
        if not user_id and not address and not any(row.values()):
            continue  # a blank line
        report.rows += 1
        if report.rows > MAX_IMPORT_ROWS:
            raise InvalidInput(f"at most {MAX_IMPORT_ROWS} rows per import", field="file")
        try:
            _check_target(channel, user_id, address)
        except InvalidInput as exc:
            raise InvalidInput(f"line {line}: {exc.message}", field=exc.field) from None
        parsed.append((line, channel, user_id, address, row.get("reason", "")[:200]))
        if user_id:
            user_ids.add(user_id)
    contacts = selectors.contact_pks_by_user_id(user_ids)
    for line, channel, user_id, address, reason in parsed:
        if user_id and user_id not in contacts:
            raise InvalidInput(f"line {line}: no contact with userId {user_id!r}", field="userId")
        key = (channel, contacts.get(user_id) if user_id else None, address)
        if key in wanted:
            report.skipped += 1
            continue
        wanted[key] = Suppression(channel=channel, contact_id=key[1], address=address,
                                  reason=reason or "imported from CSV")
    with transaction.atomic():
        existing = set()
        by_address = [k for k in wanted if k[2]]
        by_contact = [k for k in wanted if not k[2]]
        if by_address:
            existing |= {(c, None, a) for c, a in Suppression.objects.filter(
                address__in={k[2] for k in by_address}).values_list("channel", "address")}
        if by_contact:
            existing |= {(c, pk, "") for c, pk in Suppression.objects.filter(
                address="", contact_id__in={k[1] for k in by_contact}).values_list("channel", "contact_id")}
        fresh = [s for key, s in wanted.items() if key not in existing]
        report.skipped += len(wanted) - len(fresh)
        # ignore_conflicts: a row added concurrently since the check above is skipped, not an error.
        Suppression.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
        report.created = len(fresh)
    return report

