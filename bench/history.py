"""The engagement dashboard at two lengths of history, on the same firm: its SQL must not grow.

Firm 0's load data holds two engagements as busy each week as its main one, one 26 weeks old and
one 156 (bench.loaddata.HISTORY), with the same open backlog. Each dashboard is asked RUNS times
through Django's test client, as a partner; the table gives the rows under each (items and entries,
and the rollup rows kept from them), the queries, and the median SQL and wall time per request.
"""

from __future__ import annotations

import os
import statistics
import time

TITLE = "The engagement dashboard at 6 months and 3 years of history (same firm)"
RUNS = int(os.environ.get("BENCH_HISTORY_RUNS", "30"))


def _rows(firm_id: int, engagement_id: int) -> tuple[int, int, int, int]:
    from firmops.tenancy import firm_scope
    from performance.models import HourEntry, HourWeek, WorkItem, WorkWeek

    with firm_scope(firm_id):
        return (
            WorkItem.objects.filter(engagement_id=engagement_id).count(),
            HourEntry.objects.filter(engagement_id=engagement_id).count(),
            WorkWeek.objects.filter(engagement_id=engagement_id).count(),
            HourWeek.objects.filter(engagement_id=engagement_id).count(),
        )


def measure(big: str) -> str:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.loaddata import HISTORY
    from bench.targets import world

    w = world(big)
    client = Client()
    client.force_login(w.users["partner"])
    lines = [
        f"Firm `{big}`, {RUNS} requests per dashboard after a warm-up, one at a time in this process; "
        "medians. Queries exclude BEGIN/COMMIT.\n",
        "| engagement | weeks | work items | hour entries | work / hour rollup rows | queries | "
        "SQL ms | ms per request |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, weeks in HISTORY:
        engagement_id = w.history.get(name)
        if engagement_id is None:
            lines.append(f"| {name} | {weeks} | — (not in this database: rebuild it) | | | | | |")
            continue
        url = f"/f/{w.slug}/performance/engagements/{engagement_id}/"
        assert client.get(url).status_code == 200  # warm
        walls, sql, counts = [], [], set()
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                walls.append(time.perf_counter() - started)
            assert response.status_code == 200
            statements = [q for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]
            counts.add(len(statements))
            sql.append(sum(float(q["time"]) for q in statements))
        items, entries, work_rows, hour_rows = _rows(w.firm_id, engagement_id)
        lines.append(
            f"| {name} | {weeks} | {items:,} | {entries:,} | {work_rows:,} / {hour_rows:,} | "
            f"{'/'.join(str(c) for c in sorted(counts))} | {statistics.median(sql) * 1000:,.1f} | "
            f"{statistics.median(walls) * 1000:,.1f} |"
        )
    return "\n".join(lines) + "\n"
