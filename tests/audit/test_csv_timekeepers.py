"""firmops' own CSV carries timekeepers, their rates and UTBMS codes: an export imports back as it was,
and a bad timekeeper line is named by its number with nothing imported."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.db import transaction

from audit.csv_io import audit_entries_import_csv, audit_entries_write_csv
from audit.entry_writer import EntryRow, EntryWriter
from audit.models import TaskEntry, Timekeeper
from audit.services import audit_entry_create
from audit.timekeepers import TimekeeperIn, timekeepers_resolve
from firmops.models import Role
from firmops.tenancy import firm_scope

HEADER = (
    "date,person_email,description,minutes,matter,billable,timekeeper,role,rate,task_code,activity_code\n"
)
FIELDS = (
    "performed_on", "performer_id", "timekeeper_id", "performer_role", "hourly_cost", "description",
    "minutes", "matter", "billable", "task_code", "activity_code", "bucket", "category", "reason",
)  # fmt: skip


def _entries(firm) -> list[tuple]:
    with firm_scope(firm):
        return sorted(TaskEntry.objects.values_list(*FIELDS), key=lambda r: (r[0], r[5]))


def _export(firm) -> str:
    out = io.StringIO()
    with firm_scope(firm):
        audit_entries_write_csv(firm=firm, out=out)
    return out.getvalue()


def _import(firm, text: str, period=None):
    return audit_entries_import_csv(firm=firm, stream=io.BytesIO(text.encode()), period=period)


def _history(firm, partner, period, attorney) -> None:
    """A member's own quick-logged task, and the firm's records: a matched member and two timekeepers."""
    audit_entry_create(
        firm=firm, actor=attorney, period=period, description="argued motion to compel", minutes=45,
        performed_on=period.starts_on,
    )  # fmt: skip
    dana, luis, grace = timekeepers_resolve(
        firm=firm,
        actor=partner,
        people=[
            TimekeeperIn(name="Dana Whitfield", email=attorney.email, role=Role.ATTORNEY),
            TimekeeperIn(
                name="Ortega, Luis", email="luis@ortega-law.test", role=Role.PARTNER, rate=Decimal("610")
            ),
            TimekeeperIn(name="Grace Okafor", role=Role.PARALEGAL),
        ],
    )
    common = dict(firm=firm, period=period, performed_on=period.starts_on + dt.timedelta(days=1))
    with transaction.atomic(), firm_scope(firm):
        writer = EntryWriter(firm=firm, actor=partner)
        for row in (
            EntryRow.of_timekeeper(dana, **common, description="privilege log", minutes=30, task_code="L320"),
            EntryRow.of_timekeeper(
                luis, **common, description="Hartley volume 2", minutes=90, rate=Decimal("585.50"),
                task_code="L320", activity_code="A104", matter="Hartley", billable=False,
            ),
            EntryRow.of_timekeeper(grace, **common, description="=cmd|' /C calc'!A0", minutes=20),
        ):  # fmt: skip
            writer.add(row)
        writer.flush()


def test_an_export_imports_back_to_the_same_entries_and_the_same_timekeepers(firm, members, partner, period):
    _history(firm, partner, period, members[Role.ATTORNEY])
    before, exported = _entries(firm), _export(firm)
    rows = {r["description"]: r for r in csv.DictReader(io.StringIO(exported))}
    luis = rows["Hartley volume 2"]
    assert (luis["timekeeper"], luis["person_email"], luis["role"], luis["rate"]) == (
        "Ortega, Luis", "luis@ortega-law.test", "partner", "585.50",
    )  # fmt: skip
    assert (luis["task_code"], luis["activity_code"], luis["billable"]) == ("L320", "A104", "no")
    assert rows["privilege log"]["person_email"] == "attorney@avery.test"  # matched: the member's email
    assert rows["argued motion to compel"]["timekeeper"] == ""
    assert "'=cmd" in exported  # a formula-looking cell is neutralised on the way out ...

    with firm_scope(firm):
        TaskEntry.objects.all().delete()
    report = _import(firm, exported, period=period)
    assert report.ok, report.lines()
    assert report.imported == 4
    assert _entries(firm) == before  # ... and restored on the way back in
    with firm_scope(firm):
        assert Timekeeper.objects.count() == 3


def test_a_timekeeper_line_takes_its_role_from_an_earlier_line_and_its_rate_as_the_tasks_cost(
    firm, members, period
):
    day = f"{period.starts_on:%Y-%m-%d}"
    report = _import(
        firm,
        HEADER
        + f"{day},,Bates-stamped production,60,,yes,Pat Kim,AS,450,l320,\n"
        + f"{day},,Bates-stamped production,30,,yes,PAT KIM,,,,\n"
        + f'{day},,drafted motion,30,,yes,"Kim, Pat",,,L240,A103\n',
    )
    assert report.ok, report.lines()
    with firm_scope(firm):
        pat = Timekeeper.objects.get()
        costs = sorted(TaskEntry.objects.values_list("hourly_cost", "performer_role", "task_code"))
    assert (pat.name, pat.role, pat.hourly_rate, pat.member) == (
        "Pat Kim",
        Role.ATTORNEY,
        Decimal("450"),
        None,
    )
    # The first line's own rate; the others the rate Pat Kim was first seen at.
    assert costs == [
        (Decimal("450.00"), "attorney", ""),
        (Decimal("450.00"), "attorney", "L240"),
        (Decimal("450.00"), "attorney", "L320"),
    ]


def test_bad_timekeeper_lines_are_named_by_number_and_nothing_is_imported(firm, members, period):
    day = f"{period.starts_on:%Y-%m-%d}"
    report = _import(
        firm,
        HEADER
        + f"{day},,Bates-stamped production,60,,yes,Pat Kim,,,,\n"
        + f"{day},,Bates-stamped production,60,,yes,Lee Wu,senior wizard,,,\n"
        + f"{day},,Bates-stamped production,60,,yes,Lee Wu,PL,two hundred,L32000000,A-104\n"
        + f"{day},,drafted motion,800,,yes,Lee Wu,PL,,,\n"
        + f"{day},,drafted motion,800,,yes,Lee Wu,PL,,,\n"
        + f"{day},paralegal@avery.test,indexed binders,60,,no,,,,,\n",
    )
    assert not report.ok and report.imported == 0
    lines = report.lines()
    assert lines[0] == (
        "line 2: Pat Kim is not a member of the firm and no role was given "
        "(partner, attorney, paralegal or ops)"
    )
    assert (
        lines[1]
        == "line 3: role 'senior wizard' is not partner, attorney, paralegal or ops (or PT, AS, PL, LA, OT)"
    )
    assert lines[2] == (
        "line 4: rate 'two hundred' is not an hourly rate like 250 or 250.00; "
        "task_code 'L32000000' is not a code like L320 or A104; "
        "activity_code 'A-104' is not a code like L320 or A104"
    )
    assert lines[3] == "line 6: Lee Wu would have more than 24 hours on " + f"{day} in this file"
    assert len(lines) == 4
    with firm_scope(firm):
        assert not TaskEntry.objects.exists() and not Timekeeper.objects.exists()
