"""Audit hot paths: the classifier's throughput, the CSV import, and the hit list in a big database.

Runs in a scratch test database (created and dropped here), never in the configured one. Sizes scale
with BENCH_AUDIT_SCALE (default 1: a firm with 100,000 entries among 1,000,000); the section says what ran.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from decimal import Decimal

from django.db import connection
from django.test.utils import setup_databases, teardown_databases

TITLE = "Audit week: classifier, CSV import, hit list"

FIRMS = 10
ENTRIES_PER_FIRM = 100_000
CLASSIFY_COUNT = 10_000
IMPORT_ROWS = 10_000
CATEGORIES = (
    ("deposition_summaries", "outsourceable"),
    ("discovery_drafting", "outsourceable"),
    ("e_filing", "outsourceable"),
    ("cite_checking", "outsourceable"),
    ("trial_exhibits", "outsourceable"),
    ("calendar_scheduling", "outsourceable"),
    ("document_review", "outsourceable"),
    ("legal_research", "outsourceable"),
    ("billing_time_entry", "outsourceable"),
    ("records_requests", "outsourceable"),
    ("client_intake", "outsourceable"),
    ("medical_summaries", "outsourceable"),
    ("court_appearance", "core"),
    ("case_strategy", "core"),
    ("negotiation", "core"),
    ("legal_advice", "core"),
    ("depositions", "core"),
)
# performer slots per firm: (role, hourly cost)
PEOPLE = (("partner", 500), ("attorney", 400), ("attorney", 400), ("paralegal", 40), ("paralegal", 40))

VERBS = (
    "Drafted",
    "drafting",
    "Summarized",
    "summarised",
    "Reviewed",
    "reviewing",
    "E-filed",
    "efiled",
    "Prepared",
    "prep'd",
    "Cite-checked",
    "Scheduled",
    "Calendared",
    "Called",
    "t/c w/",
    "Negotiated",
    "Argued",
    "Researched",
    "Organized",
    "Indexed",
    "Scanned",
    "Sent",
    "Followed up on",
    "Proofread",
    "Took",
    "Defended",
    "Advised",
)
OBJECTS = (
    "RFPs",
    "rogs",
    "RFAs",
    "depo transcript",
    "deposition summary",
    "MSJ opp",
    "TOA",
    "trial exhibits",
    "exhibit binders",
    "privilege log",
    "document production",
    "medical records",
    "records request",
    "subpoena duces tecum",
    "client intake form",
    "conflict check",
    "scheduling order deadlines",
    "hearing on motion to compel",
    "settlement terms",
    "case strategy memo",
    "legal research memo",
    "billing entries",
    "pre-bills",
    "client file",
    "voicemail",
    "engagement letter",
    "witness outline",
)
SUFFIXES = (
    "",
    " for Smith",
    " re Hartley v. Grant",
    " (Morales)",
    " - 3rd set",
    " w/ opposing counsel",
    " asap",
)
TYPOS = {
    "deposition": "depositon",
    "interrogatories": "interogatories",
    "exhibits": "exibits",
    "medical": "medcial",
}


class _Counter:
    """Counts statements without DEBUG's query log (which would slow the very thing measured)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)

    def __len__(self) -> int:
        return self.n


@contextmanager
def counting():
    counter = _Counter()
    with connection.execute_wrapper(counter):
        yield counter


def _scale() -> float:
    try:
        return max(0.001, float(os.environ.get("BENCH_AUDIT_SCALE", "1")))
    except ValueError:
        return 1.0


def descriptions(count: int) -> list[str]:
    """Distinct, realistic descriptions: verbs × objects × matters, some with typos, each with a number."""
    out = []
    for i in range(count):
        verb, thing = VERBS[i % len(VERBS)], OBJECTS[(i // len(VERBS)) % len(OBJECTS)]
        text = f"{verb} {thing}{SUFFIXES[i % len(SUFFIXES)]}"
        if i % 9 == 0:
            for right, wrong in TYPOS.items():
                text = text.replace(right, wrong)
        out.append(f"{text} #{i}")
    return out


def bench_classifier() -> str:
    from audit.classifier import classify, classify_many

    texts = descriptions(CLASSIFY_COUNT)
    start = time.perf_counter()
    results = classify_many(texts)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    classify_many(texts)
    warm = time.perf_counter() - start
    # The same descriptions with UTBMS task and activity codes, as an e-billing import gives them.
    pairs = [
        (task, activity) for task in ("L120", "L240", "L320", "L330", "") for activity in ("A103", "A104", "")
    ]
    start = time.perf_counter()
    for i, text in enumerate(texts):
        task, activity = pairs[i % len(pairs)]
        classify(text, task_code=task, activity_code=activity)
    coded = time.perf_counter() - start
    share = sum(r.category != "other" for r in results) / len(results)
    return (
        "### Classifier\n\n"
        "| descriptions | distinct | first pass | descriptions/s | second pass (cached) | descriptions/s "
        "| with UTBMS codes | descriptions/s |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {len(texts):,} | {len(set(texts)):,} | {cold:.2f} s | {len(texts) / cold:,.0f} | {warm:.2f} s "
        f"| {len(texts) / warm:,.0f} | {coded:.2f} s | {len(texts) / coded:,.0f} |\n\n"
        f"{share:.0%} of the generated descriptions got a category other than “other”.\n"
    )


def _world(index: int, per_firm: int):
    """One firm with an engagement, a week's period and five people; its entries bulk-inserted."""
    from audit.models import AuditPeriod
    from firmops.models import Engagement, Firm, Membership, User
    from firmops.tenancy import firm_scope

    firm = Firm.objects.create(name=f"Bench firm {index}", slug=f"bench-{index}")
    users = [User.objects.create(email=f"p{slot}@bench-{index}.test") for slot in range(len(PEOPLE))]
    with firm_scope(firm):
        for user, (role, _) in zip(users, PEOPLE, strict=True):
            Membership.objects.create(firm=firm, user=user, role=role)
        engagement = Engagement.objects.create(firm=firm, name="Bench", owner=users[0])
        period = AuditPeriod.objects.create(
            firm=firm, engagement=engagement, starts_on=dt.date(2026, 3, 2), days=7
        )
        _insert_entries(firm=firm, period=period, users=users, count=per_firm)
    return firm, period


def _case(expr: str, values: list) -> tuple[str, list]:
    whens = " ".join(f"WHEN {i} THEN %s" for i in range(len(values)))
    return f"CASE {expr} {whens} END", list(values)


def _insert_entries(*, firm, period, users, count: int) -> None:
    """INSERT … SELECT over a generated series: one statement per firm, inside its scope (RLS checks it)."""
    postgres = connection.vendor == "postgresql"
    n_people, n_cat = len(PEOPLE), len(CATEGORIES)
    performer, p1 = _case(f"(i %% {n_people})", [u.pk for u in users])
    role, p2 = _case(f"(i %% {n_people})", [r for r, _ in PEOPLE])
    cost, p3 = _case(f"(i %% {n_people})", [Decimal(c) for _, c in PEOPLE])
    category, p4 = _case(f"((i / 3) %% {n_cat})", [c for c, _ in CATEGORIES])
    bucket, p5 = _case(f"((i / 3) %% {n_cat})", [b for _, b in CATEGORIES])
    if postgres:
        series = "generate_series(1, %s) AS s(i)"
        day = "(%s::date + (i %% 7))"
        text = "('task ' || i)"
        now = "now()"
    else:
        series = (
            "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %s) SELECT i FROM s)"
        )
        day = "date(%s, '+' || (i %% 7) || ' days')"
        text = "('task ' || i)"
        now = "CURRENT_TIMESTAMP"
    sql = (
        "INSERT INTO audit_taskentry (firm_id, period_id, performer_id, performer_role, hourly_cost,"
        " description,"
        " minutes, performed_on, matter, billable, bucket, category, reason, confidence, pattern, created_at,"
        f" updated_at) SELECT %s, %s, {performer}, {role}, {cost}, {text}, ((i * 37) %% 240) + 5, {day}, '',"
        f" (i %% 3 = 0), {bucket}, {category}, 'bench', 0.5, '', {now}, {now} FROM {series}"
    )
    params = [firm.pk, period.pk, *p1, *p2, *p3, period.starts_on, *p5, *p4, count]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def bench_import(firm, period, rows: int) -> str:
    from audit.csv_io import audit_entries_import_csv

    texts = descriptions(rows)
    body = "date,person_email,description,minutes,matter,billable\n" + "".join(
        f'{period.starts_on + dt.timedelta(days=i % 5):%Y-%m-%d},p{3 + i % 2}@bench-0.test,"{t}",1,Smith,no\n'
        for i, t in enumerate(texts)
    )
    data = body.encode()
    with counting() as queries:
        start = time.perf_counter()
        report = audit_entries_import_csv(firm=firm, stream=io.BytesIO(data), size=len(data), period=period)
        took = time.perf_counter() - start
    assert report.ok, report.lines()[:5]
    return (
        "### CSV import (all-or-nothing, streamed, bulk insert)\n\n"
        "| rows | file | time | rows/s | queries |\n|---:|---:|---:|---:|---:|\n"
        f"| {report.imported:,} | {len(data) / 1024:,.0f} KiB | {took:.2f} s | {report.imported / took:,.0f} "
        f"| {len(queries)} |\n"
    )


@contextmanager
def bulk_load(table: str):
    """On PostgreSQL, drop the table's secondary indexes and foreign keys while loading, then put them back.

    The usual bulk-load practice: building an index once is far cheaper than updating it row by row. The
    schema the hit list then runs against is exactly the migrated one (same index and constraint SQL).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
            [table, "%pkey"],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'f'",
            [table],
        )
        foreign_keys = cursor.fetchall()
        for name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _, definition in indexes:
                cursor.execute(definition)
            for name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def bench_hit_list(per_firm: int) -> str:
    from audit.selectors import hit_list
    from firmops.tenancy import firm_scope

    start = time.perf_counter()
    with bulk_load("audit_taskentry"):
        worlds = [_world(i, per_firm) for i in range(FIRMS)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - start
    firm, period = worlds[0]
    rebuilt = ", indexes and foreign keys rebuilt after the load" if connection.vendor == "postgresql" else ""
    out = [
        "### Hit list\n",
        f"Database: {FIRMS} firms × {per_firm:,} entries = {FIRMS * per_firm:,} task entries "
        f"(generated with INSERT … SELECT over a series in {built:.1f} s{rebuilt}); "
        "the hit list is built for one firm's "
        f"period of {per_firm:,} entries.\n",
    ]
    timings = []
    with firm_scope(firm):
        hit_list(firm=firm, period=period)  # warm the connection and caches once
        for _ in range(5):
            with counting() as queries:
                start = time.perf_counter()
                rows = hit_list(firm=firm, period=period)
                timings.append(time.perf_counter() - start)
    total = sum(r.recoverable_weekly for r in rows)
    out.append(
        "| entries in DB | entries in period | categories | queries | median | best | recoverable/week |\n"
        "|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {FIRMS * per_firm:,} | {per_firm:,} | {len(rows)} | {len(queries)} | "
        f"{statistics.median(timings) * 1000:.0f} ms | {min(timings) * 1000:.0f} ms | ${total:,.0f} |\n"
    )
    out.append(bench_import(firm, period, max(100, int(IMPORT_ROWS * min(1.0, _scale() * 10)))))
    return "\n".join(out)


def run() -> str:
    from django.conf import settings

    debug, settings.DEBUG = settings.DEBUG, False  # no query log: measure what production runs
    try:
        return _run()
    finally:
        settings.DEBUG = debug


def _run() -> str:
    scale = _scale()
    per_firm = max(100, int(ENTRIES_PER_FIRM * scale))
    load = os.getloadavg()[0]
    sections = [
        f"Load average when the run started: {load:.1f} on {os.cpu_count()} cores (other work on the machine "
        "slows every figure below).\n",
        f"Scale: BENCH_AUDIT_SCALE={scale:g} → {per_firm:,} entries per firm, "
        f"{FIRMS * per_firm:,} in the database (target: 100,000 of 1,000,000). "
        f"Engine: {connection.vendor}; a scratch database created for this run.\n",
        bench_classifier(),
    ]
    tmp = None
    if connection.vendor == "sqlite":
        tmp = tempfile.NamedTemporaryFile(prefix="bench-audit-", suffix=".sqlite3", delete=False)
        connection.settings_dict.setdefault("TEST", {})["NAME"] = tmp.name
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        sections.append(bench_hit_list(per_firm))
    finally:
        teardown_databases(old, verbosity=0)
        if tmp is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.unlink(tmp.name + suffix)
                except FileNotFoundError:
                    pass
    return "\n".join(sections)
