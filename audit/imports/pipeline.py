"""From a stored file to task entries: read, check every row, then write all of them or none.

Two passes over the file, so memory stays flat whatever its size: the first reads and checks
every row (values, periods, a person's day) and gathers the people it names; the second, in one
transaction, resolves those people to the firm's timekeepers and writes the entries in batches.
A problem anywhere in the first pass means the second never runs.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from django.core.exceptions import ValidationError

from audit.entry_writer import EntryRow, EntryWriter
from audit.imports.mapping import Mapping, mapped_row
from audit.imports.readers import CSV, LEDES, XLSX
from audit.imports.readers.ledes import ledes_rows
from audit.imports.readers.table import Table, stream_table
from audit.imports.readers.xlsx import MAX_ROWS, NotAWorkbook, TooManyRows, xlsx_table
from audit.imports.rows import ImportRow, Report
from audit.models import MAX_MINUTES, AuditPeriod
from audit.text_lines import NOT_UTF8, FileTooLarge, NotUtf8, decoded_lines
from audit.timekeepers import (
    TimekeeperDirectory,
    TimekeeperIn,
    timekeeper_key,
    timekeeper_role,
    timekeepers_resolve,
)
from firmops.models import Firm, User
from firmops.tenancy import firm_scope

Opener = Callable[[], AbstractContextManager[BinaryIO]]
PROGRESS_EVERY = 2000  # rows between two progress reports of the first pass


@dataclass
class Source:
    """A file to import: how to open it (it is read twice), what it is, and how to read its columns."""

    kind: str
    open: Opener
    mapping: Mapping | None = None


def _mapped(table: Table, mapping: Mapping, report: Report) -> Iterator[ImportRow]:
    problems = mapping.problems(table.header)
    if problems:
        report.add(1, "; ".join(problems))
        return
    at = mapping.index(table.header)
    for line, cells in table.rows:
        report.rows += 1
        row = mapped_row(line, cells, at, mapping, report)
        if row is not None:
            yield row


def file_shape(source: Source) -> tuple[list[str], int]:
    """A CSV's or workbook's header row (for the mapping page), and the workbook's rows (0: unknown)."""
    with source.open() as stream:
        if source.kind == XLSX:
            table, _, rows = xlsx_table(stream)
            table.close()
            return table.header, rows
        return stream_table(stream).header, 0


def read_rows(source: Source, report: Report) -> Iterator[ImportRow]:
    """The file's task rows; every problem of the file goes to the report by line."""
    with source.open() as stream:
        try:
            if source.kind == LEDES:
                yield from ledes_rows(decoded_lines(stream), report)
            elif source.kind == CSV:
                yield from _mapped(stream_table(stream), source.mapping, report)
            elif source.kind == XLSX:
                table, sheet, _ = xlsx_table(stream)
                report.note(f"Read the workbook's first sheet, “{sheet}”.")
                yield from _mapped(table, source.mapping, report)
            else:
                raise ValueError(f"no reader for {source.kind!r}")
        except NotUtf8 as exc:
            report.add(exc.line, NOT_UTF8)
        except csv.Error as exc:
            report.add(None, f"This is not a readable CSV file ({exc}).")
        except FileTooLarge:
            report.add(None, "The file is larger than 20 MB. Split it by month.")
        except NotAWorkbook:
            report.add(None, "This is not an .xlsx workbook firmops can open; save it again as .xlsx or CSV.")
        except TooManyRows:
            report.add(None, f"The sheet has more than {MAX_ROWS:,} rows. Split it by month.")


def _identity(row: ImportRow) -> tuple[str, str]:
    """Who a row's person is, within one file: the file's id for them, else email, else name."""
    if row.person_key:
        return "id", row.person_key
    if row.person_email:
        return "email", row.person_email
    return "name", timekeeper_key(row.person_name)


def person_of(
    row: ImportRow, *, directory: TimekeeperDirectory, default_role: str
) -> tuple[TimekeeperIn, str]:
    """The row's person as the firm will take them, and why they cannot be taken ("" if they can)."""
    role = timekeeper_role(row.role_code) if row.role_code else None
    person = TimekeeperIn(
        name=row.person_name or row.person_email,
        email=row.person_email,
        role=role or "",
        rate=row.rate,
        external_id=row.person_key,
    )
    known = directory.find(person) or directory.member_for(person)
    if not role and default_role and not known:  # a member keeps their own role
        person = replace(person, role=default_role)
    problem = directory.problem(person)
    if problem and row.role_code and role is None:
        problem += f"; {row.role_code!r} names no role firmops knows"
    return person, problem


@dataclass
class Checked:
    """What the first pass learnt: the people the file names (first line each), and where rows go."""

    people: dict[tuple[str, str], tuple[int, TimekeeperIn]] = field(default_factory=dict)
    periods: list[AuditPeriod] = field(default_factory=list)
    chosen: AuditPeriod | None = None

    def period_of(self, day: dt.date) -> list[AuditPeriod]:
        return [p for p in self.periods if p.is_open_on(day)]


class Checker:
    """The first pass: rows against the firm's periods, a person's day, and who they are."""

    def __init__(self, *, firm: Firm, period: AuditPeriod | None, report: Report, default_role: str = ""):
        self.report, self.default_role = report, default_role
        periods = [period] if period else list(AuditPeriod.objects.for_firm(firm))
        self.checked = Checked(periods=periods, chosen=period)
        self.directory = TimekeeperDirectory(firm)  # who the firm's people and timekeepers are (2 queries)
        self.day_minutes: dict[tuple, int] = defaultdict(int)

    def check(self, row: ImportRow) -> bool:
        errors = []
        covering = self.checked.period_of(row.performed_on)
        if not covering:
            where = "the chosen audit period" if self.checked.chosen else "any audit period of this firm"
            errors.append(f"{row.performed_on:%Y-%m-%d} is outside {where}")
        elif len(covering) > 1:
            errors.append(
                f"{row.performed_on:%Y-%m-%d} falls in {len(covering)} audit periods; "
                "choose the period to import into"
            )
        who = _identity(row)
        if not who[1]:
            errors.append(f"the person {row.person!r} has no name firmops can use")
        key = (who, row.performed_on)
        self.day_minutes[key] += row.minutes
        if self.day_minutes[key] > MAX_MINUTES and self.day_minutes[key] - row.minutes <= MAX_MINUTES:
            errors.append(f"{row.person} would have more than 24 hours on {row.performed_on:%Y-%m-%d}")
        person = None
        if who[1] and who not in self.checked.people:
            person, problem = person_of(row, directory=self.directory, default_role=self.default_role)
            if problem:
                errors.append(problem)
        if errors:
            self.report.add(row.line, "; ".join(errors))
            return False
        if person is not None:
            self.checked.people[who] = (row.line, person)
        self.report.valid += 1
        return True


def check_file(
    source: Source,
    *,
    firm: Firm,
    period: AuditPeriod | None,
    report: Report,
    progress: Callable[[Report], None] | None = None,
) -> Checked:
    """The first pass: read and check every row, naming each bad one; nothing is written."""
    default_role = source.mapping.default_role if source.mapping else ""
    with firm_scope(firm):  # the periods are read in the firm's scope; the rows need no database
        checker = Checker(firm=firm, period=period, report=report, default_role=default_role)
    for row in read_rows(source, report):
        checker.check(row)
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress(report)
    if report.ok and report.valid == 0:
        report.add(None, "The file holds no time entries to import.")
    return checker.checked


def _resolve(firm: Firm, actor: User | None, checked: Checked, report: Report) -> dict | None:
    """The firm's timekeeper of every person the file names (created when new); None on a problem."""
    keys = list(checked.people)
    people = [checked.people[k][1] for k in keys]
    try:
        found = timekeepers_resolve(firm=firm, actor=actor, people=people)
    except ValidationError as exc:
        lines = {p.name.strip(): line for line, p in checked.people.values()}
        for message in exc.messages:
            line = next((n for name, n in lines.items() if name and message.startswith(name)), None)
            report.add(line, message)
        return None
    return dict(zip(keys, found, strict=True))


def write_file(source: Source, *, firm: Firm, actor: User | None, checked: Checked, report: Report) -> int:
    """The second pass, inside the caller's transaction (in the firm's scope): returns entries written.

    On a problem (a person the firm cannot take on) the report names it and nothing is written;
    the caller rolls back the timekeepers this may have created.
    """
    timekeepers = _resolve(firm, actor, checked, report)
    if timekeepers is None:
        return 0
    writer = EntryWriter(firm=firm, actor=actor)
    again = Report()  # the same file read the same way: its report is the first pass's
    for row in read_rows(source, again):
        (period,) = checked.period_of(row.performed_on)
        if period.pk not in report.periods:
            report.periods.append(period.pk)
        writer.add(
            EntryRow.of_timekeeper(
                timekeepers[_identity(row)],
                firm=firm,
                period=period,
                performed_on=row.performed_on,
                description=row.description,
                minutes=row.minutes,
                rate=row.rate,
                matter=row.matter,
                billable=row.billable,
                task_code=row.task_code,
                activity_code=row.activity_code,
            )
        )
    writer.flush()
    report.imported = writer.written
    return writer.written


class _Rollback(Exception):
    pass


def import_now(source: Source, *, firm: Firm, actor: User | None, period: AuditPeriod | None) -> Report:
    """Both passes at once, in this process (the command line): every row written, or none."""
    report = Report()
    checked = check_file(source, firm=firm, period=period, report=report)
    if not report.ok:
        return report
    try:
        with firm_scope(firm):
            write_file(source, firm=firm, actor=actor, checked=checked, report=report)
            if not report.ok:
                raise _Rollback  # the timekeepers it may have created go too
    except _Rollback:
        report.imported = 0
    return report
