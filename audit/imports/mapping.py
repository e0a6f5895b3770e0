"""Which column of a practice-management export is what: guessed from the header, saved per firm.

A mapping names, for each firmops field, a column of the file by its header text. Saved under a
name, it is found again by the file's header row (`header_key`), so next month's export of the same
tool imports without mapping.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from audit.imports.rows import ImportRow, Report
from audit.imports.values import (
    DATE_FORMATS,
    DURATION_UNITS,
    HOURS,
    MINUTES,
    BadValue,
    date_form,
    parse_codes,
    parse_date,
    parse_minutes,
    parse_rate,
    parse_yes_no,
)
from audit.services import DESCRIPTION_MAX, MATTER_MAX
from firmops.models import Role

# field → (label, required, header words that suggest it, most telling first)
FIELDS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "date": ("Date", True, ("date", "day", "worked on", "entry date")),
    "person": (
        "Person (name or email)",
        True,
        ("timekeeper", "user", "staff", "attorney", "employee", "person", "lawyer", "email"),
    ),
    "description": (
        "Description",
        True,
        ("description", "narrative", "activity description", "note", "details"),
    ),
    "duration": ("Duration", True, ("hours", "quantity", "duration", "time", "minutes", "qty")),
    "rate": ("Hourly rate", False, ("rate", "price", "hourly")),
    "matter": ("Matter", False, ("matter", "case", "client/matter", "project")),
    "billable": ("Billable", False, ("billable", "non-billable", "nonbillable", "billed")),
    "role": ("Title or role", False, ("title", "classification", "role", "position")),
    "task_code": ("Task code (UTBMS)", False, ("task code", "utbms task", "task")),
    "activity_code": ("Activity code (UTBMS)", False, ("activity code", "utbms activity", "activity")),
    "entry_type": ("Entry type (time or expense)", False, ("type", "entry type", "kind")),
}
# Who a person in the file is when they are not a member and their row says nothing (no "OT" here:
# an unknown person's time is more likely a lawyer's or a paralegal's than back-office).
DEFAULT_ROLES = (Role.PARTNER, Role.ATTORNEY, Role.PARALEGAL, Role.OPS)
REQUIRED = tuple(name for name, (_, required, _) in FIELDS.items() if required)
EXPENSE_WORDS = ("expense", "cost", "disbursement")
EXPENSE_ROWS = "expense rows"


def normalised(name: str) -> str:
    return " ".join(name.strip().lower().split())


def header_key(header: list[str]) -> str:
    """The same export layout gives the same key, whatever the case or spacing of its header."""
    return hashlib.sha256("\x1f".join(normalised(h) for h in header).encode()).hexdigest()


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # firmops field → header text in the file
    duration_unit: str = HOURS
    billable_inverted: bool = False  # the column says *non*-billable (Clio's "Non-billable")
    default_role: str = ""  # the role of a person who is not a member and whose row names none

    def as_dict(self) -> dict:
        return {
            "columns": dict(self.columns),
            "duration_unit": self.duration_unit,
            "billable_inverted": self.billable_inverted,
            "default_role": self.default_role,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        columns = {k: str(v) for k, v in (data.get("columns") or {}).items() if k in FIELDS and v}
        unit = data.get("duration_unit") if data.get("duration_unit") in DURATION_UNITS else HOURS
        role = data.get("default_role") if data.get("default_role") in DEFAULT_ROLES else ""
        return cls(columns, unit, bool(data.get("billable_inverted")), role)

    def problems(self, header: list[str]) -> list[str]:
        """What keeps this mapping from reading a file with this header (empty: it fits)."""
        names = {normalised(h) for h in header}
        out = [
            f"choose the column that holds the {FIELDS[f][0].lower()}"
            for f in REQUIRED
            if f not in self.columns
        ]
        out += [
            f"the file has no column {column!r} (mapped to {FIELDS[f][0].lower()})"
            for f, column in self.columns.items()
            if normalised(column) not in names
        ]
        if self.duration_unit not in DURATION_UNITS:
            out.append(f"the duration is one of {', '.join(DURATION_UNITS)}")
        return out

    def index(self, header: list[str]) -> dict[str, int]:
        at = {normalised(h): i for i, h in reversed(list(enumerate(header)))}  # the first of equal names
        return {f: at[normalised(c)] for f, c in self.columns.items() if normalised(c) in at}


def guess(header: list[str]) -> Mapping:
    """A first mapping from the header's words, for the user to check (each column used once)."""
    names = [normalised(h) for h in header]
    taken: set[int] = set()
    columns: dict[str, str] = {}
    for name, (_, _, words) in FIELDS.items():
        best = None
        for word in words:
            exact = [i for i, n in enumerate(names) if n == word and i not in taken]
            inside = [i for i, n in enumerate(names) if word in n and i not in taken]
            if exact or inside:
                best = (exact or inside)[0]
                break
        if best is not None:
            taken.add(best)
            columns[name] = header[best]
    duration = normalised(columns.get("duration", ""))
    unit = MINUTES if "minute" in duration else HOURS
    inverted = "non" in normalised(columns.get("billable", ""))
    return Mapping(columns, unit, inverted)


def _cell(cells: list[str], at: dict[str, int], name: str) -> str:
    i = at.get(name)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def mapped_row(
    line: int, cells: list[str], at: dict[str, int], mapping: Mapping, report: Report
) -> ImportRow | None:
    """One data row through the mapping; problems go to the report by line (and None comes back)."""
    kind = _cell(cells, at, "entry_type").lower()
    if kind and any(word in kind for word in EXPENSE_WORDS):
        report.skip(EXPENSE_ROWS)
        return None
    errors: list[str] = []
    day = minutes = rate = None
    raw_date = _cell(cells, at, "date")
    try:
        day = parse_date(raw_date)
        form = date_form(raw_date)
        if form:
            report.note(f"Dates were read as {DATE_FORMATS[form]}.")
    except BadValue as exc:
        errors.append(str(exc))
    person = " ".join(_cell(cells, at, "person").split())
    if not person:
        errors.append("the person is missing")
    description = " ".join(_cell(cells, at, "description").split())
    if not description:
        errors.append("the description is empty")
    elif len(description) > DESCRIPTION_MAX:
        errors.append(f"the description is longer than {DESCRIPTION_MAX} characters")
    try:
        minutes = parse_minutes(_cell(cells, at, "duration"), mapping.duration_unit)
    except BadValue as exc:
        errors.append(str(exc))
    try:
        rate = parse_rate(_cell(cells, at, "rate"))
    except BadValue as exc:
        errors.append(str(exc))
    matter = _cell(cells, at, "matter")
    if len(matter) > MATTER_MAX:
        errors.append(f"the matter is longer than {MATTER_MAX} characters")
    billable = True  # an export of time entries without the column: billed time, as LEDES
    if "billable" in at:
        try:
            said = parse_yes_no(_cell(cells, at, "billable"), blank=False)
            billable = said != mapping.billable_inverted
        except BadValue as exc:
            errors.append(str(exc))
    task_code, activity_code = parse_codes(
        _cell(cells, at, "task_code"), _cell(cells, at, "activity_code"),
        names=("task code", "activity code"), errors=errors,
    )  # fmt: skip
    if errors:
        report.add(line, "; ".join(errors))
        return None
    if minutes == 0:
        report.skip("rows with no time")
        return None
    email = person.lower() if "@" in person else ""
    return ImportRow(
        line=line,
        performed_on=day,
        description=description,
        minutes=minutes,
        person_name="" if email else person,
        person_email=email,
        role_code=_cell(cells, at, "role")[:60],
        rate=rate,
        matter=matter,
        billable=billable,
        task_code=task_code,
        activity_code=activity_code,
    )
