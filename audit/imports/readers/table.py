"""Tables from a CSV or an .xlsx workbook: a header row, then (line number, cells) per data row."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from audit.text_lines import decoded_lines

_DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line in the file, cells), blank rows left out
    close: Callable[[], None] = lambda: None  # for a reader that holds more than the stream open


def delimiter_of(header_line: str) -> str:
    """Comma, or the semicolon or tab a European Excel writes, whichever splits the header most."""
    return max(_DELIMITERS, key=lambda d: (header_line.count(d), d == ","))


def csv_table(lines: Iterable[str]) -> Table:
    """A CSV's header and rows; a row's line number is the line it starts on (quoted cells may span)."""
    lines = iter(lines)
    first = next(lines, "")
    delimiter = delimiter_of(first)
    header = next(csv.reader([first], delimiter=delimiter), [])

    def rows() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(lines, delimiter=delimiter)
        ended = 1  # the header's line
        for cells in reader:
            start, ended = ended + 1, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                yield start, cells

    return Table([name.strip() for name in header], rows())


def stream_table(stream) -> Table:
    return csv_table(decoded_lines(stream))
