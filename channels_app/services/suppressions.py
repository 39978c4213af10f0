"""The blacklist: writes (manual, CSV import, automatic from providers).

Automatic entries are by address only (the opt-out belongs to the number or the
mailbox, not to every address the contact may have later). Addresses are stored in
their matching form (core.addresses.matching_address: emails lower-cased, phones
E.164), the form contacts' addresses take too and the send policy (channels_app/policy.py)
looks up, so an entry matches however the address was typed. The one-click unsubscribe
link is channels_app/services/unsubscribe.py.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q

from channels_app import selectors
from channels_app.models import Channel, Suppression
from core.addresses import matching_address
from core.csv_safe import restore_cell
from core.errors import Conflict, InvalidInput
from core.validation import InputError, check_text
from journeys.interface import Contact
from workspace.services.audit import Change, audit_record, audit_records

ALL = "all"
SUPPRESSION_CHANNELS = (*Channel.values, ALL)
MAX_IMPORT_ROWS = 100_000
MAX_ADDRESS_LENGTH = 320  # Suppression.address


def normalize_address(address: str, channel: str | None = None) -> str:
    """The matching form of an address on `channel` (none or "all": guessed from its shape)."""
    return matching_address(address or "", channel or None)


def suppress_address(channel: str, address: str, reason: str) -> tuple[Suppression, bool]:
    """Blacklist an address on a channel; a second call (a retried callback) finds the first row."""
    address = normalize_address(address, channel)
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
    deleted, _ = Suppression.objects.filter(channel=channel, address=normalize_address(address, channel)).delete()
    return deleted


# --- the API's writes: role-protected, so each is audited in its own transaction ------------

def _snapshot(suppression: Suppression) -> dict:
    return {"id": suppression.pk, "channel": suppression.channel, "address": suppression.address,
            "userId": suppression.contact.user_id if suppression.contact_id else None, "reason": suppression.reason}


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


def suppression_create(*, channel: str = ALL, user_id: str = "", address: str = "", reason: str = "",
                       actor=None) -> Suppression:
    address = normalize_address(address, channel)
    _check_target(channel, user_id, address)
    contact = _contact_for(user_id) if user_id else None
    try:
        with transaction.atomic():
            suppression = Suppression.objects.create(channel=channel, contact=contact, address=address,
                                                      reason=reason[:200])
            audit_record(actor, Change("suppression.added", "suppression", suppression.pk,
                                       after=_snapshot(suppression)))
            return suppression
    except IntegrityError:
        target = "userId" if user_id else "address"
        raise Conflict(f"{target} is already suppressed on {channel}", field=target) from None


def suppression_delete(suppression: Suppression, *, actor=None) -> None:
    with transaction.atomic():
        before = _snapshot(suppression)
        suppression.delete()
        audit_record(actor, Change("suppression.removed", "suppression", before["id"], before=before))


def suppressions_delete_matching(*, channel: str = "", user_id: str = "", address: str = "", actor=None) -> int:
    """Lift every entry for a contact or an address (on one channel, or all when none is given)."""
    address = normalize_address(address, channel)
    if bool(user_id) == bool(address):
        raise InvalidInput("give either userId or address", field="address" if address else "userId")
    if channel and channel not in SUPPRESSION_CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(SUPPRESSION_CHANNELS)}", field="channel")
    rows = Suppression.objects.filter(Q(contact__user_id=user_id) if user_id else Q(address=address))
    if channel:
        rows = rows.filter(channel=channel)
    with transaction.atomic():
        lifted = list(rows.select_related("contact").select_for_update(of=("self",)))
        Suppression.objects.filter(pk__in=[row.pk for row in lifted]).delete()
        audit_records(actor, [Change("suppression.removed", "suppression", row.pk, before=_snapshot(row))
                              for row in lifted])
    return len(lifted)


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0  # already suppressed, or repeated in the file
    rows: int = 0
    errors: list = field(default_factory=list)


def suppressions_import_csv(text: str, *, actor=None) -> ImportReport:
    """All rows or none: the whole file is checked before anything is written."""
    # newline=None: a lone \r (old Mac files, a cell pasted from elsewhere) ends a line instead of breaking csv.
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=None))
    columns = {c.strip() for c in _csv_header(reader) if c}
    if not columns & {"userId", "address"}:
        raise InvalidInput("the CSV needs a header row with a userId or an address column (and optionally "
                           "channel, reason)", field="file")
    wanted: dict[tuple, Suppression] = {}
    report = ImportReport()
    user_ids = set()
    parsed = []
    for line, row in _csv_rows(reader):
        # restore_cell: a file we exported carries `'+1555…` for `+1555…` (core.csv_safe).
        row = {k: restore_cell(v) for k, v in row.items()}
        channel = row.get("channel") or ALL
        user_id, address = row.get("userId", ""), normalize_address(row.get("address", ""), channel)
        if not user_id and not address and not any(row.values()):
            continue  # a blank line
        report.rows += 1
        if report.rows > MAX_IMPORT_ROWS:
            raise InvalidInput(f"at most {MAX_IMPORT_ROWS} rows per import", field="file")
        try:
            _check_target(channel, user_id, address)
        except InvalidInput as exc:
            raise InvalidInput(f"line {line}: {exc.message}", field=exc.field) from None
        if len(address) > MAX_ADDRESS_LENGTH:
            raise InvalidInput(f"line {line}: address is longer than {MAX_ADDRESS_LENGTH} characters", field="address")
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
        # One record per import, not per row: a file may hold 100,000 of them.
        audit_record(actor, Change("suppressions.imported", "suppression", None,
                                   after={"rows": report.rows, "created": report.created, "skipped": report.skipped}))
    return report


def _csv_header(reader: csv.DictReader) -> list[str]:
    try:
        names = reader.fieldnames or []
    except csv.Error as exc:
        raise InvalidInput(f"line 1: {exc}", field="file") from None
    _check_cells(dict.fromkeys((n for n in names if n), ""), 1)
    return names


def _csv_rows(reader: csv.DictReader):
    """(line, {column: trimmed cell}) for each record; a line csv cannot read or a cell with NUL is a 400 naming it."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field past csv's size limit, a NUL where csv refuses one
            # The inner reader's count: DictReader's own only moves on after a row was read.
            raise InvalidInput(f"line {reader.reader.line_num}: {exc}", field="file") from None
        cells = {(k or "").strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str) and k}
        _check_cells(cells, reader.line_num)
        yield reader.line_num, cells


def _check_cells(cells: dict[str, str], line: int) -> None:
    """NUL and lone surrogates cannot be stored (core.validation); the file is refused at that line."""
    for column, value in cells.items():
        try:
            check_text(column, "a column name")
            check_text(value, column)
        except InputError as exc:
            raise InvalidInput(f"line {line}: {exc}", field="file") from None
