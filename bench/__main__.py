"""`make bench`: build the load data, serve it with gunicorn, load it, and write BENCHMARKS.md.

python -m bench              every part below, in order
python -m bench PART ...     only those parts (data is always prepared first)
python -m bench data         only prepare the data (build the database when it is missing)
python -m bench audit        a phase module of the earlier bench (audit, onboarding, performance,
                             providers: each measures in a scratch database of its own)

Environment: DATABASE_URL (default postgres://firmops:firmops@127.0.0.1:5432/firmops_bench, created when
missing), REDIS_URL (default redis://127.0.0.1:6379/9: cache and broker as deployed),
BENCH_SIZE (small | firm | platform | platform-5k), BENCH_RUNS, BENCH_SECONDS, BENCH_CONCURRENCY,
BENCH_LOAD_USERS, BENCH_LOAD_SECONDS, BENCH_OUTPUT (default BENCHMARKS.md), BENCH_COMPARE_URL and
BENCH_COMPARE_SIZE (the "platforms" part: the same firm on a second, larger platform database).
"""

import importlib
import os
import sys
from pathlib import Path

from bench.env import environment

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("hotpaths", "profiles", "history", "platforms", "loadtest", "pdfs", "csvimport", "classifier")
LEGACY = ("audit", "onboarding", "performance", "providers")
BIG, SMALL = "load-0", "load-1"


def _legacy(names: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firmops.settings")
    import django

    django.setup()
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"## {module.TITLE}\n\n{module.run().strip()}\n", flush=True)


def main(names: list[str]) -> None:
    if names and all(n in LEGACY for n in names):
        return _legacy(names)
    unknown = [n for n in names if n not in (*PARTS, "data")]
    if unknown:
        raise SystemExit(
            f"unknown part(s) {unknown}; parts: {', '.join(PARTS)}; older modules: {', '.join(LEGACY)}"
        )
    environment()
    import django

    django.setup()
    from bench import report
    from bench.data import SIZE, build

    header = report.machine()
    data = build(os.environ["DATABASE_URL"], say=lambda line: print(line, flush=True))
    sections = [_data_section(data)]
    if names == ["data"]:  # only build (or migrate) the database, e.g. a second platform's
        print(f"database ready (size {SIZE})")
        return None
    wanted = names or list(PARTS)
    for part in wanted:
        print(f"== {part}", flush=True)
        section = _run(part)
        print(section, flush=True)
        sections.append(section)
    out = Path(os.environ.get("BENCH_OUTPUT", ROOT / "BENCHMARKS.md"))
    report.write(header, sections, out)
    print(f"wrote {out} (size {SIZE})")


_server_rss: list[float] = []


def _run(part: str) -> str:
    from bench import csvimport, history, hotpaths, loadtest, pdfs, platforms, profiles, server

    if part == "platforms":
        return f"## {platforms.TITLE}\n\n{platforms.measure(ROOT / 'var/bench/gunicorn.log')}"
    if part in ("hotpaths", "loadtest"):
        module = hotpaths if part == "hotpaths" else loadtest
        second = SMALL
        with server.gunicorn(ROOT / "var/bench/gunicorn.log") as srv:
            text, _ = module.measure(srv, BIG, second)
            rss = srv.worker_rss_mb()
        return (
            f"## {module.TITLE}\n\n{text}\nWeb worker resident memory after this load (VmRSS from /proc): "
            + ", ".join(f"{mb:,.0f} MB" for mb in rss)
            + " (target ≤ 150 MB each).\n"
        )
    module = {"pdfs": pdfs, "csvimport": csvimport, "profiles": profiles, "history": history}.get(part)
    if module is not None:
        return f"## {module.TITLE}\n\n{module.measure(BIG)}"
    from bench.audit import bench_classifier

    return "## Classifier throughput\n\n" + bench_classifier()


def _data_section(data: dict) -> str:
    lines = "\n".join(f"    {line}" for line in data.get("lines", []))
    return (
        f"## Data: `manage.py generate_load_data --size {data.get('size')}`\n\n"
        f"Built {data.get('built')} in {data.get('seconds', 0):,.0f} s (COPY through a staging table and "
        "INSERT … SELECT per firm on PostgreSQL). Firm `load-0` holds the big counts, `load-1` a tenth "
        "of them.\n\n"
        f"{lines}\n"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
