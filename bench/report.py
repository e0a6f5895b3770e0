"""Figures into Markdown: median with min–max over repeated runs, the machine line, the file."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def spread(values: list[float], fmt: str = "{:,.0f}") -> str:
    """`median (min–max)` of repeated runs; just the value for one run."""
    if not values:
        return "—"
    if len(values) == 1:
        return fmt.format(values[0])
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load = os.getloadavg()
    return (
        f"- Machine: {os.cpu_count()} cores, {int(mem) // 1024 // 1024} GiB, {cpu}, Python "
        f"{platform.python_version()}\n"
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · commit {commit or 'uncommitted'}"
        f"{' (with uncommitted changes in the tree)' if dirty else ''}\n"
        f"- Database: {os.environ.get('DATABASE_URL', 'SQLite (embedded default)').split('@')[-1]}\n"
        f"- Load average when the run started: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on "
        f"{os.cpu_count()} cores (the machine is shared: other work slows every figure below)\n"
    )


def write(header: str, sections: list[str], path: Path) -> str:
    text = (
        "# Benchmarks\n\nWritten by `make bench` (`python -m bench`); every figure below was measured in "
        "that run.\n\n" + header + "\n" + "\n".join(s.strip() + "\n" for s in sections)
    )
    path.write_text(text)
    return text
