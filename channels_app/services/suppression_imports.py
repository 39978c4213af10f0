"""The `/settings/suppressions` page's CSV import: row by row, so one bad line never stops the others.

The API's import (`suppressions.suppressions_import_csv`) takes all rows or none, as its contract says; an
operator uploading a file from another tool wants the good rows in and a list of the lines to fix. The file's
shape (a header naming `userId` or `address`) is still checked first: a file without it is refused whole.
Rows are checked the same way as the API's (channel, a userId or an address, lengths, NUL), then written with
one set-based insert and audited once per import.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from channels_app import selectors
from channels_app.models import Suppression
from channels_app.services.suppressions import (
    ALL,
    MAX_ADDRESS_LENGTH,
    MAX_IMPORT_ROWS,
    SUPPRESSION_CHANNELS,
    normalize_address,
)
from core.csv_io import MAX_CSV_BYTES
from core.csv_safe import restore_cell
from core.errors import InvalidInput
from core.validation import InputError, check_text
from workspace.services.audit import Change, audit_record

MAX_REASON_LENGTH = 200  # Suppression.reason


@dataclass
class LineError:
    line: int
    message: str


@dataclass
class TolerantImportReport:
    rows: int = 0
    created: int = 0
    skipped: int = 0  # already suppressed, or repeated in the file
    errors: list[LineError] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    channel: str
    user_id: str
    address: str
    reason: str


def suppressions_import_tolerant(data: bytes, *, actor=None) -> TolerantImportReport:
    """Add every good row of a CSV file; report each bad one by its line number."""
    if len(data) > MAX_CSV_BYTES:
        raise InvalidInput(_("the file is larger than %(limit)s bytes") % {"limit": f"{MAX_CSV_BYTES:,}"},
                           field="file")
    text = data.decode("utf-8-sig", "replace")
    # newline=None: a lone \r (old Mac files) ends a line instead of breaking csv.
    reader = csv.DictReader(io.StringIO(text, newline=None))
    try:
        columns = {(name or "").strip() for name in reader.fieldnames or []}
    except csv.Error as exc:
        raise InvalidInput(_("line 1: %(problem)s") % {"problem": exc}, field="file") from None
    if not columns & {"userId", "address"}:
        raise InvalidInput(_("the CSV needs a header row with a userId or an address column (and channel, reason)"),
                           field="file")
    report = TolerantImportReport()
    rows = list(_checked_rows(reader, report))
    contacts = selectors.contact_pks_by_user_id({row.user_id for row in rows if row.user_id})
    wanted: dict[tuple, Suppression] = {}
    for row in rows:
        if row.user_id and row.user_id not in contacts:
            report.errors.append(LineError(row.line, _("no contact with userId %(user_id)s") % {
                "user_id": repr(row.user_id)}))
            continue
        key = (row.channel, contacts.get(row.user_id) if row.user_id else None, row.address)
        if key in wanted:
            report.skipped += 1
            continue
        wanted[key] = Suppression(channel=row.channel, contact_id=key[1], address=row.address,
                                  reason=row.reason or "imported from CSV")
    with transaction.atomic():
        existing = _existing_keys(wanted)
        fresh = [suppression for key, suppression in wanted.items() if key not in existing]
        report.skipped += len(wanted) - len(fresh)
        # ignore_conflicts: a row added concurrently since the check above is skipped, not an error.
        Suppression.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
        report.created = len(fresh)
        audit_record(actor, Change("suppressions.imported", "suppression", None, after={
            "rows": report.rows, "created": report.created, "skipped": report.skipped,
            "failed": len(report.errors)}))
    report.errors.sort(key=lambda error: error.line)
    return report


def _checked_rows(reader: csv.DictReader, report: TolerantImportReport):
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # an unreadable line: reported, and the reader goes on with the next one
            report.rows += 1
            report.errors.append(LineError(reader.reader.line_num, str(exc)))
            continue
        cells = {(k or "").strip(): restore_cell((v or "").strip())
                 for k, v in record.items() if isinstance(k, str) and k}
        if not any(cells.values()):
            continue  # a blank line
        report.rows += 1
        if report.rows > MAX_IMPORT_ROWS:
            raise InvalidInput(_("at most %(limit)s rows per import") % {"limit": MAX_IMPORT_ROWS}, field="file")
        problem = _row_problem(cells)
        if problem:
            report.errors.append(LineError(reader.line_num, problem))
            continue
        channel = cells.get("channel") or ALL
        yield _Row(reader.line_num, channel, cells.get("userId", ""),
                   normalize_address(cells.get("address", ""), channel), cells.get("reason", "")[:MAX_REASON_LENGTH])


def _row_problem(cells: dict[str, str]) -> str | None:
    for column, value in cells.items():
        try:
            check_text(value, column)
        except InputError as exc:
            return str(exc)
    channel = cells.get("channel") or ALL
    if channel not in SUPPRESSION_CHANNELS:
        return _("channel must be one of %(channels)s") % {"channels": ", ".join(SUPPRESSION_CHANNELS)}
    if bool(cells.get("userId")) == bool(cells.get("address")):
        return _("give either a userId or an address")
    if len(cells.get("address", "")) > MAX_ADDRESS_LENGTH:
        return _("the address is longer than %(limit)s characters") % {"limit": MAX_ADDRESS_LENGTH}
    return None


def _existing_keys(wanted: dict[tuple, Suppression]) -> set[tuple]:
    existing: set[tuple] = set()
    by_address = {key[2] for key in wanted if key[2]}
    by_contact = {key[1] for key in wanted if not key[2]}
    if by_address:
        existing |= {(channel, None, address) for channel, address in Suppression.objects.filter(
            address__in=by_address).values_list("channel", "address")}
    if by_contact:
        existing |= {(channel, pk, "") for channel, pk in Suppression.objects.filter(
            address="", contact_id__in=by_contact).values_list("channel", "contact_id")}
    return existing
