"""From a file to rows: which kind of file it is (`sniff`), and a reader per kind."""

from __future__ import annotations

from dataclasses import dataclass

from audit.imports.models import ImportJob
from audit.imports.readers.ledes import is_ledes
from audit.imports.readers.table import delimiter_of

Kind = ImportJob.Kind
LEDES, FIRMOPS, CSV, XLSX = Kind.LEDES.value, Kind.FIRMOPS.value, Kind.CSV.value, Kind.XLSX.value
MIN_MAPPED_COLUMNS = 4  # date, person, description and duration at least
EXPECTED = (
    "firmops expected a LEDES 1998B file (its first line is LEDES1998B[]), a CSV whose first row "
    "names its columns (at least date, person, description and duration), or an .xlsx workbook."
)
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Sniffed:
    kind: str | None
    problem: str = ""  # one sentence when the file is none of the kinds


def _neither(what: str) -> Sniffed:
    return Sniffed(None, f"{what}; {EXPECTED}")


def sniff(head: bytes, name: str = "") -> Sniffed:
    """What a file is from its first bytes: LEDES, firmops' own CSV, another CSV, or a workbook."""
    if not head.strip():
        return _neither("The file is empty")
    if head.startswith(b"PK\x03\x04"):
        return Sniffed(XLSX)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _neither("This is an old Excel .xls workbook: save it as .xlsx or “CSV UTF-8”")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _neither("The file is UTF-16 text: save it as “CSV UTF-8”")
    first = head.split(b"\n", 1)[0]
    try:
        text = first.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return _neither("The file's first line is not UTF-8 text: save it as “CSV UTF-8”")
    if is_ledes(text):
        return Sniffed(LEDES)
    if "\x00" in text:
        return _neither("This is not a text file")
    names = [c.strip().strip('"').lower() for c in text.strip().split(delimiter_of(text))]
    if "person_email" in names:  # firmops' own header (audit/csv_io.py names any column it lacks)
        return Sniffed(FIRMOPS)
    if len({n for n in names if n}) >= MIN_MAPPED_COLUMNS:
        return Sniffed(CSV)
    return _neither("This is not LEDES 1998B and its first row has not enough columns for a time log")
