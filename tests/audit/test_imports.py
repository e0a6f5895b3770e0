"""A firm's real history into the audit: LEDES invoices and a Clio-style export through the pages, the
API and the command; a broken file names its bad lines and changes nothing; big files are a job."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.imports import services
from audit.imports.jobs import import_jobs_requeue_stale_all_firms
from audit.imports.models import ColumnMapping, ImportJob
from audit.models import AuditPeriod, TaskEntry, Timekeeper
from firmops.models import Role
from firmops.tenancy import firm_scope

DATA = Path(__file__).parent / "data" / "imports"
START = dt.date(2026, 1, 5)


@pytest.fixture
def history(firm, engagement):
    """A historical audit period over the sample files' dates (January 2026)."""
    with firm_scope(firm):
        return AuditPeriod.objects.create(firm=firm, engagement=engagement, starts_on=START, days=31)


@pytest.fixture
def ops(members):
    return members[Role.OPS]


def _upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


def _entries(firm) -> list[TaskEntry]:
    with firm_scope(firm):
        return list(TaskEntry.objects.select_related("timekeeper").order_by("performed_on", "pk"))


def _count(firm, model) -> int:
    with firm_scope(firm):
        return model.objects.count()


def _job(firm) -> ImportJob:
    with firm_scope(firm):
        return ImportJob.objects.select_related("mapping").latest("pk")


# --- LEDES ------------------------------------------------------------------------------------------


def test_ops_imports_two_ledes_invoices_and_the_partner_reads_each_timekeepers_real_rate(
    firm, members, ops, partner, history, client_for
):
    response = client_for(ops).post("/f/avery/audit/import/", {"file": _upload("two_invoices.ledes.txt")})
    job = _job(firm)
    assert response.status_code == 302 and response["Location"] == f"/f/avery/audit/imports/{job.pk}/"
    assert job.status == ImportJob.Status.DONE and job.imported == 5 and not job.file  # the upload is gone
    page = client_for(ops).get(response["Location"]).content.decode()
    assert "Imported 5 entries from 9 rows; 4 rows were not time and were skipped." in page
    assert (
        "2 expense lines" in page
        and "1 invoice fee adjustments" in page
        and "1 fee lines with no hours" in page
    )
    entries = _entries(firm)
    assert [(e.timekeeper.name, e.performer_role, e.hourly_cost, e.minutes) for e in entries] == [
        ("Stone, Margaret", Role.PARTNER, Decimal("450.00"), 150),
        ("Okafor, Daniel", Role.ATTORNEY, Decimal("245.00"), 180),
        ("Rivera, Ana", Role.PARALEGAL, Decimal("145.00"), 72),
        ("Okafor, Daniel", Role.ATTORNEY, Decimal("245.00"), 45),
        ("Park, Jin", Role.OPS, Decimal("250.00"), 240),
    ]
    assert all(e.billable and e.period_id == history.pk for e in entries)
    assert (entries[1].task_code, entries[1].activity_code, entries[1].matter) == (
        "L320",
        "A103",
        "ACME/SMITH",
    )
    assert _count(firm, Timekeeper) == 4  # Okafor's two lines in two invoices are one timekeeper
    hit_list = client_for(partner).get(f"/f/avery/audit/periods/{history.pk}/hit-list/")
    assert hit_list.status_code == 200


def test_a_malformed_ledes_file_names_each_bad_line_and_imports_nothing(
    firm, members, ops, history, client_for
):
    response = client_for(ops).post("/f/avery/audit/import/", {"file": _upload("malformed.ledes.txt")})
    assert response.status_code == 400
    page = response.content.decode()
    for line in ("line 3: 23 fields", "line 4: does not end with []", "line 5: LINE_ITEM_DATE", "line 10: "):
        assert line in page
    assert "Nothing imported: 4 problems in 7 rows." in page
    assert _count(firm, TaskEntry) == 0 and _count(firm, Timekeeper) == 0
    assert _job(firm).status == ImportJob.Status.REJECTED


def test_the_command_imports_ledes_by_its_first_line_and_exits_non_zero_on_a_bad_file(firm, members, history):
    out = io.StringIO()
    call_command("import_tasks", "avery", str(DATA / "two_invoices.ledes.txt"), period=history.pk, stdout=out)
    assert "Imported 5 entries from 9 rows" in out.getvalue() and "Skipped 2 expense lines." in out.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 4 problems in 7 rows."):
        call_command(
            "import_tasks", "avery", str(DATA / "malformed.ledes.txt"), stderr=err, stdout=io.StringIO()
        )
    assert "line 4: does not end with []" in err.getvalue()
    assert _count(firm, TaskEntry) == 5


def test_a_ledes_line_outside_every_audit_period_is_named_and_nothing_is_imported(firm, members, engagement):
    with firm_scope(firm):
        AuditPeriod.objects.create(firm=firm, engagement=engagement, starts_on=START, days=7)  # to Jan 11
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_tasks", "avery", str(DATA / "two_invoices.ledes.txt"), stderr=(err := io.StringIO()),
            stdout=io.StringIO(),
        )  # fmt: skip
    assert "2 problems" in str(raised.value)
    assert "line 8: 2026-01-13 is outside any audit period of this firm" in err.getvalue()
    assert _count(firm, TaskEntry) == 0


# --- a Clio-style CSV: map once, preview, save, next month without mapping ------------------------------


def test_ops_maps_a_clio_export_once_sees_it_classified_and_next_month_needs_no_mapping(
    firm, members, ops, history, client_for
):
    client = client_for(ops)
    response = client.post("/f/avery/audit/import/", {"file": _upload("clio_time_entries.csv")})
    job = _job(firm)
    assert response["Location"] == f"/f/avery/audit/imports/{job.pk}/map/" and job.status == "mapping"
    page = client.get(response["Location"]).content.decode()
    assert '<option value="Quantity" selected>' in page  # the duration column, guessed from its name
    assert "Document review &amp; production" in page  # the preview classifies "Bates-stamped…" rows
    assert "US month/day/year" in page  # and says how it read the dates
    form = {
        "col_date": "Date", "col_person": "User", "col_description": "Description",
        "col_duration": "Quantity", "col_rate": "Rate", "col_matter": "Matter",
        "col_billable": "Non-billable", "col_task_code": "UTBMS Task",
        "col_activity_code": "UTBMS Activity", "col_entry_type": "Type", "duration_unit": "hours",
        "billable_inverted": "on", "save_as": "Clio time entries",
    }  # fmt: skip
    response = client.post(f"/f/avery/audit/imports/{job.pk}/map/", {**form, "action": "import"})
    job = _job(firm)
    assert job.status == ImportJob.Status.REJECTED  # people who are not members need a role
    assert (
        "line 2: Margaret Stone is not a member of the firm and no role was given"
        in job.report["problems"][0]
    )
    assert _count(firm, TaskEntry) == 0
    response = client.post(
        f"/f/avery/audit/imports/{job.pk}/map/", {**form, "default_role": Role.ATTORNEY, "action": "import"}
    )
    job = _job(firm)
    assert job.status == ImportJob.Status.DONE and job.imported == 5, job.report
    entries = _entries(firm)
    assert sum(not e.billable for e in entries) == 1  # Clio's "Non-billable: true"
    member = next(e for e in entries if e.performer_id == members[Role.PARALEGAL].pk)
    assert member.performer_role == Role.PARALEGAL  # matched by email: the member's own role
    assert _count(firm, ColumnMapping) == 1
    response = client.post("/f/avery/audit/import/", {"file": _upload("clio_time_entries.csv")})
    again = _job(firm)
    assert (
        again.pk != job.pk
        and again.status == ImportJob.Status.DONE
        and again.mapping.name == "Clio time entries"
    )


def test_an_xlsx_export_is_mapped_through_the_api_and_read_by_the_command_with_its_saved_mapping(
    firm, members, ops, history, client_for
):
    api = client_for(ops)
    created = api.post("/api/v1/firms/avery/audit/imports/", {"file": _upload("timesolv_export.xlsx")})
    assert created.status_code == 201 and created.json()["status"] == "mapping"
    assert created.json()["header"][:3] == ["Date", "Timekeeper", "Title"]
    columns = {
        "date": "Date", "person": "Timekeeper", "role": "Title", "matter": "Client/Matter",
        "description": "Narrative", "duration": "Duration", "billable": "Billable", "rate": "Rate",
        "task_code": "Task Code", "activity_code": "Activity Code",
    }  # fmt: skip
    mapped = api.post(
        f"/api/v1/firms/avery/audit/imports/{created.json()['id']}/map/",
        {"columns": columns, "duration_unit": "hmm", "save_as": "TimeSolv"},
        content_type="application/json",
    )
    body = mapped.json()
    assert mapped.status_code == 200 and body["status"] == "done" and body["imported"] == 4, body
    assert body["report"]["notes"] == [
        "Read the workbook's first sheet, “Time entries”.",
        "Dates were read as ISO year-month-day (2026-03-04).",
    ]
    polled = api.get(f"/api/v1/firms/avery/audit/imports/{body['id']}/").json()
    assert polled["report"]["summary"] == "Imported 4 entries from 4 rows."
    with firm_scope(firm):
        roles = dict(Timekeeper.objects.values_list("name", "role"))
    assert roles["Park, Jin"] == Role.PARALEGAL and roles["Stone, Margaret"] == Role.PARTNER
    out = io.StringIO()
    call_command("import_tasks", "avery", str(DATA / "timesolv_export.xlsx"), mapping="TimeSolv", stdout=out)
    assert "Imported 4 entries from 4 rows." in out.getvalue()
    with pytest.raises(CommandError, match="has no column mapping 'Clio'"):
        call_command("import_tasks", "avery", str(DATA / "timesolv_export.xlsx"), mapping="Clio")
    assert _count(firm, TaskEntry) == 8


def test_the_command_says_how_to_read_an_export_it_has_no_mapping_for(firm, members, history):
    with pytest.raises(CommandError, match="Map them once on the import page"):
        call_command("import_tasks", "avery", str(DATA / "clio_time_entries.csv"), stdout=io.StringIO())


def test_a_file_that_is_neither_gets_one_sentence_and_no_job(firm, members, ops, history, client_for):
    response = client_for(ops).post(
        "/f/avery/audit/import/", {"file": _upload("notes.txt", b"Dear partner,\nhere are my hours.\n")}
    )
    assert response.status_code == 400
    assert "firmops expected a LEDES 1998B file (its first line is LEDES1998B[])" in response.content.decode()
    assert _count(firm, ImportJob) == 0
    api = client_for(ops).post(
        "/api/v1/firms/avery/audit/imports/", {"file": _upload("notes.txt", b"%PDF-1.7\n")}
    )
    assert api.status_code == 400 and "firmops expected" in api.json()["file"][0]


# --- big files are a job ---------------------------------------------------------------------------------


def _big_ledes(rows: int) -> bytes:
    head, header, fee = (DATA / "two_invoices.ledes.txt").read_bytes().split(b"\r\n")[:3]
    lines = [head, header]
    for i in range(rows):
        fields = fee.split(b"|")
        fields[13] = f"202601{5 + i % 25:02d}".encode()
        fields[10] = b"0.10"
        fields[17] = f"TK{i % 40}".encode()
        fields[21] = f"Keeper {i % 40}".encode()
        lines.append(b"|".join(fields))
    return b"\r\n".join(lines) + b"\r\n"


def test_a_big_file_is_queued_runs_as_a_job_and_lands_all_at_once(
    firm, members, ops, history, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "SYNC_ROWS", 50)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ops).post(
            "/f/avery/audit/import/", {"file": _upload("big.txt", _big_ledes(120))}
        )
    job = _job(firm)
    assert response["Location"] == f"/f/avery/audit/imports/{job.pk}/"
    assert job.status == ImportJob.Status.DONE and job.imported == 120 and job.rows_read == 120
    state = client_for(ops).get(f"/f/avery/audit/imports/{job.pk}/status/").json()
    assert state["finished"] and state["rows_valid"] == 120 and state["label"] == "Imported"
    assert _count(firm, TaskEntry) == 120


def test_a_queued_job_the_broker_lost_is_queued_again_and_runs_once(firm, members, ops, history):
    with firm_scope(firm):
        job = ImportJob.objects.create(
            firm=firm, kind="ledes", original_name="lost.txt", requested_by=ops, period=history,
            created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )  # fmt: skip
        job.file.save("lost.txt", io.BytesIO((DATA / "two_invoices.ledes.txt").read_bytes()))
    from audit.tasks import run_import

    assert import_jobs_requeue_stale_all_firms(run=run_import) == 1  # eager in tests: it ran
    assert import_jobs_requeue_stale_all_firms(run=run_import) == 0
    assert _job(firm).status == ImportJob.Status.DONE and _count(firm, TaskEntry) == 5


# --- who may, and whose --------------------------------------------------------------------------------


def test_a_paralegal_cannot_import_and_another_firms_import_is_a_404(
    firm, members, ops, history, client_for, other_firm
):
    assert client_for(members[Role.PARALEGAL]).get("/f/avery/audit/import/").status_code == 403
    client_for(ops).post("/f/avery/audit/import/", {"file": _upload("two_invoices.ledes.txt")})
    job = _job(firm)
    from tests.factories import MembershipFactory, UserFactory

    outsider = UserFactory(email="ops@blackwood.test")
    with firm_scope(other_firm):
        MembershipFactory(firm=other_firm, user=outsider, role=Role.OPS)
    client = client_for(outsider)
    assert client.get(f"/f/blackwood/audit/imports/{job.pk}/").status_code == 404
    assert client.get(f"/api/v1/firms/blackwood/audit/imports/{job.pk}/").status_code == 404
    assert client.get("/api/v1/firms/blackwood/audit/imports/").json()["results"] == []
