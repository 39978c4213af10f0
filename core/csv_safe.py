"""CSV cells that a spreadsheet will not run (OWASP "CSV injection"). Every CSV we write goes through here.

A cell beginning with `=`, `+`, `-` or `@` is a formula to Excel, LibreOffice and Google
Sheets (`=HYPERLINK(…)`, `+SUM(…)`, `@SUM(…)`); one beginning with a tab or a carriage
return may become one once the spreadsheet trims it. Such a cell is prefixed with `'`,
which makes it text. Only strings are touched: a number is never a formula. Phone
numbers in E.164 (`+15550100`) are prefixed too; our own importers take the prefix off
again (`restore_cell`), so an export imports back unchanged.
"""
from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return NEUTRALISER + value
    return value


def neutralise_row(row: Iterable) -> list:
    return [neutralise_cell(value) for value in row]


def restore_cell(value: str) -> str:
    """The value before `neutralise_cell`: for importers reading back a file we exported."""
    if isinstance(value, str) and value.startswith(NEUTRALISER) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
