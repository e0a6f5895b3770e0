"""CSV import of a 100,000-row time log: wall time and peak memory, in a process of its own.

The import runs through `manage.py import_tasks` (all-or-nothing, with the audit trail on) in a child
process that reports its own ru_maxrss, inside a transaction rolled back afterwards so the bench data
stays the same from run to run. BENCH_IMPORT_ROWS changes the size.
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

TITLE = "CSV import of a time log (all-or-nothing, streamed)"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))


PEOPLE, DAYS = 40, 31  # 100,000 rows must fit in 24 hours per person and day, as the import checks


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


def measure(slug: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "bench.csvimport", slug], cwd=ROOT, capture_output=True, text=True,
        env=os.environ.copy(),
    )  # fmt: skip
    if out.returncode != 0:
        return f"The import failed: `{(out.stderr or out.stdout).strip()[-500:]}`\n"
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return (
        f"{ROWS:,} rows ({r['bytes'] / 1024 / 1024:.1f} MB; {PEOPLE} people over {DAYS} days, every "
        f"description distinct so each is classified) into firm `{slug}`, through "
        "`manage.py import_tasks` in a child process, rolled back afterwards. "
        "Targets: ≤ 30 s, peak memory ≤ 300 MB.\n\n"
        "| rows | time | rows/s | peak RSS of the process | of which before the import |\n"
        "|---:|---:|---:|---:|---:|\n"
        f"| {r['imported']:,} | {r['seconds']:.1f} s | {r['imported'] / r['seconds']:,.0f} "
        f"| {r['peak_mb']:,.0f} MB | {r['baseline_mb']:,.0f} MB |\n"
    )


def _child(slug: str) -> None:
    """Run the import, print seconds and ru_maxrss as JSON, roll everything back."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    with transaction.atomic():
        period, emails = _people_and_period(slug)
        with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
            size = _write_csv(handle.name, period, emails)
            baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            start = time.perf_counter()
            call_command(
                "import_tasks", slug, handle.name, period=period.pk, stdout=io.StringIO()
            )  # all or raise
            seconds = time.perf_counter() - start
        transaction.set_rollback(True)  # the bench data stays as generated
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"seconds": seconds, "peak_mb": peak, "baseline_mb": baseline, "imported": ROWS, "bytes": size}
        )
    )


if __name__ == "__main__":
    _child(sys.argv[1])
