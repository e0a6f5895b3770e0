"""CSV in and out: a real week's log goes in classified; a bad file imports nothing and names each bad row."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from audit.models import TaskEntry
from audit.services import audit_entry_create, audit_override_set
from firmops.models import Role
from firmops.tenancy import firm_scope
from tests.factories import UserFactory

HEADER = "date,person_email,description,minutes,matter,billable\n"


def _file(tmp_path, text: str | bytes, name="week.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


def _import(path):
    err = io.StringIO()
    try:
        call_command("import_tasks", "avery", path, stderr=err, stdout=io.StringIO())
    except CommandError as exc:
        return False, str(exc), err.getvalue()
    return True, "", err.getvalue()


def _count(firm) -> int:
    with firm_scope(firm):
        return TaskEntry.objects.count()


def test_a_weeks_csv_goes_in_classified_and_comes_out_with_bucket_category_and_reason(
    firm, members, period, tmp_path
):
    day = f"{period.starts_on:%Y-%m-%d}"
    path = _file(
        tmp_path,
        "\ufeff"
        + HEADER  # Excel's "CSV UTF-8" starts with a byte-order mark
        + f"{day},paralegal@avery.test,Summarized depo of Officer Grant,95,Smith v. Jones,no\n"
        + f'{day},ATTORNEY@avery.test,"Negotiated settlement terms, defense counsel",60,,yes\n'
        + f"{day},attorney@avery.test,e-filed MSJ opp,15\n\n",
    )
    ok, message, _ = _import(path)
    assert ok, message
    out = io.StringIO()
    call_command("export_tasks", "avery", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == [
        "date",
        "person_email",
        "description",
        "minutes",
        "matter",
        "billable",
        "timekeeper",
        "role",
        "rate",
        "task_code",
        "activity_code",
        "bucket",
        "category",
        "reason",
    ]
    got = {r["description"]: r for r in rows}
    assert got["Summarized depo of Officer Grant"]["category"] == "deposition_summaries"
    assert got["Summarized depo of Officer Grant"]["matter"] == "Smith v. Jones"
    assert got["Negotiated settlement terms, defense counsel"]["bucket"] == "core"
    assert got["Negotiated settlement terms, defense counsel"]["billable"] == "yes"
    assert got["e-filed MSJ opp"]["category"] == "e_filing" and "→" in got["e-filed MSJ opp"]["reason"]
    with firm_scope(firm):
        costs = dict(TaskEntry.objects.values_list("description", "hourly_cost"))
    assert costs["Summarized depo of Officer Grant"] == 40 and costs["e-filed MSJ opp"] == 400


def test_each_kind_of_bad_row_is_named_and_nothing_is_imported(
    firm, other_firm, members, period, other_partner, tmp_path
):
    UserFactory(email="stranger@nowhere.test")
    day = f"{period.starts_on:%Y-%m-%d}"
    outside = f"{period.ends_on.replace(year=period.ends_on.year + 1):%Y-%m-%d}"
    path = _file(
        tmp_path,
        HEADER
        + f"{day},paralegal@avery.test,Drafted RFPs,30,,no\n"  # line 2: fine
        + f"{day},nobody@avery.test,Drafted RFPs,30,,no\n"  # 3: unknown email
        + f"{day},partner@blackwood.test,Drafted RFPs,30,,no\n"  # 4: in another firm
        + "03/02/2026,paralegal@avery.test,Drafted RFPs,30,,no\n"  # 5: bad date format
        + "2026-02-30,paralegal@avery.test,Drafted RFPs,30,,no\n"  # 6: no such day
        + f"{day},paralegal@avery.test,Drafted RFPs,-15,,no\n"  # 7: negative minutes
        + f"{day},paralegal@avery.test,Drafted RFPs,5000,,no\n"  # 8: absurd minutes
        + f"{day},paralegal@avery.test,Drafted RFPs,half an hour,,no\n"  # 9: not a number
        + f"{day},paralegal@avery.test,,30,,no\n"  # 10: no description
        + f"{outside},paralegal@avery.test,Drafted RFPs,30,,no\n"  # 11: outside every audit period
        + f"{day},paralegal@avery.test,Drafted RFPs,30,,maybe\n"  # 12: billable neither yes nor no
        + f"{day},external@avery.test,Drafted RFPs,30,,no\n",  # 13: not staff
    )
    ok, summary, report = _import(path)
    assert not ok and "Nothing imported" in summary
    expected = {
        3: "unknown email 'nobody@avery.test'",
        4: "partner@blackwood.test is not a member of this firm",
        5: "'03/02/2026' is not a date in YYYY-MM-DD form",
        6: "'2026-02-30' is not a real day",
        7: "minutes -15 is negative",
        8: "minutes 5000 is more than a day",
        9: "minutes 'half an hour' is not a whole number",
        10: "description is empty",
        11: "is outside any audit period",
        12: "billable 'maybe' should be yes or no",
        13: "external@avery.test is not on the firm's staff",
    }
    lines = report.splitlines()
    for line, why in expected.items():
        assert any(text.startswith(f"line {line}:") and why in text for text in lines), (line, why, report)
    assert not any(text.startswith("line 2:") for text in lines)
    assert _count(firm) == 0


def test_a_missing_column_is_reported_before_any_row(firm, period, tmp_path):
    ok, _, report = _import(
        _file(tmp_path, "date,person_email,description\n2026-03-02,paralegal@avery.test,x\n")
    )
    assert not ok and "missing column minutes" in report


def test_a_file_that_is_not_utf8_names_the_line_and_imports_nothing(firm, members, period, tmp_path):
    day = f"{period.starts_on:%Y-%m-%d}"
    text = HEADER + f"{day},paralegal@avery.test,Drafted RFPs,30,,no\n"
    latin1 = text.encode() + f"{day},paralegal@avery.test,Café meeting re déposition,30,,no\n".encode(
        "cp1252"
    )
    ok, _, report = _import(_file(tmp_path, latin1))
    assert not ok and "line 3: the file is not UTF-8" in report
    assert _count(firm) == 0


def test_a_file_over_20_mb_is_refused(firm, period, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    ok, message, _ = _import(str(path))
    assert not ok and "20 MB" in message


def test_the_command_exits_non_zero_on_a_bad_file(firm, period, tmp_path, capsys):
    path = _file(tmp_path, HEADER + "2026-13-01,paralegal@avery.test,Drafted RFPs,30,,no\n")
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_tasks", "avery", path])
    assert exited.value.code != 0
    assert "line 2:" in capsys.readouterr().err


def test_a_big_import_writes_in_bulk_with_a_fixed_number_of_queries(
    firm, members, partner, period, tmp_path, django_assert_max_num_queries
):
    seed = audit_entry_create(
        firm=firm,
        actor=partner,
        period=period,
        description="Reviewed pre-bills and approved invoices",
        minutes=5,
    )
    audit_override_set(
        firm=firm, actor=partner, entry=seed, bucket="outsourceable", category="billing_time_entry"
    )
    days = [f"{period.starts_on + dt.timedelta(days=i):%Y-%m-%d}" for i in range(7)]
    people = ["paralegal@avery.test", "attorney@avery.test"]
    texts = [
        "Summarized depo",
        "Drafted RFPs",
        "Reviewed pre-bills and approved invoices",
        "Client call re custody",
    ]
    body = "".join(f"{days[i % 7]},{people[i % 2]},{texts[i % 4]} #{i},1,,no\n" for i in range(5000))
    path = _file(tmp_path, HEADER + body)
    with django_assert_max_num_queries(150) as captured:  # SQLite caps rows per INSERT at ~50
        ok, message, _ = _import(path)
    assert ok, message
    inserts = [q for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "audit_taskentry"')]
    assert len(captured) - len(inserts) <= 12  # lookups, rules and periods once, not per row
    with firm_scope(firm):
        assert TaskEntry.objects.count() == 5001
        assert TaskEntry.objects.filter(category="billing_time_entry", override__isnull=False).count() == 1251


def test_ops_uploads_a_csv_and_gets_the_report_on_the_page(client_for, members, firm, period):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(members[Role.OPS])
    day = f"{period.starts_on:%Y-%m-%d}"
    bad = SimpleUploadedFile("week.csv", (HEADER + f"{day},nobody@avery.test,Drafted RFPs,30,,no\n").encode())
    response = client.post("/f/avery/audit/import/", {"file": bad})
    assert response.status_code == 400
    assert "line 2: unknown email" in response.content.decode() and _count(firm) == 0
    good = SimpleUploadedFile(
        "week.csv", (HEADER + f"{day},paralegal@avery.test,Drafted RFPs,30,,no\n").encode()
    )
    response = client.post("/f/avery/audit/import/", {"file": good}, follow=True)
    assert "Imported 1 entries from 1 rows." in response.content.decode()
    assert _count(firm) == 1


def test_a_paralegal_cannot_open_the_import_page(client_for, paralegal, period):
    assert client_for(paralegal).get("/f/avery/audit/import/").status_code == 403
