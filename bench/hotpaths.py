"""The stack's ceiling and each hot path under load, plus SQL queries per request at two data sizes.

Throughput and latency: the load generator (bench.load, its own process) keeps BENCH_CONCURRENCY
connections busy against gunicorn for BENCH_SECONDS, BENCH_RUNS times per path, paths interleaved
so a noisy minute on the shared machine hits all of them. Query counts: Django's test client in this
process with CaptureQueriesContext, on firm 0 (the big firm) and firm 1 (ten times less data).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

from bench.report import ROOT, spread
from bench.targets import ask, fixed_paths, hot_paths, session_headers, world

TITLE = "Hot paths against the ceiling (gunicorn, 2 sync workers, PostgreSQL)"
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
CEILING = {"name": "ceiling (constant JSON view)", "method": "GET", "path": "/bench/ceiling/", "ok": [200]}
TARGETS = {  # name: (share of ceiling rps, p95 ms, max queries) from issue 9
    "quick-log POST": (0.20, 50, None),
    "partner dashboard": (0.10, 150, 15),
    "hit list": (0.10, 150, 15),
    "engagement performance dashboard": (0.10, 150, 15),
}


def drive(port: int, users: list[dict], seconds: float) -> dict:
    """Run the load generator in a second process and return its JSON result."""
    spec = {"host": "127.0.0.1", "port": port, "seconds": seconds, "users": users}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "bench.load", handle.name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    return json.loads(out.stdout)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def query_counts(slug: str) -> dict[str, tuple[int, int, int]]:
    """name → (status, SQL queries, statements) of one request of each hot path, through the test
    client; statements add the transaction control (BEGIN, COMMIT, savepoints) to the queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    w = world(slug)
    out = {}
    for role, req in [*fixed_paths(w)[1:], *hot_paths(w)]:
        client = Client()
        client.force_login(w.users[role])
        ask(client, req)  # warm: the session learns the firm, caches fill
        with CaptureQueriesContext(connection) as queries:
            response = ask(client, req)
        statements = [q["sql"] for q in queries.captured_queries]
        control = sum(sql.startswith(TRANSACTION_CONTROL) for sql in statements)
        out[req["name"]] = (response.status_code, len(statements) - control, len(statements))
    return out


def measure(server, big: str, small: str) -> tuple[str, dict]:
    w = world(big)
    sessions = {role: session_headers(user) for role, user in w.users.items()}
    paths = [*fixed_paths(w), *hot_paths(w)]  # the ceiling first

    def users_for(role, req):
        headers = dict(sessions[role]) if role else {}
        if req["path"].startswith("/api/"):
            headers["Accept"] = "application/json"
        return [{"name": f"u{k}", "headers": headers, "requests": [req]} for k in range(CONCURRENCY)]

    drive(
        server.port, [u for role, req in paths for u in users_for(role, req)[:1]], min(3.0, SECONDS)
    )  # warm
    results: dict[str, list[dict]] = {req["name"]: [] for _, req in paths}
    for _ in range(RUNS):
        for role, req in paths:
            results[req["name"]].append(
                drive(server.port, users_for(role, req), SECONDS)["paths"][req["name"]]
            )
    counts_big, counts_small = query_counts(big), query_counts(small)
    return _table(results, counts_big, counts_small), results


def _table(results: dict, big: dict, small: dict) -> str:
    ceiling = statistics.median(r["rps"] for r in results[CEILING["name"]])
    rows, notes = [], []
    for name, runs in results.items():
        rps = [r["rps"] for r in runs]
        errors = sum(r["errors"] for r in runs)
        (_, q_big, s_big), (_, q_small, s_small) = big.get(name, (None,) * 3), small.get(name, (None,) * 3)
        target = TARGETS.get(name)
        verdict = ""
        if target:
            share, p95, max_q = target
            same = (q_big, s_big) == (q_small, s_small)  # the count must not grow with the data
            checks = [
                (f"≥{share:.2f}×", statistics.median(rps) >= share * ceiling),
                (f"p95 ≤{p95} ms", statistics.median(r["p95"] for r in runs) <= p95),
            ]
            if max_q:
                few = q_big is not None and q_big <= max_q and same
                checks.append((f"≤{max_q} q, same at both sizes", few))
            verdict = ", ".join(f"{label} {'✓' if ok else '✗'}" for label, ok in checks) + (
                " — **met**" if all(ok for _, ok in checks) else " — **missed**"
            )
        lat = " | ".join(spread([r[p] for r in runs]) for p in ("p50", "p95", "p99"))
        sizes = ((q_big, s_big), (q_small, s_small))
        queries = " | ".join("—" if q is None else f"{q} ({st})" for q, st in sizes)
        rows.append(
            f"| {name} | {spread(rps)} | {lat} | {statistics.median(rps) / ceiling:.2f} | {queries} "
            f"| {errors} | {verdict} |"
        )
        for r in runs:
            notes += [f"- {name}: {s}" for s in r.get("samples", [])[:1]]
    statuses = {n: (big[n][0], small[n][0]) for n in big}
    return (
        f"{CONCURRENCY} concurrent connections from the load generator, {SECONDS:g} s per run, {RUNS} runs "
        "per path (interleaved); each figure is the median with min–max over the runs. Latencies in ms. "
        "Queries: one request through Django's test client on firm 0 (the big firm) and on firm 1 "
        "(ten times less data); in brackets, every statement sent, BEGIN and COMMIT included.\n\n"
        "| path | req/s | p50 | p95 | p99 | × ceiling | queries (big) | queries (1/10) | errors | target |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n\n"
        f"Status codes of the query-count requests (big, small): {statuses}.\n"
        + ("\nFirst error of each failing run:\n" + "\n".join(notes) + "\n" if notes else "")
    )
