"""What every reader hands the pipeline: one task per row, and a report naming each bad line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from audit.csv_io import ImportReport


@dataclass(slots=True)
class ImportRow:
    """One task read from a file, parsed but not yet checked against the firm (people, periods)."""

    line: int
    performed_on: dt.date
    description: str
    minutes: int
    person_name: str = ""
    person_email: str = ""
    person_key: str = ""  # the file's own id of the person (LEDES TIMEKEEPER_ID)
    role_code: str = ""  # as the file says it (LEDES TIMEKEEPER_CLASSIFICATION PT, AS…; a job title)
    rate: Decimal | None = None
    matter: str = ""
    billable: bool = True
    task_code: str = ""
    activity_code: str = ""

    @property
    def person(self) -> str:
        """How the report names the person of this row."""
        return self.person_name or self.person_email or self.person_key


@dataclass
class Report(ImportReport):
    """audit/csv_io.py's report (problems by line, capped) plus what LEDES and mapped files also say."""

    valid: int = 0  # rows that passed every check
    skipped: dict[str, int] = field(default_factory=dict)  # why → how many rows were not time
    notes: list[str] = field(default_factory=list)  # what the reader decided (e.g. the date format)
    periods: list[int] = field(default_factory=list)  # the audit periods the entries went into

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        if self.ok and skipped:
            imported = super().summary().rstrip(".")
            return f"{imported}; {skipped} rows were not time and were skipped."
        return super().summary()

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "imported": self.imported,
            "problems": self.lines(),
            "skipped": dict(self.skipped),
            "notes": list(self.notes),
            "periods": list(self.periods),
            "summary": self.summary(),
        }
