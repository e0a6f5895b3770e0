"""The chaos tests' machinery: a private Redis to stop and start, real Celery worker and beat processes,
an "app" process that makes intents the way the web does, and a mail backend that files each message
so a test can count deliveries per key.

Never the shared Redis on 6379: other tests and people use it. Ours runs on a free port, without
persistence, so stopping it loses every queued message, as an outage or a failover would.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

ROOT = Path(__file__).resolve().parents[2]
KEY_HEADER = "X-Firmops-Delivery-Key: "


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, timeout: float, what: str, every: float = 0.2):
    """Poll until `check()` is truthy; returns its value or fails naming what never happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what} within {timeout:.0f} s")


class RedisServer:
    """Our own redis-server, stopped and started by the test."""

    def __init__(self, folder: Path):
        self.port, self.folder, self.proc = free_port(), folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=20, what=f"redis-server on port {self.port} did not answer")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None


class Processes:
    """Celery workers, beats and app scripts of one test, all stopped at its end."""

    def __init__(self, *, env: dict, folder: Path):
        self.env, self.folder, self.procs = env, folder, []

    def _start(self, name: str, args: list[str], **extra_env) -> tuple[subprocess.Popen, Path]:
        log = self.folder / f"{name}.log"
        proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc, log

    def worker(self, name: str, *, concurrency: int = 2, **extra_env) -> tuple[subprocess.Popen, Path]:
        proc, log = self._start(
            name,
            [
                "-m",
                "celery",
                "-A",
                "firmops",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "-n",
                f"{name}-{uuid.uuid4().hex[:6]}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            **extra_env,
        )
        wait_for(lambda: b" ready." in log.read_bytes(), timeout=90, what=f"worker {name} did not start")
        return proc, log

    def beat(self, name: str) -> tuple[subprocess.Popen, Path]:
        return self._start(
            name,
            [
                "-m",
                "celery",
                "-A",
                "firmops",
                "beat",
                "-s",
                str(self.folder / f"{name}-schedule"),
                "--loglevel=INFO",
            ],
        )

    def app(self, *args: str) -> dict:
        """Run tests.firmops.chaos_support as the web app would (its own process), return its JSON."""
        done = subprocess.run(
            [sys.executable, "-m", "tests.firmops.chaos_support", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def pool_children(pid: int) -> list[int]:
    """The prefork pool processes of a worker (its direct children)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


class FilingBackend(BaseEmailBackend):
    """One file per delivered message in CHAOS_MAIL_DIR; with CHAOS_HANG_SUBJECT set, the first message
    with that subject hangs before it is delivered (once, marked by a file), so a test can kill the worker
    mid-send."""

    def send_messages(self, messages):
        folder = Path(os.environ["CHAOS_MAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        hang = os.environ.get("CHAOS_HANG_SUBJECT")
        for message in messages:
            marker = folder.parent / "hanging"
            if hang and message.subject == hang and not marker.exists():
                marker.write_text(str(os.getpid()))
                time.sleep(120)  # killed here by the test
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)


def delivered(mail_dir: Path) -> Counter:
    """How many times each delivery key reached the mail folder."""
    keys: Counter = Counter()
    for path in mail_dir.glob("*.eml"):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith(KEY_HEADER):
                keys[line[len(KEY_HEADER) :].strip()] += 1
    return keys


# --- the "app" process: makes intents the way requests do, against whatever broker REDIS_URL names.


class _Count(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _email_many(firm_slug: str, count: str, prefix: str) -> dict:
    """`count` emails, each decided in its own transaction (as by one request), then one real request."""
    from django.db import transaction
    from django.test import Client

    from firmops.messaging.emails import send_on_commit
    from firmops.models import Firm, Membership, Role
    from firmops.tenancy import firm_scope

    refused = _Count()
    logging.getLogger("firmops.messaging.outbox").addHandler(refused)
    firm = Firm.objects.get(slug=firm_slug)
    started = time.monotonic()
    for n in range(int(count)):
        with transaction.atomic():
            send_on_commit(
                firm=firm, key=f"{prefix}:{n}", to=[f"{prefix}{n}@example.test"], subject="Hello", body="x"
            )
    seconds = time.monotonic() - started
    with firm_scope(firm):
        ops = Membership.objects.filter(role=Role.OPS).select_related("user").first().user
    client = Client()
    client.force_login(ops)  # an ops member invites someone: the invitation email is one more intent
    response = client.post(
        f"/f/{firm.slug}/members/", {"email": f"{prefix}web@example.test", "role": "attorney"}
    )
    return {"seconds": seconds, "status": response.status_code, "refused": refused.count}


def _export(firm_slug: str, engagement_id: str) -> dict:
    from django.db import transaction

    from firmops.messaging.outbox import enqueue_on_commit
    from firmops.models import Firm
    from firmops.tenancy import firm_scope
    from onboarding.models import PackExport
    from onboarding.tasks import build_pack

    firm = Firm.objects.get(slug=firm_slug)
    with transaction.atomic(), firm_scope(firm):
        export = PackExport.objects.create(
            firm=firm,
            engagement_id=int(engagement_id),
            inputs_digest=uuid.uuid4().hex,
            html="<h1>Onboarding pack</h1><p>Built after the broker came back.</p>",
        )
        enqueue_on_commit(build_pack, firm_id=firm.pk, export_id=export.pk)
    return {"export_id": export.pk}


if __name__ == "__main__":
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firmops.settings")
    django.setup()
    command, *rest = sys.argv[1:]
    result = {"emails": _email_many, "export": _export}[command](*rest)
    print(json.dumps(result))
