"""LEDES 1998B, the e-billing standard: fee lines become tasks; expenses and adjustments are counted.

The file: a first line `LEDES1998B[]`, a header line naming the 24 fields, then one record per
line item, fields separated by `|`, each record ending in `[]`. The `[]` ends a record, not the
line break, so a description that runs over a line break is one record (we join the lines); a
line with all 24 fields but no `[]` is malformed. Dates are YYYYMMDD; units of a fee line are hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from audit.imports.rows import ImportRow, Report
from audit.imports.values import (
    LEDES,
    BadValue,
    minutes_from_hours,
    parse_codes,
    parse_date,
    parse_number,
    parse_rate,
)
from audit.models import MAX_MINUTES

FIRST_LINE = "LEDES1998B[]"
FIELDS = (
    "INVOICE_DATE",
    "INVOICE_NUMBER",
    "CLIENT_ID",
    "LAW_FIRM_MATTER_ID",
    "INVOICE_TOTAL",
    "BILLING_START_DATE",
    "BILLING_END_DATE",
    "INVOICE_DESCRIPTION",
    "LINE_ITEM_NUMBER",
    "EXP/FEE/INV_ADJ_TYPE",
    "LINE_ITEM_NUMBER_OF_UNITS",
    "LINE_ITEM_ADJUSTMENT_AMOUNT",
    "LINE_ITEM_TOTAL",
    "LINE_ITEM_DATE",
    "LINE_ITEM_TASK_CODE",
    "LINE_ITEM_EXPENSE_CODE",
    "LINE_ITEM_ACTIVITY_CODE",
    "TIMEKEEPER_ID",
    "LINE_ITEM_DESCRIPTION",
    "LAW_FIRM_ID",
    "LINE_ITEM_UNIT_COST",
    "TIMEKEEPER_NAME",
    "TIMEKEEPER_CLASSIFICATION",
    "CLIENT_MATTER_ID",
)
_AT = {name: i for i, name in enumerate(FIELDS)}
FEE, EXPENSE, FEE_ADJUSTMENT, EXPENSE_ADJUSTMENT = "F", "E", "IF", "IE"
SKIPPED = {
    EXPENSE: "expense lines",
    FEE_ADJUSTMENT: "invoice fee adjustments",
    EXPENSE_ADJUSTMENT: "invoice expense adjustments",
}
NO_TIME = "fee lines with no hours"
DESCRIPTION_MAX, MATTER_MAX = 500, 200
SHORTENED = "fee line descriptions longer than 500 characters, kept to their first 500"


def is_ledes(first_line: str) -> bool:
    return first_line.lstrip("\ufeff").strip().upper().startswith("LEDES")


def _lines_label(start: int, end: int) -> int | str:
    return start if start == end else f"{start}–{end}"


def records(numbered: Iterable[tuple[int, str]], report: Report) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) per record; a malformed record is named in the report instead."""
    pending: list[str] = []
    start = end = 0
    for number, raw in numbered:
        text = raw.rstrip("\r\n")
        if not pending:
            if not text.strip():
                continue  # blank lines between records
            start = number
        pending.append(text)
        end = number
        joined = "\n".join(pending).rstrip()
        if joined.endswith("[]"):
            fields = joined[:-2].split("|")
            pending = []
            if len(fields) != len(FIELDS):
                where = "" if start == end else f" (lines {start}–{end})"
                report.add(
                    start,
                    f"{len(fields)} fields{where}; a LEDES 1998B line has {len(FIELDS)}, separated by |",
                )
                continue
            yield start, fields
        elif joined.count("|") >= len(FIELDS) - 1:
            pending = []
            runs_on = "" if start == end else f" (it runs on to line {end} without one)"
            report.add(start, f"does not end with []{runs_on}; every LEDES 1998B line ends with []")
    if pending:
        report.add(start, "the file ends inside this line: it does not end with []")


def _header_problem(fields: list[str]) -> str | None:
    names = [f.strip().upper() for f in fields]
    if names == list(FIELDS):
        return None
    missing = [name for name in FIELDS if name not in names]
    if missing:
        return (
            f"the header line lacks {', '.join(missing)}; it must name the {len(FIELDS)} LEDES 1998B fields"
        )
    return f"the header line names the {len(FIELDS)} LEDES 1998B fields out of their standard order"


def fee_row(line: int, fields: list[str], report: Report) -> ImportRow | None:
    """A fee line as a task; problems are added to the report (and None returned)."""
    get = lambda name: fields[_AT[name]].strip()  # noqa: E731
    errors: list[str] = []
    day = units = rate = None
    try:
        day = parse_date(get("LINE_ITEM_DATE"), LEDES)
    except BadValue as exc:
        errors.append(f"LINE_ITEM_DATE: {exc}")
    try:
        units = parse_number(get("LINE_ITEM_NUMBER_OF_UNITS"), "units")
        if units < 0:
            errors.append(f"LINE_ITEM_NUMBER_OF_UNITS {units} is negative")
    except BadValue as exc:
        errors.append(f"LINE_ITEM_NUMBER_OF_UNITS: {exc} (hours, e.g. 1.50)")
    try:
        rate = parse_rate(get("LINE_ITEM_UNIT_COST"))
    except BadValue as exc:
        errors.append(f"LINE_ITEM_UNIT_COST: {exc}")
    description = " ".join(get("LINE_ITEM_DESCRIPTION").split())
    if not description:
        errors.append("LINE_ITEM_DESCRIPTION is empty")
    name, key = get("TIMEKEEPER_NAME"), get("TIMEKEEPER_ID")
    if not name and not key:
        errors.append("TIMEKEEPER_ID and TIMEKEEPER_NAME are both empty: whose time is it?")
    matter = get("CLIENT_MATTER_ID") or get("LAW_FIRM_MATTER_ID")
    if len(matter) > MATTER_MAX:
        errors.append(f"the matter id is longer than {MATTER_MAX} characters")
    minutes = minutes_from_hours(units) if units is not None and units >= 0 else None
    if minutes is not None and minutes > MAX_MINUTES:
        errors.append(f"LINE_ITEM_NUMBER_OF_UNITS {units} hours is more than a day; that cannot be one task")
    names = ("LINE_ITEM_TASK_CODE", "LINE_ITEM_ACTIVITY_CODE")
    task_code, activity_code = parse_codes(get(names[0]), get(names[1]), names=names, errors=errors)
    if errors:
        report.add(line, "; ".join(errors))
        return None
    if minutes == 0:
        report.skip(NO_TIME)
        return None
    if len(description) > DESCRIPTION_MAX:
        report.note(SHORTENED)
        description = description[:DESCRIPTION_MAX]
    return ImportRow(
        line=line,
        performed_on=day,
        description=description,
        minutes=minutes,
        person_name=" ".join(name.split()),
        person_key=key,
        role_code=get("TIMEKEEPER_CLASSIFICATION"),
        rate=rate,
        matter=matter,
        billable=True,  # a fee line is billed time by definition
        task_code=task_code,
        activity_code=activity_code,
    )


def ledes_rows(lines: Iterable[str], report: Report) -> Iterator[ImportRow]:
    """Every fee line of a LEDES 1998B file (one or many invoices) as a task; the rest counted or named."""
    numbered = enumerate(lines, start=1)
    first = next(numbered, (1, ""))[1].strip()
    if first.upper() != FIRST_LINE:
        version = first.removesuffix("[]") or "nothing"
        report.add(
            1,
            f"the first line is {version!r}; firmops reads LEDES 1998B files, which start with {FIRST_LINE}",
        )
        return
    header_seen = False
    for line, fields in records(numbered, report):
        if not header_seen and not report.ok:
            return  # the header line itself is malformed: nothing after it can be read
        if not header_seen:
            header_seen = True
            problem = _header_problem(fields)
            if problem:
                report.add(line, problem)
                return
            continue
        report.rows += 1
        kind = fields[_AT["EXP/FEE/INV_ADJ_TYPE"]].strip().upper()
        if kind == FEE:
            row = fee_row(line, fields, report)
            if row is not None:
                yield row
        elif kind in SKIPPED:
            report.skip(SKIPPED[kind])
        else:
            report.add(
                line, f"EXP/FEE/INV_ADJ_TYPE {kind!r} should be F (fee), E (expense), IF or IE (adjustments)"
            )
    if not header_seen and report.ok:
        report.add(2, "the header line of the 24 LEDES 1998B field names is missing")
