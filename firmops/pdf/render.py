"""PDF rendering with WeasyPrint, reading nothing but the project's own static files, within a time limit.

User text (guides, notes) ends up in these documents, so the fetcher refuses every URL that is
not a file under a static folder: no network, no other local files, no redirects, no data: URLs.
Each render runs in a child process (a fork of firmops/pdf/sandbox.py) with a bare environment, a memory cap
and a deadline: a document built to lay out forever is killed after PDF_RENDER_TIMEOUT seconds,
whichever process asked for it (a Celery worker or a web request) carries on.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from firmops.pdf import sandbox as pdf_sandbox
from firmops.pdf.sandbox import RefusedURL

# StaticOnlyFetcher comes from the module's __getattr__ below.
__all__ = ["RefusedURL", "RenderFailed", "RenderTimeout", "StaticOnlyFetcher", "html_to_pdf", "render_pdf"]  # noqa: F822

log = logging.getLogger(__name__)
SANDBOX = Path(pdf_sandbox.__file__).resolve()
# What the child may see of our environment: enough to find fonts and libraries, no secrets.
CHILD_ENV_KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "XDG_CACHE_HOME")


class RenderFailed(RuntimeError):
    """The renderer could not make a PDF of this document."""


class RenderTimeout(RenderFailed):
    """The document took longer than the time limit to lay out; its render was killed."""


def static_roots() -> list[Path]:
    return [Path(p).resolve() for p in settings.STATICFILES_DIRS]


class ProjectStaticRules(pdf_sandbox.StaticOnlyRules):
    """The sandbox's fetcher rules, confined to this project's static folders."""

    def __init__(self, roots: list[Path] | None = None) -> None:
        super().__init__(roots if roots is not None else static_roots())


@cache
def _fetcher_class() -> type:
    return type(
        "StaticOnlyFetcher", (ProjectStaticRules, pdf_sandbox.fetcher_class()), {"__module__": __name__}
    )


def __getattr__(name: str):
    # StaticOnlyFetcher subclasses WeasyPrint's URLFetcher, so it is built on first use: importing
    # WeasyPrint in every web worker for a class that only tests and benches instantiate here
    # (renders happen in the sandbox) cost ~30 MB each.
    if name == "StaticOnlyFetcher":
        return _fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def base_url() -> str:
    """Relative URLs in templates (css/pdf.css) resolve inside the first static folder."""
    return static_roots()[0].as_uri() + "/"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    served: list[str]  # static files the document read
    refused: list[str]  # everything else it asked for


class _Renderer:
    """This process's warm sandbox parent (firmops/pdf/sandbox.py --serve), started on first use.

    Each render is a fork of it, so the ~1 s of Python start and WeasyPrint import is paid once
    per process, not per PDF. A render past its deadline takes the whole sandbox down (its own
    process group) and the next render starts a new one.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.child: subprocess.Popen | None = None
        self.pid = 0

    def _start(self) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k in CHILD_ENV_KEEP}
        # -I: isolated (no PYTHON* variables, no script folder on sys.path, so firmops/ modules
        # cannot shadow the standard library's). Its own session, so a kill takes its forks too.
        return subprocess.Popen(
            [sys.executable, "-I", str(SANDBOX), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=str(static_roots()[0]),
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.child is not None and self.child.poll() is None:
            os.killpg(self.child.pid, signal.SIGKILL)
            self.child.wait()
        self.child = None

    def render(self, job: dict, timeout: float) -> tuple[int, bytes]:
        with self.lock:
            if self.child is None or self.child.poll() is not None or self.pid != os.getpid():
                self.child, self.pid = self._start(), os.getpid()  # a forked worker starts its own
            payload = json.dumps(job).encode()
            try:
                self.child.stdin.write(pdf_sandbox.FRAME.pack(0, len(payload)) + payload)
                self.child.stdin.flush()
                head = self._read(pdf_sandbox.FRAME.size, time.monotonic() + timeout)
                status, length = pdf_sandbox.FRAME.unpack(head)
                return status, self._read(length, time.monotonic() + timeout)
            except (TimeoutError, BrokenPipeError, EOFError):
                self.stop()
                raise

    def _read(self, size: int, deadline: float) -> bytes:
        out = self.child.stdout
        data = b""
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([out], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(out.fileno(), min(size - len(data), 1 << 20))
            if not chunk:
                raise EOFError
            data += chunk
        return data


_renderer = _Renderer()
atexit.register(_renderer.stop)


def render_html(html: str, *, timeout: int | None = None) -> Rendered:
    """Render HTML in a sandboxed child: RenderTimeout past `timeout` seconds, RenderFailed otherwise."""
    timeout = timeout or settings.PDF_RENDER_TIMEOUT
    job = {
        "html": html,
        "base_url": base_url(),
        "roots": [str(r) for r in static_roots()],
        "memory_mb": settings.PDF_RENDER_MEMORY_MB,
    }
    try:
        status, reply = _renderer.render(job, timeout)
    except TimeoutError:
        log.warning("PDF render killed after %s s", timeout)
        raise RenderTimeout(
            f"took longer than {timeout} s to lay out, so it was stopped. "
            "Shorten the document or split its large or nested tables."
        ) from None
    except (BrokenPipeError, EOFError) as exc:
        raise RenderFailed("could not be rendered (the renderer stopped).") from exc
    head, _, pdf = reply.partition(b"\n")
    if status != 0 or not pdf.startswith(b"%PDF"):
        error = reply.decode(errors="replace")
        reason = "ran out of memory" if "MemoryError" in error else error[:200]
        log.error("PDF render failed: %s", error)
        raise RenderFailed(f"could not be rendered ({reason}).")
    report = json.loads(head)
    for url in report["refused"]:
        log.warning("PDF renderer refused %s", url)
    for url in report["served"]:
        log.debug("PDF renderer served %s", url)
    return Rendered(pdf=pdf, served=report["served"], refused=report["refused"])


def html_to_pdf(html: str, *, timeout: int | None = None) -> bytes:
    """Render HTML we built to PDF bytes, fetching only static files, within the time limit."""
    return render_html(html, timeout=timeout).pdf


def render_pdf(template: str, context: dict) -> bytes:
    """Render a Django template to PDF."""
    return html_to_pdf(render_to_string(template, context))
