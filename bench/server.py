"""The server under test: gunicorn, 2 sync workers, production settings, on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(extra: dict | None = None) -> dict:
    """Production-like: DEBUG off, collected static files, the bench's SECRET_KEY (sessions match)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        CELERY_TASK_ALWAYS_EAGER="1",  # a pack export builds in the request when it is not reused
        LOG_LEVEL="ERROR",
        DB_CONN_MAX_AGE="60",  # as in .env.example and compose: one connection per worker, not per request
    )
    env.update(extra or {})
    return env


class Server:
    def __init__(self, proc: subprocess.Popen, port: int):
        self.proc, self.port = proc, port

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]

    def worker_rss_mb(self) -> list[float]:
        """VmRSS of each worker (not the arbiter), from /proc."""
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes


@contextmanager
def gunicorn(log: Path, env: dict | None = None):
    """Serve the product; `env` overrides the environment (e.g. another DATABASE_URL)."""
    port = free_port()
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"), "firmops.wsgi:application", "--workers", str(WORKERS),
        "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--chdir", str(ROOT),
        "--control-socket", str(log.parent / f"gunicorn-{port}.ctl"),  # not the shared default in ~/.gunicorn
    ]  # fmt: skip
    with open(log, "ab") as out:
        extra = {"SITE_URL": f"http://127.0.0.1:{port}", **(env or {})}  # DEBUG=0 needs SITE_URL
        proc = subprocess.Popen(cmd, env=server_env(extra), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    server = Server(proc, port)
    try:
        _wait_ready(server)
        yield server
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_ready(server: Server, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.proc.returncode}; see var/bench/gunicorn.log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/bench/ceiling/", timeout=60) as r:
                if r.status == 200 and len(server.worker_pids()) == WORKERS:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s")
