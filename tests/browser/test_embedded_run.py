"""`make run` on a port other than 8000: the emailed questionnaire link opens the questionnaire.

The embedded stack is started exactly as `make run` starts it (scripts/run-embedded.sh: migrate,
seed_demo, runserver, a Celery worker with beat on the filesystem broker), in a var directory of
its own, on a free port. Ops sends a questionnaire from the demo firm's provider page in Chromium;
the worker emails it; the test reads the email from the script's terminal output and opens the link
in a browser with nobody signed in.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from firmops.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 120  # migrate + seed + two processes on a loaded 2-core machine; ~15 s when quiet
MAIL_SECONDS = 60  # the kick after commit is immediate; the beat relay would retry after 30 s
# The embedded defaults, whatever this test run uses (CI's second pass points at PostgreSQL/Redis).
NOT_INHERITED = (
    "DATABASE_URL",
    "DATABASE_OWNER_URL",
    "REDIS_URL",
    "SITE_URL",
    "DEBUG",
    "EMAIL_BACKEND",
    "EMAIL_SUMMARY_FILE",
    "CELERY_TASK_ALWAYS_EAGER",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    def __init__(self, proc: subprocess.Popen, terminal: Path, var: Path, port: int):
        self.proc, self.terminal, self.var, self.port = proc, terminal, var, port
        self.url = f"http://127.0.0.1:{port}"

    def output(self) -> str:
        return self.terminal.read_text(errors="replace")

    def wait_for(self, pattern: str, seconds: float) -> re.Match:
        """The first match of `pattern` in what the terminal shows, waiting up to `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output())
            if found:
                return found
            assert self.proc.poll() is None, f"make run's script exited:\n{self.output()}"
            time.sleep(0.3)
        raise AssertionError(f"no {pattern!r} within {seconds:.0f} s; the terminal showed:\n{self.output()}")


@pytest.fixture
def stack(tmp_path):
    port = _free_port()
    assert port != 8000
    var = tmp_path / "var"
    terminal = tmp_path / "terminal.txt"
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(HOST="127.0.0.1", PORT=str(port), FIRMOPS_VAR_DIR=str(var))
    with terminal.open("wb") as out:
        # A session of its own: the teardown signals the script and everything it started at once.
        proc = subprocess.Popen(
            ["bash", "scripts/run-embedded.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Stack(proc, terminal, var, port)
    try:
        running.wait_for(r"firmops is running at", START_SECONDS)
        deadline = time.monotonic() + START_SECONDS
        while True:  # the banner comes before runserver listens
            try:
                with urllib.request.urlopen(f"{running.url}/accounts/login/", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, running.output()
                time.sleep(0.3)
        yield running
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        try:  # whatever of the group is still shutting down (the worker's pool child)
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_make_run_on_another_port_emails_a_questionnaire_link_that_opens(
    stack: Stack, page: Page, browser: Browser, screenshot
):
    assert f"emailed links start with {stack.url}" in stack.output()
    contact = f"dana.{uuid.uuid4().hex[:8]}@meridian.example"

    page.goto(f"{stack.url}/accounts/login/")
    page.get_by_label("Email").fill("ops@demo.firmops.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/f/demo/**")
    page.goto(f"{stack.url}/f/demo/vetting/")
    page.get_by_role("link", name="Meridian Legal Talent", exact=True).click()
    page.get_by_label("Send to").fill(contact)
    page.get_by_role("button", name="Email the link").click()
    expect(page.get_by_text(f"Questionnaire sent to {contact}")).to_be_visible()

    # What the newcomer sees in the terminal: recipient, subject, and the link on a line of its own.
    email = rf"\[email [\d:]+\] to {re.escape(contact)}\n  Subject: (.+)\n((?:  .+\n)+)"
    block = stack.wait_for(email, MAIL_SECONDS)
    subject = block.group(1)
    links = re.findall(r"^  Link: (\S+)$", block.group(2), re.M)
    assert len(links) == 1 and links[0].startswith(f"{stack.url}/q/"), block.group(0)
    worker_log = (stack.var / "worker.log").read_text()
    assert f"Subject: {subject}" in worker_log and links[0] in worker_log  # the full text, as README says

    # The provider has no account: a browser with nobody signed in follows the emailed link.
    outside = browser.new_context()
    try:
        form = outside.new_page()
        answer = form.goto(links[0])
        assert answer is not None and answer.status == 200
        expect(form.get_by_role("heading", level=1)).to_contain_text(
            "Demo Law Group · vetting questionnaire for Meridian Legal Talent"
        )
        expect(form.get_by_role("button", name="Submit answers")).to_be_visible()
    finally:
        outside.close()
