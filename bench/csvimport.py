"""Imports of 100,000 rows: a CSV time log and LEDES 1998B invoices, wall time and peak memory.

Each import runs through `manage.py import_tasks` (all-or-nothing, with the audit trail on) in a
child process of its own that reports its own ru_maxrss, inside a transaction rolled back afterwards
so the bench data stays the same from run to run. BENCH_IMPORT_ROWS changes the size.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

from bench.report import ROOT

TITLE = "Imports of a time log: firmops CSV and LEDES 1998B invoices (all-or-nothing, streamed)"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
KINDS = ("csv", "ledes")

PEOPLE, DAYS = 40, 31  # 100,000 rows must fit in 24 hours per person and day, as the import checks
CODES = ("L110", "L120", "L210", "L310", "L320", "L330", "L350", "L430", "A101", "A102", "A103", "A104")
LEDES_FIELDS = (
    "INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|BILLING_START_DATE|"
    "BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|"
    "LINE_ITEM_ADJUSTMENT_AMOUNT|LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|"
    "LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|LINE_ITEM_UNIT_COST|"
    "TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]"
)


def _write_csv(path: str, period, emails: list[str]) -> int:
    from bench.loaddata_text import MATTERS, descriptions

    texts = descriptions()
    with open(path, "w") as out:
        out.write("date,person_email,description,minutes,matter,billable\n")
        for i in range(ROWS):
            text = texts[i % len(texts)].replace('"', "'")
            day = period.starts_on + timedelta(days=(i // len(emails)) % period.days)
            out.write(
                f'{day:%Y-%m-%d},{emails[i % len(emails)]},"{text} #{i}",{1 + (i // len(emails)) % 20},'
                f"{MATTERS[i % len(MATTERS)]},{'yes' if i % 3 == 0 else 'no'}\n"
            )
    return os.path.getsize(path)


def _ledes_line(i: int, period, texts: list[str]) -> str:
    from bench.loaddata_text import MATTERS

    person, invoice = i % PEOPLE, i // 1000
    day = period.starts_on + timedelta(days=(i // PEOPLE) % period.days)
    expense = i % 50 == 49
    code = CODES[i % len(CODES)]
    fields = {
        "INVOICE_DATE": "20260215",
        "INVOICE_NUMBER": f"INV-{invoice:05d}",
        "CLIENT_ID": f"CL-{invoice % 7}",
        "LAW_FIRM_MATTER_ID": f"M-{invoice % 11}",
        "INVOICE_TOTAL": "1000.00",
        "BILLING_START_DATE": f"{period.starts_on:%Y%m%d}",
        "BILLING_END_DATE": f"{period.ends_on:%Y%m%d}",
        "INVOICE_DESCRIPTION": "Services",
        "LINE_ITEM_NUMBER": str(i % 1000 + 1),
        "EXP/FEE/INV_ADJ_TYPE": "E" if expense else "F",
        "LINE_ITEM_NUMBER_OF_UNITS": "1" if expense else f"{0.1 + (i % 3) * 0.05:.2f}",
        "LINE_ITEM_ADJUSTMENT_AMOUNT": "0",
        "LINE_ITEM_TOTAL": "10.00",
        "LINE_ITEM_DATE": f"{day:%Y%m%d}",
        "LINE_ITEM_TASK_CODE": code if code.startswith("L") and not expense else "",
        "LINE_ITEM_EXPENSE_CODE": "E101" if expense else "",
        "LINE_ITEM_ACTIVITY_CODE": code if code.startswith("A") and not expense else "",
        "TIMEKEEPER_ID": f"TK{person:03d}",
        "LINE_ITEM_DESCRIPTION": f"{texts[i % len(texts)].replace('|', '/')} #{i}",
        "LAW_FIRM_ID": "36-0000000",
        "LINE_ITEM_UNIT_COST": f"{150 + person * 10}.00",
        "TIMEKEEPER_NAME": f"Keeper{person:03d}, Pat",
        "TIMEKEEPER_CLASSIFICATION": ("PT", "AS", "AS", "OC", "PL", "PL", "LA", "OT")[person % 8],
        "CLIENT_MATTER_ID": MATTERS[i % len(MATTERS)] or "GENERAL",
    }
    return "|".join(fields.values()) + "[]\r\n"


def _write_ledes(path: str, period) -> int:
    """Invoices of 1,000 lines from 40 timekeepers (people with no account), one line in 50 an expense."""
    from bench.loaddata_text import descriptions

    texts = descriptions()
    with open(path, "w", newline="") as out:
        out.write(f"LEDES1998B[]\r\n{LEDES_FIELDS}\r\n")
        for i in range(ROWS):
            out.write(_ledes_line(i, period, texts))
    return os.path.getsize(path)


def _people_and_period(slug: str):
    """A month-long audit period and 40 paralegals to log into it (rolled back with the import)."""
    from audit.models import AuditPeriod
    from bench.targets import world
    from firmops.models import Membership, Role, User
    from firmops.tenancy import firm_scope

    w = world(slug)
    users = User.objects.bulk_create(
        [
            User(email=f"import{n}@{slug}.firmops.test", first_name="Import", last_name=str(n))
            for n in range(PEOPLE)
        ]
    )
    with firm_scope(w.firm_id):
        Membership.objects.bulk_create(
            [Membership(firm_id=w.firm_id, user=u, role=Role.PARALEGAL) for u in users]
        )
        period = AuditPeriod.objects.create(
            firm_id=w.firm_id, engagement_id=w.engagement, starts_on=date(2026, 1, 5), days=DAYS
        )
    return period, [u.email for u in users]


def _one(slug: str, kind: str) -> dict | str:
    out = subprocess.run(
        [sys.executable, "-m", "bench.csvimport", slug, kind], cwd=ROOT, capture_output=True, text=True,
        env=os.environ.copy(),
    )  # fmt: skip
    if out.returncode != 0:
        return f"The {kind} import failed: `{(out.stderr or out.stdout).strip()[-500:]}`\n"
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(slug: str) -> str:
    results = {kind: _one(slug, kind) for kind in KINDS}
    failed = [r for r in results.values() if isinstance(r, str)]
    if failed:
        return "".join(failed)
    csv_, ledes = results["csv"], results["ledes"]

    def row(what: str, r: dict) -> str:
        return (
            f"| {what} | {r['imported']:,} | {r['bytes'] / 1024 / 1024:.1f} MB | {r['seconds']:.1f} s "
            f"| {r['imported'] / r['seconds']:,.0f} | {r['peak_mb']:,.0f} MB | {r['baseline_mb']:,.0f} MB |\n"
        )

    return (
        f"{ROWS:,} rows into firm `{slug}`, through `manage.py import_tasks` in a child process each, "
        "rolled back afterwards; every description distinct, so each is classified. The CSV: 40 members "
        f"over {DAYS} days. The LEDES file: {ROWS // 1000} invoices of 1,000 lines from 40 timekeepers "
        "without accounts (created by the import), one line in 50 an expense (skipped and counted), UTBMS "
        "codes on the fee lines. Targets: ≤ 30 s, peak memory ≤ 300 MB.\n\n"
        "| file | entries | size | time | rows/s | peak RSS of the process | of which before the import |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n" + row("firmops CSV", csv_) + row("LEDES 1998B", ledes)
    )


def _child(slug: str, kind: str) -> None:
    """Run one import, print seconds and ru_maxrss as JSON, roll everything back."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    with transaction.atomic():
        period, emails = _people_and_period(slug)
        with tempfile.NamedTemporaryFile(suffix=f".{kind}") as handle:
            size = (
                _write_csv(handle.name, period, emails)
                if kind == "csv"
                else _write_ledes(handle.name, period)
            )
            baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            out = io.StringIO()
            start = time.perf_counter()
            call_command("import_tasks", slug, handle.name, period=period.pk, stdout=out)  # all or raise
            seconds = time.perf_counter() - start
        imported = int(out.getvalue().split("Imported ")[1].split(" ")[0])
        transaction.set_rollback(True)  # the bench data stays as generated
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak,
                "baseline_mb": baseline,
                "imported": imported,
                "bytes": size,
            }
        )
    )


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "csv")
