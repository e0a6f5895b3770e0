"""Where each hot path's time goes: one request at a time, in this process, under a sampling profiler.

The throughput table says whether a path meets its target; this says why not. First what every
request pays before its own work (bench.urls: nothing, the session and user, a firm request as JSON
and as a page in the shared layout), then the hot paths. Each path is asked
RUNS_PROFILED times through Django's test client (the same middleware, views and templates as under
gunicorn, no network) with pyinstrument sampling every 0.5 ms. Own time (a frame's samples minus its
children's) is summed by the package the code lives in, so "django.template" is rendering,
"psycopg" is mostly waiting for PostgreSQL's answer, "django.db" building queries and model rows.
The SQL column is PostgreSQL's own time as Django measures it around each statement.
"""

from __future__ import annotations

import os
import statistics
import time
from collections import Counter

from bench.targets import ask, fixed_paths, hot_paths, world

TITLE = "Where the time goes (one request at a time, sampled in-process)"
RUNS_PROFILED = int(os.environ.get("BENCH_PROFILE_RUNS", "30"))
SHOWN = 6  # packages listed per path
_GROUPS = (  # (prefix of the module path, group shown); first match wins
    ("django/template", "django.template"),
    ("django/db", "django.db"),
    ("django", "django (other)"),
    ("psycopg", "psycopg"),
    ("rest_framework", "rest_framework"),
    ("allauth", "allauth"),
)


def _group(path: str) -> str:
    """A frame's file → a package name: site-packages by library, our own code by app."""
    if "site-packages/" in path:
        rest = path.split("site-packages/", 1)[1]
        return next((g for prefix, g in _GROUPS if rest.startswith(prefix)), rest.split("/", 1)[0])
    for app in ("audit", "providers", "onboarding", "performance", "firmops", "bench"):
        if f"/{app}/" in path:
            return f"{app} (ours)"
    return "python stdlib"


def _own_times(frame, into: Counter, parent_path: str = "") -> None:
    # Synthetic frames ("[self]", "[await]") hold their parent's own time and have no file.
    path = parent_path if frame.is_synthetic else (frame.file_path or parent_path)
    own = frame.time - sum(child.time for child in frame.children)
    into[_group(path)] += max(own, 0.0)
    for child in frame.children:
        _own_times(child, into, path)


def profile(slug: str) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    w = world(slug)
    out = []
    for role, req in [*fixed_paths(w), *hot_paths(w)]:
        client = Client()
        if role:
            client.force_login(w.users[role])
        ask(client, req)  # warm: the session learns the firm, templates compile
        walls, sql, statements = [], [], []
        groups: Counter = Counter()
        profiler = Profiler(interval=0.0005)
        for _ in range(RUNS_PROFILED):
            with CaptureQueriesContext(connection) as queries:
                profiler.start()
                started = time.perf_counter()
                ask(client, req)
                walls.append(time.perf_counter() - started)
                profiler.stop()
            sql.append(sum(float(q["time"]) for q in queries.captured_queries))
            statements.append(len(queries.captured_queries))
        root = profiler.last_session.root_frame() if profiler.last_session else None
        if root is not None:
            _own_times(root, groups)
        total = sum(groups.values()) or 1.0
        out.append(
            {
                "name": req["name"],
                "ms": statistics.median(walls) * 1000,
                "sql_ms": statistics.median(sql) * 1000,
                "statements": statistics.median(statements),
                "shares": [(g, t / total) for g, t in groups.most_common(SHOWN)],
            }
        )
    return out


def measure(big: str) -> str:
    rows = profile(big)
    lines = [
        f"Firm `{big}`, {RUNS_PROFILED} requests per path after a warm-up; median wall time per request "
        "and PostgreSQL's share of it; then the packages where the samples fell (own time).\n",
        "| path | ms per request | of which SQL ms | statements | where the time goes |",
        "|---|---:|---:|---:|---|",
    ]
    for r in rows:
        shares = ", ".join(f"{g} {s:.0%}" for g, s in r["shares"])
        lines.append(
            f"| {r['name']} | {r['ms']:,.1f} | {r['sql_ms']:,.1f} | {r['statements']:g} | {shares} |"
        )
    return "\n".join(lines) + "\n"
