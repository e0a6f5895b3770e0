"""firmops.spreadsheets: a cell that would start a formula opens as text, and reads back as typed."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from firmops.spreadsheets import FORMULA_LEADS, SafeWriter, cell_restored, cell_safe

REPO = Path(__file__).resolve().parents[2]
HOSTILE = [
    '=HYPERLINK("http://evil.example","x") drafted RFPs',
    "+1 555 0100 called back",
    "-drafted RFPs",
    "-3.5",  # a number, but in a text column: still text
    "@SUM(A1:A9)",
    "\t=1+2",
    "\r=1+2",
    "=cmd|' /C calc'!A0",
    "'=already marked by hand",
    "''+twice",
]
PLAIN = ["drafted RFPs", "", "'quoted' on purpose", "e-filed MSJ opp", "2026-03-02", "100% done", "a=b"]


def _written(row) -> list[str]:
    out = io.StringIO()
    SafeWriter(out).writerow(row)
    return next(csv.reader(io.StringIO(out.getvalue())))


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_start_a_formula_opens_as_text(text):
    (cell,) = _written([text])
    assert cell.startswith("'") and not cell.startswith(FORMULA_LEADS)
    assert cell_restored(cell) == text


@pytest.mark.parametrize("text", PLAIN)
def test_ordinary_text_is_written_as_typed(text):
    assert _written([text]) == [text]
    assert cell_restored(text) == text


@pytest.mark.parametrize("number", [-3.5, Decimal("-3.50"), -15, 0, Decimal("1325.00")])
def test_a_number_in_a_numeric_column_stays_a_number_even_when_negative(number):
    (cell,) = _written([number])
    assert cell == str(number)
    assert Decimal(cell) == Decimal(str(number))


def test_every_text_is_given_back_by_the_round_trip_and_no_two_texts_write_the_same_cell():
    texts = HOSTILE + PLAIN + ["'", "''", "'-", "-", "=", "@"]
    written = [cell_safe(t) for t in texts]
    assert [cell_restored(c) for c in written] == texts
    assert len(set(written)) == len(texts)


def test_dates_and_other_values_are_written_as_their_text():
    import datetime as dt

    assert _written([dt.date(2026, 3, 2), None, True]) == ["2026-03-02", "", "True"]


def test_no_module_of_firmops_writes_csv_except_through_safe_writer():
    """A CSV writer added later must go through SafeWriter, or it could write a live formula."""
    apps = ["firmops", "audit", "providers", "onboarding", "performance", "bench"]
    direct = re.compile(r"\bcsv\.(?:writer|DictWriter)\b|from csv import[^\n]*\b(?:writer|DictWriter)\b")
    offenders = [
        str(path.relative_to(REPO))
        for app in apps
        for path in (REPO / app).rglob("*.py")
        if path.name != "spreadsheets.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
