"""The PDF render itself, a child process of firmops.pdf: WeasyPrint and a fetcher of static files only.

Deliberately free of Django: the child gets no settings, no database credentials and a bare
environment, so a document that somehow reached /proc/self/environ or the database would find
nothing. The parent kills the child when it runs past its time limit; the child caps its own memory.

Protocol: stdin is JSON {"html", "base_url", "roots"}; stdout is one JSON line
{"served": [...], "refused": [...]} followed by the PDF bytes.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger("firmops.pdf")

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


class StaticOnlyFetcher(URLFetcher):
    """Serves file:// URLs of files inside the static folders; refuses everything else.

    No http(s) (no network at all, so no redirects to follow), no data: (nothing we render needs
    it, and it would let a document carry an image or SVG bomb past the static-folder rule), no
    file outside the roots: the path is resolved first, so `..`, `%2e%2e` and symlinks that
    leave the folder are refused.
    """

    def __init__(self, roots: list[Path] | list[str]) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, timeout=2)
        self.roots = [Path(r).resolve() for r in roots]
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
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


def render(html: str, *, base_url: str, roots: list[str]) -> tuple[bytes, StaticOnlyFetcher]:
    fetcher = StaticOnlyFetcher(roots)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(), fetcher


def main() -> int:
    job = json.loads(sys.stdin.buffer.read())
    limit = int(job.get("memory_mb") or 0) * 1024 * 1024
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # a layout bomb dies of MemoryError
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    pdf, fetcher = render(job["html"], base_url=job["base_url"], roots=job["roots"])
    head = json.dumps({"served": fetcher.served, "refused": fetcher.refused}).encode()
    sys.stdout.buffer.write(head + b"\n" + pdf)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
