"""Every CSV firmops writes opens in a spreadsheet as data: no cell runs as a formula (issue 16, item 6).

The attack of the issue: a task description `=HYPERLINK("http://evil.example","x") drafted RFPs`
went in through an import and came out of export_tasks unchanged, a live link once opened in Excel.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

import pytest
from django.core.management import call_command

from audit.csv_io import audit_entries_import_csv
from audit.models import TaskEntry
from audit.services import audit_entry_create
from firmops.models import Role
from firmops.spreadsheets import FORMULA_LEADS
from firmops.tenancy import firm_scope
from performance import services as performance_services
from performance.models import HourEntry

HYPERLINK = '=HYPERLINK("http://evil.example","x") drafted RFPs'
HEADER = "date,person_email,description,minutes,matter,billable\n"
# One hostile text per lead OWASP names; tab and carriage return are put in past the services'
# strip(), as an old row or a direct write could hold them.
HOSTILE = {
    HYPERLINK: "=cmd|' /C calc'!A0",
    "+1 555 0100 returned call to opposing counsel": "+Hartley",
    "-drafted RFPs": "-Hartley",
    "@SUM(A1:A9) e-filed the motion": "@Hartley",
    "\t=1+2 summarized deposition": "\tHartley",
    "\r=1+2 drafted complaint": "\rHartley",
}


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except InvalidOperation:
        return False
    return True


def _export_tasks(client, firm, period) -> str:
    out = io.StringIO()
    call_command("export_tasks", firm.slug, stdout=out)
    return out.getvalue()


def _hit_list_csv(client, firm, period) -> str:
    response = client.get(f"/f/{firm.slug}/audit/periods/{period.pk}/hit-list.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return response.content.decode()


@pytest.fixture
def hostile_week(firm, members, period):
    """Entries whose text columns each start a formula, and a retired category the hit list echoes."""
    attorney = members[Role.ATTORNEY]
    entries = []
    for description, matter in HOSTILE.items():
        entry = audit_entry_create(
            firm=firm, actor=attorney, period=period, description=description.strip() or "x",
            minutes=30, matter=matter.strip(), performed_on=period.starts_on,
        )  # fmt: skip
        entries.append(entry)
    with firm_scope(firm):
        for entry, (description, matter) in zip(entries, HOSTILE.items(), strict=True):
            TaskEntry.objects.filter(pk=entry.pk).update(description=description, matter=matter)
        # A row of a category since retired: the hit list shows its slug as the label.
        TaskEntry.objects.filter(pk=entries[0].pk).update(category='=HYPERLINK("http://evil.example")')
    return entries


@pytest.mark.parametrize("written_by", [_export_tasks, _hit_list_csv], ids=["export_tasks", "hit_list_csv"])
def test_no_cell_of_any_csv_starts_a_formula(client_for, partner, firm, period, hostile_week, written_by):
    rows = _cells(written_by(client_for(partner), firm, period))
    assert len(rows) > 1
    risky = [cell for row in rows for cell in row if cell.startswith(FORMULA_LEADS) and not _is_number(cell)]
    assert risky == []
    marked = [cell for row in rows for cell in row if cell.startswith("'=HYPERLINK")]
    assert marked, "the hostile text is in the file, neutralised"


def test_the_issues_hyperlink_goes_in_comes_out_neutralised_and_goes_back_in_as_typed(
    firm, members, period, tmp_path
):
    day = f"{period.starts_on:%Y-%m-%d}"
    quoted = HYPERLINK.replace('"', '""')
    first = HEADER + f'{day},paralegal@avery.test,"{quoted}",30,"-Hartley v. Grant",no\n'
    assert audit_entries_import_csv(firm=firm, stream=io.BytesIO(first.encode())).ok

    out = io.StringIO()
    call_command("export_tasks", firm.slug, stdout=out)
    exported = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert exported[0]["description"] == "'" + HYPERLINK
    assert exported[0]["matter"] == "'-Hartley v. Grant"
    assert exported[0]["minutes"] == "30"

    with firm_scope(firm):
        TaskEntry.objects.all().delete()
    report = audit_entries_import_csv(firm=firm, stream=io.BytesIO(out.getvalue().encode()))
    assert report.ok and report.imported == 1, report.problems
    with firm_scope(firm):
        entry = TaskEntry.objects.get()
    assert (entry.description, entry.matter) == (HYPERLINK, "-Hartley v. Grant")
    assert entry.category == "discovery_drafting"  # "drafted RFPs" still read past the formula text


def test_the_hours_import_reads_a_neutralised_description_as_typed(firm, engagement, members):
    from datetime import UTC, datetime

    text = "date,attorney,hours,description\n2026-02-09,attorney@avery.test,1.5,'-Call with opposing counsel"
    now = datetime(2026, 2, 11, 17, tzinfo=UTC)
    imported = performance_services.hour_entries_import(
        firm=firm, actor=members[Role.OPS], engagement=engagement, text=text, now=now
    )
    assert imported == 1
    with firm_scope(firm):
        assert HourEntry.objects.get().description == "-Call with opposing counsel"
