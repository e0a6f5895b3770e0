"""Performance: the engagement dashboard over a year of data — server time and SQL queries, at two data sizes.

Runs in a scratch test database (created and dropped here) so it never touches real data.
BENCH_PERF_SCALE scales the year (default 1: 50,000 work items and 100,000 attorney hour entries);
the small firm always has ten times less. BENCH_PERF_RUNS sets measured requests (default 5).
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

TITLE = "Performance: engagement dashboard with a year of data"
SCALE = float(os.environ.get("BENCH_PERF_SCALE", "1"))
RUNS = int(os.environ.get("BENCH_PERF_RUNS", "5"))
ITEMS, HOURS = 50_000, 100_000
CATEGORIES = (
    "discovery_drafting", "deposition_summaries", "medical_summaries", "document_review", "e_filing",
    "legal_research", "cite_checking", "records_requests", "calendar_scheduling", "correspondence",
)  # fmt: skip
PROFESSIONALS, ATTORNEYS, BATCH = 25, 40, 5_000


def _firm(label: str, items: int, hours: int, now: datetime):
    """A firm with one engagement and a year of work, hours, matters, surveys, check-ins and signals."""
    from firmops.models import Engagement, Firm, Membership, Role, User
    from firmops.tenancy import firm_scope
    from performance.models import (
        ActionItem,
        CheckIn,
        HourEntry,
        Matter,
        PerformancePlan,
        ScalingSignal,
        SurveyResponse,
        WorkItem,
    )  # fmt: skip
    from providers.models import Professional, Provider, Selection

    firm = Firm.objects.create(
        name=f"Bench {label} LLP", slug=f"bench-perf-{label}", require_mfa_for_partners=False
    )
    start = now - timedelta(days=365)
    with firm_scope(firm):
        partner = User.objects.create_user(f"partner@{label}.bench.test", "x")
        Membership.objects.create(firm=firm, user=partner, role=Role.PARTNER)
        attorneys = [
            User.objects.create_user(f"attorney{n}@{label}.bench.test", "x") for n in range(ATTORNEYS)
        ]
        Membership.objects.bulk_create([Membership(firm=firm, user=u, role=Role.ATTORNEY) for u in attorneys])
        engagement = Engagement.objects.create(
            firm=firm, name=f"Bench {label}", owner=partner, stage="performing"
        )
        provider = Provider.objects.create(
            firm=firm, engagement=engagement, name="Bench LPO", model="talent_platform"
        )
        pros = Professional.objects.bulk_create(
            [
                Professional(firm=firm, provider=provider, name=f"Pro {n:02d}", hourly_rate=Decimal("40"))
                for n in range(PROFESSIONALS)
            ]
        )
        Selection.objects.create(
            firm=firm,
            engagement=engagement,
            provider=provider,
            professional=pros[0],
            rationale="bench",
            selected_at=start,
        )
        PerformancePlan.objects.create(firm=firm, engagement=engagement, began_on=start.date())
        matters = Matter.objects.bulk_create(
            [
                Matter(
                    firm=firm,
                    engagement=engagement,
                    reference=f"M-{n}",
                    name="Matter",
                    intake_on=(start + timedelta(days=n)).date(),
                    resolved_on=(start + timedelta(days=n + 30 + n % 40)).date() if n < 300 else None,
                )
                for n in range(max(40, items // 100))
            ]
        )
        SurveyResponse.objects.bulk_create(
            [
                SurveyResponse(
                    firm=firm,
                    engagement=engagement,
                    matter=matters[n % len(matters)],
                    score=1 + n % 5,
                    comment="Quick and clear",
                    received_on=(start + timedelta(days=n % 360)).date(),
                )
                for n in range(max(50, items // 50))
            ]
        )
        step = timedelta(days=365) / items
        batch = []
        for n in range(items):
            assigned = start + step * n
            open_item = n % 20 == 0
            turnaround = 4 + n % 70
            delivered = assigned + timedelta(hours=turnaround)
            item = WorkItem(
                firm=firm, engagement=engagement, professional=pros[n % PROFESSIONALS], title=f"Work {n}",
                category=CATEGORIES[n % len(CATEGORIES)], assigned_at=assigned,
                due_at=assigned + timedelta(hours=72),
                delivered_at=None if open_item or delivered > now else delivered, hours=Decimal(1 + n % 4),
            )  # fmt: skip
            item.compute_turnaround()
            batch.append(item)
            if len(batch) == BATCH:
                WorkItem.objects.bulk_create(batch)
                batch = []
        WorkItem.objects.bulk_create(batch)
        per_day = max(1, hours // (ATTORNEYS * 365))  # entries per attorney-day, each under 24 h together
        batch = []
        for n in range(hours):
            attorney = attorneys[n % ATTORNEYS]
            day = (start + timedelta(days=(n // ATTORNEYS // per_day) % 365)).date()
            batch.append(
                HourEntry(
                    firm=firm,
                    engagement=engagement,
                    attorney=attorney,
                    worked_on=day,
                    hours=Decimal("0.75"),
                    source="csv",
                )
            )
            if len(batch) == BATCH:
                HourEntry.objects.bulk_create(batch)
                batch = []
        HourEntry.objects.bulk_create(batch)
        for seq in range(1, 30):
            checkin = CheckIn.objects.create(
                firm=firm, engagement=engagement, sequence=seq, scheduled_at=start + timedelta(days=14 * seq),
                status="done" if start + timedelta(days=14 * seq) < now else "scheduled",
            )  # fmt: skip
            ActionItem.objects.create(
                firm=firm, engagement=engagement, raised_in=checkin, text=f"Action {seq}"
            )
        ScalingSignal.objects.bulk_create(
            [
                ScalingSignal(
                    firm=firm, engagement=engagement, kind="bottleneck", key=f"bench:{n}", title=f"Signal {n}"
                )
                for n in range(10)
            ]
        )
    return firm, engagement, partner


def _measure() -> str:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from firmops.tenancy import firm_scope
    from performance.dashboard import engagement_performance
    from performance.models import HourEntry, WorkItem
    from performance.report import report_pdf

    now = datetime.now(UTC)
    sizes = [
        ("large", int(ITEMS * SCALE), int(HOURS * SCALE)),
        ("small", int(ITEMS * SCALE / 10), int(HOURS * SCALE / 10)),
    ]
    rows, counts, load = [], {}, {}
    for label, items, hours in sizes:
        started = time.perf_counter()
        firm, engagement, partner = _firm(label, items, hours, now)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load
        load[label] = time.perf_counter() - started
        with firm_scope(firm):
            real = (WorkItem.objects.count(), HourEntry.objects.count())
        client = Client()
        client.force_login(partner)
        url = f"/f/{firm.slug}/performance/engagements/{engagement.pk}/"
        assert client.get(url).status_code == 200  # warm-up: templates, caches, session
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200
        counts[label] = len(queries)
        build = []
        for _ in range(RUNS):
            started = time.perf_counter()
            with firm_scope(firm):
                engagement_performance(firm=firm, engagement=engagement, now=datetime.now(UTC)).charts()
            build.append(time.perf_counter() - started)
        started = time.perf_counter()
        pdf = report_pdf(firm=firm, engagement=engagement)
        pdf_s = time.perf_counter() - started
        median, worst, figures = (statistics.median(times), max(times), statistics.median(build))
        rows.append(
            f"| {label} | {real[0]:,} | {real[1]:,} | {median * 1000:,.0f} | {worst * 1000:,.0f} "
            f"| {figures * 1000:,.0f} | {counts[label]} | {pdf_s * 1000:,.0f} ({len(pdf) // 1024} KiB) |"
        )
    same = counts["large"] == counts["small"]
    return (
        f"One engagement per firm: a year of delegated work over {PROFESSIONALS} professionals and "
        f"{len(CATEGORIES)} categories (5% left open), attorney hour entries from {ATTORNEYS} attorneys, "
        "plus matters, surveys, 29 check-ins and 10 open signals. "
        f"BENCH_PERF_SCALE={SCALE:g} (1 = the issue's 50,000 work items and 100,000 hour entries); the small "
        f"firm has ten times less. Median and max of {RUNS} dashboard requests after one warm-up, through "
        "Django's test client (middleware, firm scope, templates, six server-rendered SVG charts).\n\n"
        "| data | work items | hour entries | dashboard ms (median) | max ms | figures + charts only ms "
        "| SQL queries | weekly PDF ms |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
        + "\n".join(rows)
        + f"\n\n**SQL queries per dashboard: {counts['large']} with the large data, {counts['small']} with "
        f"ten times less — {'the same' if same else 'NOT the same'}.** (Every figure is a GROUP BY "
        "week/category in SQL; the count is fixed by the code, not the data.) Loading the data with "
        f"bulk_create took {load['large']:.0f} s and {load['small']:.0f} s.\n"
    )


def run() -> str:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    if connection.vendor == "postgresql":  # a name of our own: other benches and test runs share the server
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_firmops_bench_performance"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(
            ALLOWED_HOSTS=hosts,
            SECURE_SSL_REDIRECT=False,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ):
            return _measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
