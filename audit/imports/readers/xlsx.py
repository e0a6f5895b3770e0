"""An .xlsx workbook's first sheet as a table, read with openpyxl in read-only mode (rows streamed).

Cells come back as the text a CSV of the same sheet would hold: a date cell as 2026-03-04, a
duration cell (h:mm format) as 1:30, a number without a trailing .0, so one mapping serves both.
openpyxl parses through defusedxml (installed beside it), so an XML bomb is refused; the row and
column caps stop a zip bomb from streaming millions of filler cells.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from audit.imports.readers.table import Table

EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_COLUMNS = 200
MAX_ROWS = 300_000


class NotAWorkbook(Exception):
    pass


class TooManyRows(Exception):
    pass


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return _clock(value) if value.year < 1901 else f"{value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, dt.timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


def _clock(value: dt.datetime) -> str:
    """An h:mm duration of a day or more, which Excel keeps as a moment counted from its epoch."""
    hours = (value.date() - EXCEL_EPOCH).days * 24 + value.hour
    return f"{hours}:{value.minute:02d}"


def xlsx_table(stream: BinaryIO) -> tuple[Table, str, int]:
    """The first sheet's header and rows, its name and its rows as it declares them (0: it does not).

    NotAWorkbook if it cannot be opened. Reading every row closes the workbook; else `table.close()`.
    """
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise NotAWorkbook(str(exc)) from exc
    if not book.worksheets:
        book.close()
        raise NotAWorkbook("it has no sheet")
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header: list[str] = []
    for first in rows:
        header = [cell_text(v) for v in first]
        break
    while header and not header[-1]:
        header.pop()  # the filler cells right of the last named column

    def data() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(rows, start=2):
                if number > MAX_ROWS:
                    raise TooManyRows
                cells = [cell_text(v) for v in values[: max(len(header), 1)]]
                if any(cells):
                    yield number, cells
        finally:
            book.close()

    return Table(header, data(), book.close), sheet.title, min(sheet.max_row or 0, MAX_ROWS)
