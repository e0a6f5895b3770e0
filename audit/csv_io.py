"""A week's time log in and out as CSV: all-or-nothing import with a report per bad row, and export.

The import streams the file (a 20 MB cap, rows decoded one at a time) and writes in bulk batches
inside one transaction; any bad row rolls every batch back, so nothing is half-imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import BinaryIO, TextIO

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.entry_writer import BATCH, EntryRow, EntryWriter, code_normalised
from audit.models import CODE_MAX, MAX_MINUTES, AuditPeriod, TaskEntry
from audit.services import DESCRIPTION_MAX, MATTER_MAX, require_role
from audit.text_lines import MAX_BYTES, NOT_UTF8, FileTooLarge, NotUtf8, decoded_lines
from audit.timekeepers import TimekeeperDirectory, TimekeeperIn, timekeeper_role, timekeepers_resolve
from firmops.models import Firm, Membership, User
from firmops.permissions import MANAGERS, STAFF
from firmops.spreadsheets import SafeWriter, cell_restored
from firmops.tenancy import firm_scope

REQUIRED_COLUMNS = ("date", "person_email", "description", "minutes")
# timekeeper: someone of the firm's records without an account (person_email may then be blank);
# role: a new timekeeper's; rate: the task's hourly cost (blank: the person's current rate).
OPTIONAL_COLUMNS = ("matter", "billable", "timekeeper", "role", "rate", "task_code", "activity_code")
EXPORT_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, "bucket", "category", "reason")
RATE_MAX = Decimal("999999.99")
MAX_LISTED = 200  # problems named one by one; beyond that the report counts them
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^[+-]?\d+$")


class _Rollback(Exception):
    pass


@dataclass
class ImportReport:
    """What an import did: rows read, entries written, and every problem by line."""

    rows: int = 0
    imported: int = 0
    problems: list[str] = field(default_factory=list)
    unlisted: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, line: int | None, message: str) -> None:
        if len(self.problems) >= MAX_LISTED:
            self.unlisted += 1
            return
        self.problems.append(f"line {line}: {message}" if line else message)

    def lines(self) -> list[str]:
        more = [f"… and {self.unlisted} more problems."] if self.unlisted else []
        return self.problems + more

    def summary(self) -> str:
        if self.ok:
            return f"Imported {self.imported} entries from {self.rows} rows."
        count = len(self.problems) + self.unlisted
        return f"Nothing imported: {count} problem{'s' if count != 1 else ''} in {self.rows} rows."


@dataclass
class _Person:
    user: User | None
    membership: Membership | None
    problem: str = ""
    rate: Decimal | None = None  # the cost snapshot every entry of theirs gets


class _Lookup:
    """Emails → firm members, with one query for the firm and one per unknown address."""

    def __init__(self, firm: Firm):
        self.firm = firm
        self.people: dict[str, _Person] = {}
        for m in Membership.objects.for_firm(firm).select_related("user"):
            email = m.user.email.lower()
            if not m.is_active:
                self.people[email] = _Person(
                    None, None, f"{email} is no longer an active member of this firm"
                )
            elif m.role not in STAFF:
                self.people[email] = _Person(
                    None, None, f"{email} is not on the firm's staff ({m.get_role_display()})"
                )
            else:
                self.people[email] = _Person(m.user, m, rate=m.effective_rate(firm))

    def get(self, email: str) -> _Person:
        if email not in self.people:
            exists = User.objects.filter(email__iexact=email).exists()
            problem = (
                f"{email} is not a member of this firm"
                if exists
                else f"unknown email {email!r}: no such user"
            )
            self.people[email] = _Person(None, None, problem)
        return self.people[email]


def _periods_on(periods: list[AuditPeriod], day: dt.date) -> list[AuditPeriod]:
    return [p for p in periods if p.is_open_on(day)]


def _cell(row: list[str], index: dict[str, int], name: str) -> str:
    i = index.get(name)
    # cell_restored: a file our export neutralised for spreadsheets imports as the original text.
    return cell_restored(row[i].strip()) if i is not None and i < len(row) else ""


@dataclass
class _Who:
    """Who did a row's task: a member (person), or a timekeeper of the firm's records (timekeeper)."""

    key: tuple  # for the 24-hours-a-day check
    label: str
    person: _Person | None = None
    timekeeper: TimekeeperIn | None = None


def _rate(raw: str, errors: list[str]) -> Decimal | None:
    if not raw:
        return None
    try:
        rate = Decimal(raw.replace("$", "").replace(",", ""))
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or not 0 <= rate <= RATE_MAX:
        errors.append(f"rate {raw!r} is not an hourly rate like 250 or 250.00")
        return None
    return rate.quantize(Decimal("0.01"))


def _code(raw: str, name: str, errors: list[str]) -> str:
    code = code_normalised(raw)
    if code and (len(code) > CODE_MAX or not code.isalnum()):
        errors.append(f"{name} {raw!r} is not a code like L320 or A104")
    return code


class _Importer:
    def __init__(self, *, firm: Firm, actor: User | None, period: AuditPeriod | None, report: ImportReport):
        self.firm, self.actor, self.report = firm, actor, report
        self.people = _Lookup(firm)
        self.timekeepers: TimekeeperDirectory | None = None
        self.roles: dict[str, str] = {}  # a new timekeeper's role, once a row of the file gave it
        self.periods = [period] if period else list(AuditPeriod.objects.for_firm(firm))
        self.chosen = period
        self.writer = EntryWriter(firm=firm, actor=actor)
        self.pending: list[tuple[dict, TimekeeperIn | None]] = []
        self.day_minutes: dict[tuple, int] = defaultdict(int)

    def _who(self, row: list[str], index: dict[str, int], rate: Decimal | None, errors: list[str]) -> _Who:
        email = _cell(row, index, "person_email").lower()
        name = _cell(row, index, "timekeeper")
        if not name:
            person = self.people.get(email) if email else _Person(None, None, "person_email is missing")
            if person.problem:
                errors.append(person.problem)
            return _Who(("member", email), email, person=person)
        raw_role = _cell(row, index, "role")
        role = timekeeper_role(raw_role) if raw_role else ""
        someone = TimekeeperIn(name=name, email=email, role=role or "", rate=rate)
        if role is None:
            errors.append(
                f"role {raw_role!r} is not partner, attorney, paralegal or ops (or PT, AS, PL, LA, OT)"
            )
            return _Who(("timekeeper", someone.key), name, timekeeper=someone)
        someone = replace(someone, role=role or self.roles.get(someone.key, ""))
        if self.timekeepers is None:  # read on the first timekeeper line: a members' log costs nothing more
            self.timekeepers = TimekeeperDirectory(self.firm)
        problem = self.timekeepers.problem(someone)
        if problem:
            errors.append(problem)
        elif someone.role:
            self.roles.setdefault(someone.key, someone.role)
        return _Who(("timekeeper", someone.key), name, timekeeper=someone)

    def row(self, line: int, row: list[str], index: dict[str, int]) -> None:
        errors: list[str] = []
        raw_date = _cell(row, index, "date")
        day = None
        if not _DATE.match(raw_date):
            errors.append(
                f"date {raw_date!r} is not a date in YYYY-MM-DD form" if raw_date else "date is missing"
            )
        else:
            try:
                day = dt.date.fromisoformat(raw_date)
            except ValueError:
                errors.append(f"date {raw_date!r} is not a real day")
        rate = _rate(_cell(row, index, "rate"), errors)
        who = self._who(row, index, rate, errors)
        description = _cell(row, index, "description")
        if not description:
            errors.append("description is empty")
        elif len(description) > DESCRIPTION_MAX:
            errors.append(f"description is longer than {DESCRIPTION_MAX} characters")
        raw_minutes = _cell(row, index, "minutes")
        minutes = int(raw_minutes) if _INT.match(raw_minutes) else None
        if minutes is None:
            errors.append(
                f"minutes {raw_minutes!r} is not a whole number" if raw_minutes else "minutes is missing"
            )
        elif minutes < 0:
            errors.append(f"minutes {minutes} is negative")
        elif minutes == 0:
            errors.append("minutes is 0; a task takes at least 1 minute")
        elif minutes > MAX_MINUTES:
            errors.append(f"minutes {minutes} is more than a day ({MAX_MINUTES}); that cannot be one task")
        matter = _cell(row, index, "matter")
        if len(matter) > MATTER_MAX:
            errors.append(f"matter is longer than {MATTER_MAX} characters")
        raw_billable = _cell(row, index, "billable").lower()
        if raw_billable not in _YES | _NO:
            errors.append(f"billable {raw_billable!r} should be yes or no")
        task_code = _code(_cell(row, index, "task_code"), "task_code", errors)
        activity_code = _code(_cell(row, index, "activity_code"), "activity_code", errors)
        period = None
        if day is not None:
            covering = _periods_on(self.periods, day)
            if not covering:
                where = "the chosen audit period" if self.chosen else "any audit period of this firm"
                errors.append(f"{day:%Y-%m-%d} is outside {where}")
            elif len(covering) > 1:
                errors.append(
                    f"{day:%Y-%m-%d} falls in {len(covering)} audit periods; choose the period to import into"
                )
            else:
                period = covering[0]
        counted = who.timekeeper is not None or (who.person is not None and who.person.user is not None)
        if day is not None and counted and minutes is not None and 0 < minutes <= MAX_MINUTES:
            key = (*who.key, day)
            self.day_minutes[key] += minutes
            if self.day_minutes[key] > MAX_MINUTES:
                errors.append(f"{who.label} would have more than 24 hours on {day:%Y-%m-%d} in this file")
        if errors:
            self.report.add(line, "; ".join(errors))
            self.pending = []  # nothing will be written: keep no rows around
            self.writer.discard()
            return
        if not self.report.ok:
            return
        task = dict(
            performed_on=day,
            description=description,
            minutes=minutes,
            matter=matter,
            billable=raw_billable in _YES,
            task_code=task_code,
            activity_code=activity_code,
        )
        if who.timekeeper is not None:
            self.pending.append(({**task, "period": period, "rate": rate}, who.timekeeper))
        else:
            membership = who.person.membership
            cost = rate if rate is not None else who.person.rate
            fields = {**task, "period_id": period.pk, "performer_role": membership.role, "hourly_cost": cost}
            self.pending.append(({**fields, "performer_id": who.person.user.pk}, None))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the rows gathered: their timekeepers found or created at once, then the entries."""
        pending, self.pending = self.pending, []
        if not self.report.ok or not pending:
            return
        people = [someone for _, someone in pending if someone is not None]
        try:
            found = iter(
                timekeepers_resolve(firm=self.firm, actor=self.actor, people=people) if people else ()
            )
        except ValidationError as exc:
            for message in exc.messages:
                self.report.add(None, message)
            return
        for task, someone in pending:
            if someone is None:
                self.writer.add(EntryRow(**task))
            else:
                self.writer.add(EntryRow.of_timekeeper(next(found), firm=self.firm, **task))
        self.writer.flush()
        self.report.imported = self.writer.written


def _read(importer: _Importer, stream: BinaryIO, report: ImportReport) -> None:
    reader = csv.reader(decoded_lines(stream))
    try:
        header = next(reader, None)
        if header is None:
            report.add(
                None, "The file is empty: it needs a header row (date, person_email, description, minutes)."
            )
            return
        columns = [name.strip().lower() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            report.add(
                1,
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; the header must name "
                f"{', '.join(REQUIRED_COLUMNS)} (and optionally {', '.join(OPTIONAL_COLUMNS)})",
            )
            return
        index = {
            name: columns.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in columns
        }
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank lines, e.g. at the end of a spreadsheet export
            report.rows += 1
            importer.row(reader.line_num, row, index)
        importer.flush()
    except NotUtf8 as exc:
        report.add(exc.line, NOT_UTF8)
    except csv.Error as exc:
        report.add(reader.line_num or None, f"this is not a readable CSV file ({exc})")


def audit_entries_import_csv(
    *,
    firm: Firm,
    stream: BinaryIO,
    size: int | None = None,
    actor: User | None = None,
    period: AuditPeriod | None = None,
) -> ImportReport:
    """Import a time log, every row valid or nothing written; `actor` None means the command line."""
    report = ImportReport()
    if size is not None and size > MAX_BYTES:
        report.add(None, f"The file is {size / 1024 / 1024:.1f} MB; the limit is 20 MB. Split it by week.")
        return report
    if actor is not None:
        require_role(
            firm=firm, actor=actor, roles=MANAGERS, message="Only partners and ops staff import time logs."
        )
    if period is not None and period.firm_id != firm.pk:
        report.add(None, "That audit period belongs to another firm.")
        return report
    try:
        with transaction.atomic(), firm_scope(firm):
            importer = _Importer(firm=firm, actor=actor, period=period, report=report)
            _read(importer, stream, report)
            if not report.ok:
                raise _Rollback
    except _Rollback:
        report.imported = 0
    except FileTooLarge:
        report.problems, report.unlisted, report.imported = [], 0, 0
        report.add(None, "The file is larger than 20 MB. Split it by week.")
    return report


def audit_entries_write_csv(*, firm: Firm, out: TextIO, period: AuditPeriod | None = None) -> int:
    """Write the firm's entries: the import's columns (timekeeper, role, rate and codes included, so
    the file imports back as it was) plus bucket, category, reason; returns rows written."""
    writer = SafeWriter(out)
    writer.writerow(EXPORT_COLUMNS)
    qs = TaskEntry.objects.for_firm(firm).order_by("performed_on", "pk")
    if period is not None:
        qs = qs.filter(period=period)
    rows = qs.values_list(
        "performed_on",
        "performer__email",
        "timekeeper__email",
        "description",
        "minutes",
        "matter",
        "billable",
        "timekeeper__name",
        "performer_role",
        "hourly_cost",
        "task_code",
        "activity_code",
        "bucket",
        "category",
        "reason",
    )
    count = 0
    for (
        day,
        email,
        timekeeper_email,
        description,
        minutes,
        matter,
        billable,
        timekeeper,
        *rest,
    ) in rows.iterator(chunk_size=BATCH):
        role, rate, task_code, activity_code, bucket, category, reason = rest
        writer.writerow(
            [
                f"{day:%Y-%m-%d}",
                email or timekeeper_email or "",
                description,
                minutes,
                matter,
                "yes" if billable else "no",
                timekeeper or "",
                role,
                rate,
                task_code,
                activity_code,
                bucket,
                category,
                reason,
            ]
        )
        count += 1
    return count
