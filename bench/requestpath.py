"""What every firm page pays before its own work: statements and µs per request, one at a time.

    DATABASE_URL=… REDIS_URL=… python -m bench.requestpath [SLUG] [--only=NAME,…] [--sql] [--profile=NAME]

For each of bench.urls' fixed paths (nothing; the session and its user; a firm request as JSON;
a firm page in the shared layout) and the hot paths (--only: those whose name holds a NAME): the
statements one request sends (--sql lists them), then the median wall time and this process's
mean CPU time of REQUEST_PATH_RUNS requests through Django's test client, with no query capture
or profiler running (CPU time counts the Python side alone; on a shared machine it moves far
less than wall time). --profile=NAME adds
cProfile's top functions (cumulative, or REQUEST_PATH_SORT) of the paths whose name holds NAME.
A quick look at the request path (BENCHMARKS.md, "The request path"), not `make bench`: no
gunicorn, no concurrency.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time

RUNS = int(os.environ.get("REQUEST_PATH_RUNS", "300"))


def main(argv: list[str]) -> None:
    from bench.env import environment

    environment()
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SITE_URL", "http://testserver")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.targets import ask, fixed_paths, hot_paths, world

    args = [a for a in argv if not a.startswith("--")]
    profiled = next((a.split("=", 1)[1] for a in argv if a.startswith("--profile=")), None)
    w = world(args[0] if args else "load-0")
    paths = [*fixed_paths(w), *hot_paths(w)]
    only = next((a.split("=", 1)[1].split(",") for a in argv if a.startswith("--only=")), None)
    paths = [(role, req) for role, req in paths if not only or any(o in req["name"] for o in only)]
    print(f"firm {w.slug}, {RUNS} requests per path: median wall µs, mean CPU µs, statements")
    for role, req in paths:
        client = Client()
        if role:
            client.force_login(w.users[role])
        for _ in range(3):  # warm: the session learns the firm, templates compile, caches fill
            ask(client, req)
        with CaptureQueriesContext(connection) as queries:
            status = ask(client, req).status_code
        statements = [q["sql"] for q in queries.captured_queries]  # before the next request clears the log
        walls, cpus = [], []
        for _ in range(RUNS):
            started, cpu = time.perf_counter(), time.process_time()
            ask(client, req)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        wall, cpu = statistics.median(walls) * 1e6, statistics.mean(cpus) * 1e6
        print(f"{req['name']:<38} {status} {wall:>7,.0f} µs wall {cpu:>7,.0f} µs CPU {len(statements):>3} st")
        if "--sql" in argv:
            for sql in statements:
                print(f"      {sql[:160]}")
        if profiled and profiled in req["name"]:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(RUNS):
                ask(client, req)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("REQUEST_PATH_SORT", "cumulative")).print_stats(
                50
            )


if __name__ == "__main__":
    main(sys.argv[1:])
