"""CSV that a spreadsheet opens as data: OWASP's CSV-injection defence for every file firmops writes.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (and, after a tab or a
carriage return, whatever follows) as a formula, so a task description typed as
`=HYPERLINK("http://evil.example","x")` would become a live link in the partner's spreadsheet.
Text cells that could start a formula get a leading apostrophe, which spreadsheets read as "this
is text"; numbers are written as numbers. The decision follows the column's type (a Python number
is a number, a str is text), never a guess from the value, so -3.5 minutes stays a number while a
description "-3.5 h drafting" is neutralised. cell_restored undoes it on import, so a round trip
gives back the original text.

defusedcsv was considered: it misses tab and carriage return, rewrites | as \\| with no way back for
an import, and judges numbers by a regex on the value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TextIO

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
NUMBERS = (int, float, Decimal)


def _starts_a_formula(text: str) -> bool:
    # Apostrophes already in front count too, so that a text that really starts with "'=" gets its
    # own mark and cell_restored can tell the two apart: the mapping stays one to one.
    return text.lstrip(TEXT_MARK).startswith(FORMULA_LEADS)


def cell_safe(value: Any) -> Any:
    """A cell as written: text that would start a formula gets the text mark; numbers pass as numbers."""
    if value is None or (isinstance(value, NUMBERS) and not isinstance(value, bool)):
        return value
    text = str(value)
    return TEXT_MARK + text if _starts_a_formula(text) else text


def cell_restored(text: str) -> str:
    """A cell as read back: the text cell_safe was given (a file firmops wrote imports unchanged)."""
    if text.startswith(TEXT_MARK) and _starts_a_formula(text[1:]):
        return text[1:]
    return text


class SafeWriter:
    """csv.writer whose every row goes through cell_safe; the one way firmops writes CSV."""

    def __init__(self, out: TextIO, **fmtparams: Any):
        self._writer = csv.writer(out, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([cell_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
