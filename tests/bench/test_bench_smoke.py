"""`make bench` works from a fresh database: a tiny run end to end, in a process of its own.

Figures are not checked (they belong in BENCHMARKS.md); what is checked is that every hot path
answered without an error under load, and that the load test saw no cross-firm response.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.needs_postgres
def test_bench_builds_its_data_serves_it_and_writes_the_tables(tmp_path):
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    out = tmp_path / "BENCHMARKS.md"
    # One name per role setup: a database made by a one-role run belongs to the other role.
    suffix = "_owned" if os.environ.get("DATABASE_OWNER_URL") else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"{base}/firmops_bench_smoke{suffix}",
        "BENCH_SIZE": "small",
        "BENCH_SECONDS": "1",
        "BENCH_RUNS": "1",
        "BENCH_CONCURRENCY": "2",
        "BENCH_LOAD_USERS": "10",
        "BENCH_LOAD_SECONDS": "5",
        "BENCH_PROFILE_RUNS": "3",
        "BENCH_HISTORY_RUNS": "2",
        "BENCH_OUTPUT": str(out),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Its own process group, so a timeout also ends the gunicorn it started.
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench", "hotpaths", "profiles", "history", "loadtest"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    assert proc.returncode == 0, stderr[-3000:]
    text = out.read_text()
    for path in (
        "ceiling (constant JSON view)",
        "quick-log POST",
        "partner dashboard",
        "hit list",
        "provider comparison",
        "engagement performance dashboard",
        "API list page",
    ):
        row = next(line for line in text.splitlines() if line.startswith(f"| {path}"))
        assert row.split("|")[9].strip() == "0", row  # the errors column
    assert "Errors: 0. Cross-firm responses: 0." in text
    profiled = text.split("## Where the time goes", 1)[1].split("\n## ", 1)[0]
    for path in ("quick-log POST", "hit list", "engagement performance dashboard"):
        row = next(line for line in profiled.splitlines() if line.startswith(f"| {path}"))
        assert float(row.split("|")[2].replace(",", "")) > 0 and "psycopg" in row, row
    assert stdout.count("| quick-log POST") >= 2  # the same tables are printed as written
    # The engagement dashboard at 26 and 156 weeks of history: the same queries for both.
    history = text.split("## The engagement dashboard at 6 months and 3 years", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|") for line in history.splitlines() if line.startswith("| History: ")]
    assert len(rows) == 2 and rows[0][6] == rows[1][6] and rows[0][6].strip().isdigit(), rows
