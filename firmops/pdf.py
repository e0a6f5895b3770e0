"""PDF rendering with WeasyPrint, reading nothing but the project's own static files, within a time limit.

User text (guides, notes) ends up in these documents, so the fetcher refuses every URL that is
not a file under a static folder: no network, no other local files, no redirects, no data: URLs.
Each render runs in a child process (firmops/pdf_sandbox.py) with a bare environment, a memory cap
and a deadline: a document built to lay out forever is killed after PDF_RENDER_TIMEOUT seconds,
whichever process asked for it (a Celery worker or a web request) carries on.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from firmops import pdf_sandbox
from firmops.pdf_sandbox import RefusedURL

__all__ = ["RefusedURL", "RenderFailed", "RenderTimeout", "StaticOnlyFetcher", "html_to_pdf", "render_pdf"]

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


class StaticOnlyFetcher(pdf_sandbox.StaticOnlyFetcher):
    """The sandbox's fetcher, confined to this project's static folders."""

    def __init__(self, roots: list[Path] | None = None) -> None:
        super().__init__(roots if roots is not None else static_roots())


def base_url() -> str:
    """Relative URLs in templates (css/pdf.css) resolve inside the first static folder."""
    return static_roots()[0].as_uri() + "/"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    served: list[str]  # static files the document read
    refused: list[str]  # everything else it asked for


def render_html(html: str, *, timeout: int | None = None) -> Rendered:
    """Render HTML in a child process: RenderTimeout past `timeout` seconds, RenderFailed on other errors."""
    timeout = timeout or settings.PDF_RENDER_TIMEOUT
    job = {
        "html": html,
        "base_url": base_url(),
        "roots": [str(r) for r in static_roots()],
        "memory_mb": settings.PDF_RENDER_MEMORY_MB,
    }
    env = {k: v for k, v in os.environ.items() if k in CHILD_ENV_KEEP}
    # -I: isolated (no PYTHON* variables, no script folder on sys.path, so firmops/ modules cannot
    # shadow the standard library's).
    child = subprocess.Popen(
        [sys.executable, "-I", str(SANDBOX)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=str(static_roots()[0]),
    )
    try:
        out, err = child.communicate(json.dumps(job).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        log.warning("PDF render killed after %s s", timeout)
        raise RenderTimeout(
            f"took longer than {timeout} s to lay out, so it was stopped. "
            "Shorten the document or split its large or nested tables."
        ) from None
    head, _, pdf = out.partition(b"\n")
    if child.returncode != 0 or not pdf.startswith(b"%PDF"):
        reason = "ran out of memory" if b"MemoryError" in err else f"exit status {child.returncode}"
        log.error("PDF render failed (%s): %s", reason, err[-2000:].decode(errors="replace"))
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
