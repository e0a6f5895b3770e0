"""Run every benchmark module and write BENCHMARKS.md (python -m bench [name ...])."""

import datetime
import importlib
import os
import pkgutil
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
        "?",
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return (
        f"- Machine: {os.cpu_count()} cores, {int(mem) // 1024 // 1024} GiB, {cpu}, Python {platform.python_version()}\n"
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · commit {commit or 'uncommitted'}\n"
        f"- Database: {os.environ.get('DATABASE_URL', 'SQLite (embedded default)').split('@')[-1]}\n"
    )


def main(names: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firmops.settings")
    import django

    django.setup()
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")
    )
    sections = []
    for name in modules:
        if names and name not in names:
            continue
        module = importlib.import_module(f"bench.{name}")
        print(f"== {module.TITLE}", flush=True)
        section = f"## {module.TITLE}\n\n{module.run().strip()}\n"
        print(section, flush=True)
        sections.append(section)
    text = (
        "# Benchmarks\n\nWritten by `make bench`; every figure below was measured in that run.\n\n"
        + machine()
        + "\n"
        + "\n".join(sections)
    )
    (ROOT / "BENCHMARKS.md").write_text(text)
    print(f"wrote {ROOT / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main(sys.argv[1:])
