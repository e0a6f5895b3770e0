"""The same firm on two platforms: each hot path's p95 and queries beside each other.

BENCH_COMPARE_URL names a second bench database, built with BENCH_COMPARE_SIZE (default
platform-5k: five times the firms and the rows of `platform`, firm load-0 the same size in both).
Both databases are served at once, each by its own gunicorn (2 sync workers, idle while the other
is driven); the load generator drives every path on one and then on the other, RUNS times over,
so a noisy minute on the shared machine falls on both. Queries: one request of each path through
Django's test client, in a child process connected to that database (`python -m bench.platforms
describe`, which also builds the second database when it is missing).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from bench.hotpaths import CONCURRENCY, RUNS, SECONDS, drive
from bench.report import ROOT, spread

TITLE = "The same firm on two platform sizes (side by side, one run)"
BIG = "load-0"


def _describe(url: str, size: str | None) -> dict:
    """The database's size, its load-0 hot paths, signed-in sessions and query counts (child process)."""
    env = {**os.environ, "DATABASE_URL": url, **({"BENCH_SIZE": size} if size else {})}
    out = subprocess.run(
        [sys.executable, "-m", "bench.platforms", "describe"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def describe() -> dict:
    """In the child: build the database if needed, then describe firm load-0's hot paths on it."""
    from django.db import connection

    from bench.data import build
    from bench.hotpaths import query_counts
    from bench.targets import fixed_paths, hot_paths, session_headers, world

    build(os.environ["DATABASE_URL"], say=lambda line: print(line, file=sys.stderr, flush=True))
    w = world(BIG)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relname IN "
            "('firmops_firm', 'audit_taskentry', 'performance_workitem', 'performance_hourentry')"
        )
        rows = dict(cursor.fetchall())
    return {
        "rows": rows,
        "paths": [*fixed_paths(w), *hot_paths(w)],
        "sessions": {role: session_headers(user) for role, user in w.users.items()},
        "counts": query_counts(BIG),
    }


def measure(server_log) -> str:
    from bench import server

    second = os.environ.get("BENCH_COMPARE_URL")
    if not second:
        return (
            "Not run: set BENCH_COMPARE_URL to a second bench database "
            "(built with BENCH_COMPARE_SIZE, default platform-5k).\n"
        )
    urls = {"first": os.environ["DATABASE_URL"], "second": second}
    described = {
        "first": _describe(urls["first"], None),
        "second": _describe(second, os.environ.get("BENCH_COMPARE_SIZE", "platform-5k")),
    }
    with (
        server.gunicorn(server_log, env={"DATABASE_URL": urls["first"]}) as one,
        server.gunicorn(server_log, env={"DATABASE_URL": urls["second"]}) as two,
    ):
        ports = {"first": one.port, "second": two.port}
        results: dict[tuple[str, str], list[dict]] = {}
        names = [req["name"] for _, req in described["first"]["paths"]]
        for _ in range(RUNS):
            for n in range(len(names)):
                for which in ("first", "second"):
                    role, req = described[which]["paths"][n]
                    headers = dict(described[which]["sessions"][role]) if role else {}
                    if req["path"].startswith("/api/"):
                        headers["Accept"] = "application/json"
                    users = [
                        {"name": f"u{k}", "headers": headers, "requests": [req]} for k in range(CONCURRENCY)
                    ]
                    run = drive(ports[which], users, SECONDS)["paths"][req["name"]]
                    results.setdefault((which, req["name"]), []).append(run)
    return _table(described, results, names)


def _size(d: dict) -> str:
    rows = {table: f"{n:,}" for table, n in d["rows"].items()}
    return (
        f"{rows.get('firmops_firm')} firms, {rows.get('audit_taskentry')} task entries, "
        f"{rows.get('performance_workitem')} work items, {rows.get('performance_hourentry')} hour entries"
    )


def _table(described: dict, results: dict, names: list[str]) -> str:
    lines = [
        f"Platform A: {_size(described['first'])}. Platform B: {_size(described['second'])} (row counts: "
        "PostgreSQL's estimates). Firm `load-0` is the same in both. "
        f"{CONCURRENCY} connections, {SECONDS:g} s per run, {RUNS} runs per path and platform, interleaved; "
        "medians (min–max). Queries: one request on each, BEGIN/COMMIT in brackets.\n",
        "| path | p95 ms A | p95 ms B | req/s A | req/s B | B / A req/s | queries A | queries B | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        a, b = results[("first", name)], results[("second", name)]
        qa, qb = (described[w]["counts"].get(name) for w in ("first", "second"))
        fmt = lambda q: "—" if not q else f"{q[1]} ({q[2]})"  # noqa: E731
        ratio = statistics.median(r["rps"] for r in b) / max(statistics.median(r["rps"] for r in a), 1e-9)
        lines.append(
            f"| {name} | {spread([r['p95'] for r in a])} | {spread([r['p95'] for r in b])} | "
            f"{spread([r['rps'] for r in a])} | {spread([r['rps'] for r in b])} | {ratio:.2f} | "
            f"{fmt(qa)} | {fmt(qb)} | {sum(r['errors'] for r in a + b)} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__" and sys.argv[1:] == ["describe"]:
    from bench.env import environment

    environment()
    import django

    django.setup()
    print(json.dumps(describe()))
