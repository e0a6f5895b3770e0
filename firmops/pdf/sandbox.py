"""The PDF render itself, a child of firmops.pdf.render: WeasyPrint and a fetcher of static files only.

Deliberately free of Django: the child gets no settings, no database credentials and a bare
environment, so a document that somehow reached /proc/self/environ or the database would find
nothing. The parent kills the child when it runs past its time limit; the child caps its own memory.

WeasyPrint is imported where a render needs it, not at the top: every web and Celery process imports
this module through firmops.pdf.render (for FRAME and RefusedURL) and never renders in-process, and the
import costs each of them about 30 MB resident and half a second.

Protocol: stdin is JSON {"html", "base_url", "roots", "memory_mb"}; stdout is one JSON line
{"served": [...], "refused": [...]} followed by the PDF bytes. With --serve the process stays up
and forks one child per job, jobs and replies framed by FRAME (see serve()).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import struct
import sys
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger("firmops.pdf.render")

MIME = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",
}


class RefusedURL(ValueError):
    """A document asked for something outside the project's static files."""


class StaticOnlyRules:
    """Serves file:// URLs of files inside the static folders; refuses everything else.

    No http(s) (no network at all, so no redirects to follow), no data: (nothing we render needs
    it, and it would let a document carry an image or SVG bomb past the static-folder rule), no
    file outside the roots: the path is resolved first, so `..`, `%2e%2e` and symlinks that
    leave the folder are refused. StaticOnlyFetcher is these rules on WeasyPrint's URLFetcher.
    """

    def __init__(self, roots: list[Path] | list[str]) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, timeout=2)
        self.roots = [Path(r).resolve() for r in roots]
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        from weasyprint.urls import URLFetcherResponse

        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            return self._refuse(url)
        self.served.append(url[:200])
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": MIME.get(path.suffix, "application/octet-stream")},
        )

    def _refuse(self, url: str):
        self.refused.append(url[:200])
        log.warning("PDF renderer refused %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")


@cache
def fetcher_class() -> type:
    """StaticOnlyRules on WeasyPrint's URLFetcher, the class WeasyPrint takes as url_fetcher."""
    from weasyprint.urls import URLFetcher

    return type("StaticOnlyFetcher", (StaticOnlyRules, URLFetcher), {"__module__": __name__})


def __getattr__(name: str):
    if name == "StaticOnlyFetcher":  # pdf_sandbox.StaticOnlyFetcher, built on first use
        return fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render(html: str, *, base_url: str, roots: list[str]) -> tuple[bytes, StaticOnlyRules]:
    from weasyprint import HTML

    fetcher = fetcher_class()(roots)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(), fetcher


def _run(job: dict) -> bytes:
    """One render, as a reply: the served/refused report line, then the PDF."""
    limit = int(job.get("memory_mb") or 0) * 1024 * 1024
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # a layout bomb dies of MemoryError
    pdf, fetcher = render(job["html"], base_url=job["base_url"], roots=job["roots"])
    return json.dumps({"served": fetcher.served, "refused": fetcher.refused}).encode() + b"\n" + pdf


def main() -> int:
    """One job on stdin, its reply on stdout."""
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    sys.stdout.buffer.write(_run(json.loads(sys.stdin.buffer.read())))
    sys.stdout.buffer.flush()
    return 0


# --- the warm parent: one fork per render ---------------------------------------------------------
# Starting Python and importing WeasyPrint took about a second per render; a long-lived parent that
# has done both (and laid out one fixed page, so fonts are loaded) forks a fresh child per job in
# milliseconds. The parent never sees a document, so no child inherits another job's data.
FRAME = struct.Struct("!BQ")  # status (0 ok, 1 failed), length of what follows
WARM_UP = "<p>firmops</p>"


def _read_exact(stream, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def write_frame(stream, status: int, payload: bytes) -> None:
    stream.write(FRAME.pack(status, len(payload)) + payload)
    stream.flush()


def serve() -> int:
    """Read framed jobs from stdin until it closes; each is rendered by a forked child that replies."""
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    from weasyprint import HTML

    HTML(string=WARM_UP).write_pdf()
    fetcher_class()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (head := _read_exact(stdin, FRAME.size)) is not None:
        _, length = FRAME.unpack(head)
        job = json.loads(_read_exact(stdin, length) or b"{}")
        pid = os.fork()
        if pid == 0:  # the child: render, reply, leave without running the parent's cleanup
            try:
                write_frame(stdout, 0, _run(job))
            except BaseException as exc:  # noqa: BLE001 — any failure is the reply
                write_frame(stdout, 1, f"{type(exc).__name__}: {exc}".encode()[:2000])
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        if status != 0:  # the child died before it could reply (killed, crashed)
            write_frame(stdout, 1, f"render process ended with status {status}".encode())
    return 0


if __name__ == "__main__":
    sys.exit(serve() if sys.argv[1:] == ["--serve"] else main())
