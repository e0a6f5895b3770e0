"""Hostile How We Work guides (tests/onboarding/data/hostile/) against the real pack build.

Each guide text tries to make the renderer read a local file, reach the network (cloud metadata,
PostgreSQL, a loopback canary that records every hit), attach a file, or lay out for ever. The PDF
must hold none of it — checked with poppler's pdftotext, pdfdetach, pdfimages and pdfinfo — and
the renderer must have read nothing but static files.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from firmops.models import Role
from firmops.pdf.render import RenderFailed, render_html, static_roots
from firmops.tenancy import firm_scope
from onboarding import packs, selectors, services
from onboarding.models import GuideVersion, PackExport
from tests.onboarding.conftest import DAY_1, log_audit_week

pytestmark = pytest.mark.skipif(
    shutil.which("pdfdetach") is None, reason="poppler-utils is installed by make test"
)

CORPUS = Path(__file__).parent / "data" / "hostile"
HOSTILE = sorted(p.name for p in CORPUS.glob("*.md") if not p.name.startswith("slow_"))
CANARY_BODY = "CANARY-HTTP-BODY-7f3e"
# What would show that something was read: /etc/passwd, an environment, cloud metadata, the canary.
LEAKS = ("root:x:0:0", "PATH=", "HOME=", "ami-id", "instance-id", CANARY_BODY)


class Canary:
    """A loopback HTTP server that answers every request with CANARY_BODY and records it."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 — http.server's naming
                hits.append(self.path)
                body = CANARY_BODY.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary():
    server = Canary()
    # The canary answers: a fetch that got through would show up in the PDF and in `hits`.
    assert urllib.request.urlopen(server.url + "/self-check", timeout=5).read().decode() == CANARY_BODY
    server.hits.clear()
    yield server
    server.close()


def hostile_text(name: str, canary: Canary) -> str:
    return (CORPUS / name).read_text().replace("{canary}", canary.url)


@pytest.fixture
def planned(firm, engagement, selected, ops, members):
    log_audit_week(firm, engagement, members[Role.ATTORNEY], {"e_filing": 300})
    with firm_scope(firm):
        return services.plan_generate(firm=firm, actor=ops, engagement=engagement, starts_on=DAY_1).plan


def save_guide(firm, engagement, ops, text: str) -> None:
    with firm_scope(firm):
        guide = selectors.guide_for(firm=firm, engagement=engagement)
        assert services.guide_save(firm=firm, actor=ops, guide=guide, style_guide=text) is not None


def poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, *args, str(path)], capture_output=True, check=True, text=True).stdout


def inspect(pdf: bytes, tmp_path: Path) -> dict:
    """What a reader of the PDF could find in it."""
    images = poppler("pdfimages", pdf, tmp_path, "-list").splitlines()[2:]  # two header lines
    return {
        "text": _text(pdf, tmp_path),
        "embedded": poppler("pdfdetach", pdf, tmp_path, "-list").strip(),
        "images": [line for line in images if line.strip()],
        "pages": int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", pdf, tmp_path), re.M)[1]),
    }


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def under_static(url: str) -> bool:
    return url.startswith("file:///") and any(
        Path(url.removeprefix("file://")).resolve().is_relative_to(root) for root in static_roots()
    )


def renderer_reads(caplog) -> tuple[list[str], list[str]]:
    """(served, refused) URLs as the renderer reported them to the log."""
    served = [r.args[0] for r in caplog.records if r.getMessage().startswith("PDF renderer served")]
    refused = [r.args[0] for r in caplog.records if r.getMessage().startswith("PDF renderer refused")]
    return served, refused


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_guide_builds_a_pack_that_holds_nothing_it_tried_to_load(
    name,
    client_for,
    firm,
    engagement,
    planned,
    ops,
    canary,
    caplog,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    save_guide(firm, engagement, ops, hostile_text(name, canary))
    client = client_for(ops)
    caplog.set_level(logging.DEBUG, logger="firmops.pdf.render")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/f/avery/onboarding/engagements/{engagement.pk}/pack/")
    with firm_scope(firm):
        export = PackExport.objects.get()
    assert export.status == PackExport.Status.READY, export.error
    found = inspect(packs.pack_file_bytes(export), tmp_path)

    assert "How We Work" in found["text"] and "Avery & Stone LLP" in found["text"]
    assert [leak for leak in LEAKS if leak in found["text"]] == []
    assert found["embedded"] == "0 embedded files"
    assert found["images"] == []
    # A plain pack is ~8 pages and page_flood's 600 paragraphs fill ~25 more; a page each would be 600.
    assert found["pages"] < 60
    served, _ = renderer_reads(caplog)
    assert served and all(under_static(url) for url in served), served
    assert canary.hits == []


@pytest.mark.parametrize("name", HOSTILE)
def test_the_fetcher_alone_holds_when_hostile_html_skips_the_sanitiser(name, canary, tmp_path, settings):
    """Defence in depth: the raw HTML, unsanitised, straight into the renderer."""
    html = f"<html><body>{hostile_text(name, canary)}</body></html>"
    if name == "layout_bombs.md":
        settings.PDF_RENDER_TIMEOUT = 10
        try:
            render_html(html)
        except RenderFailed:
            pass  # raw, the bomb overflows WeasyPrint or outlasts the limit: a clear failure, no PDF
    rendered = None if name == "layout_bombs.md" else render_html(html)
    assert canary.hits == []
    if rendered is None:
        return
    found = inspect(rendered.pdf, tmp_path)
    assert [leak for leak in LEAKS if leak in found["text"]] == []
    assert found["embedded"] == "0 embedded files"
    assert all(under_static(url) for url in rendered.served), rendered.served
    if name != "page_flood.md":  # every other file names resources the renderer asked for and was refused
        assert rendered.refused and canary.url not in " ".join(rendered.served), rendered


# PostgreSQL only: on SQLite the live server shares the test's one in-memory connection between
# threads, so a web request during the build races the build's own queries ("cannot open savepoint
# - SQL statements in progress"); the product never shares a connection like that.
@pytest.mark.needs_postgres
def test_a_pack_over_its_time_limit_fails_clearly_while_the_web_keeps_answering(
    live_server, client, firm, engagement, planned, ops, settings
):
    """slow_long_table.md in every guide section lays out for tens of seconds: killed at the limit."""
    settings.PDF_RENDER_TIMEOUT = 3
    table = (CORPUS / "slow_long_table.md").read_text()
    with firm_scope(firm):
        guide = selectors.guide_for(firm=firm, engagement=engagement)
        sections = {name: table for name, _ in GuideVersion.SECTIONS}
        assert services.guide_save(firm=firm, actor=ops, guide=guide, **sections) is not None
    with firm_scope(firm):
        export, _ = services.pack_export_request(firm=firm, actor=ops, engagement=engagement, enqueue=False)
    client.force_login(ops)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    status_url = f"{live_server.url}/f/avery/onboarding/exports/{export.pk}/status/"
    seen: dict[str, object] = {}

    def web_meanwhile():
        """What ops see while the worker renders: poll the status, then open another page."""
        for _ in range(600):
            state = json.loads(_get(status_url, cookie))
            if state["status"] == "building":
                seen["during"] = state["status"]
                seen["dashboard"] = _get(f"{live_server.url}/f/avery/", cookie)
                seen["after_dashboard"] = json.loads(_get(status_url, cookie))["status"]
                return
            if state["status"] == "failed":
                return
            threading.Event().wait(0.05)

    browser = threading.Thread(target=web_meanwhile)
    browser.start()
    packs.pack_export_build(firm_id=firm.pk, export_id=export.pk)  # the worker's job, here
    browser.join(timeout=120)

    # The web answered a status poll and a whole page while the render was still running.
    assert seen.get("during") == "building" and seen.get("after_dashboard") == "building", seen
    assert "Avery audit 2026" in seen["dashboard"]
    state = json.loads(_get(status_url, cookie))
    assert state["status"] == "failed"
    assert "took longer than 3 s" in state["error"]
    page = _get(
        f"{live_server.url}/f/avery/onboarding/engagements/{engagement.pk}/pack/?export={export.pk}", cookie
    )
    assert "Build failed: took longer than 3 s" in page


def _get(url: str, cookie: str) -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return response.read().decode()
