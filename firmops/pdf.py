"""PDF rendering with WeasyPrint that can read nothing but the project's own static files.

User text (guides, notes) ends up in these documents, so the fetcher refuses every URL that is
not a file under a static folder: no network, no other local files, no redirects.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A document asked for something outside the project's static files."""


def static_roots() -> list[Path]:
    return [Path(p).resolve() for p in settings.STATICFILES_DIRS]


class StaticOnlyFetcher(URLFetcher):
    """Serves file:// URLs inside the static folders; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, timeout=2)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in static_roots()) or not path.is_file():
            return self._refuse(url)
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": _mime(path)})

    def _refuse(self, url: str):
        self.refused.append(url[:200])
        log.warning("PDF renderer refused %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".ttf": "font/ttf",
        ".woff2": "font/woff2",
    }.get(path.suffix, "application/octet-stream")


def base_url() -> str:
    """Relative URLs in templates (css/pdf.css) resolve inside the first static folder."""
    return static_roots()[0].as_uri() + "/"


def html_to_pdf(html: str) -> bytes:
    """Render HTML we built to PDF bytes, fetching only static files."""
    return HTML(string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher()).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    """Render a Django template to PDF."""
    return html_to_pdf(render_to_string(template, context))
