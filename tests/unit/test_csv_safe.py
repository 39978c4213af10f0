"""CSV exports never hand a spreadsheet a formula: OWASP's leading characters get a `'` in front."""
import pytest

from core.csv_safe import neutralise_cell, neutralise_row, restore_cell


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil.example","x")', "+SUM(A1:A9)", "-2+3", "@SUM(A1)",
                                  "\t=1+1", "\r=1+1"])
def test_a_cell_a_spreadsheet_would_evaluate_is_prefixed_with_a_quote(cell):
    assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["ada@example.com", "plain text", "", "a=b", "1+1", " =x"])
def test_other_text_is_left_as_it_is(cell):
    assert neutralise_cell(cell) == cell


def test_numbers_and_empty_values_are_never_touched():
    assert neutralise_row([-5, 1.5, None, "x", "=1"]) == [-5, 1.5, None, "x", "'=1"]


def test_restoring_gives_back_what_was_neutralised_and_nothing_else():
    for cell in ("+15550001111", "=A1", "-x", "'quoted already", "plain"):
        assert restore_cell(neutralise_cell(cell)) == cell
