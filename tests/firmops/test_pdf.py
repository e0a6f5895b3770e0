import shutil
import subprocess

import pytest

from firmops.pdf.render import (
    CHILD_ENV_KEEP,
    RefusedURL,
    RenderTimeout,
    StaticOnlyFetcher,
    html_to_pdf,
    render_html,
    static_roots,
)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by make test"
)


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_rendered_pdf_holds_the_text():
    pdf = html_to_pdf("<html><body><h1>Onboarding pack</h1><p>Avery &amp; Stone LLP</p></body></html>")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Onboarding pack" in text and "Avery & Stone LLP" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "file:///work/../etc/hostname",
    ],
)
def test_renderer_refuses_local_files_and_remote_urls(url):
    fetcher = StaticOnlyFetcher()
    html = f'<img src="{url}"><link rel="stylesheet" href="{url}"><p style="background:url({url})">x</p>'
    from weasyprint import HTML

    pdf = HTML(string=html, base_url="file:///nonexistent/", url_fetcher=fetcher).write_pdf()
    assert url[:200] in fetcher.refused
    assert "root:" not in pdf_text(pdf)


STATIC = static_roots()[0]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///proc/self/environ",
        "file://localhost/etc/passwd",
        "file://evil.example/etc/passwd",
        f"{STATIC.as_uri()}/../../../../etc/passwd",
        f"{STATIC.as_uri()}/onboarding/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{STATIC.as_uri()}/onboarding/",  # a folder, not a file
        f"{STATIC.as_uri()}/no-such-file.css",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:5432/",
        "https://example.com/logo.png",
        "ftp://127.0.0.1/x",
        "data:text/css,body{background:red}",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><image href='file:///etc/passwd'/></svg>",
    ],
)
def test_the_fetcher_refuses_everything_but_a_static_file(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url[:200]] and fetcher.served == []


def test_the_fetcher_serves_a_static_file_with_its_type():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch(f"{STATIC.as_uri()}/onboarding/pack.css")
    assert response.read() == (STATIC / "onboarding/pack.css").read_bytes()
    assert response.headers["Content-Type"] == "text/css"
    assert fetcher.served == [f"{STATIC.as_uri()}/onboarding/pack.css"]


def test_a_symlink_inside_the_static_folder_that_leaves_it_is_refused(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    (root / "innocent.css").symlink_to("/etc/passwd")
    fetcher = StaticOnlyFetcher(roots=[root])
    with pytest.raises(RefusedURL):
        fetcher.fetch((root / "innocent.css").as_uri())


def test_the_fetcher_makes_no_request_even_to_a_server_that_would_redirect_to_a_file():
    """No http at all, so no redirect can lead anywhere (the redirect bypass of CVE-2025-68616)."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    hits = []

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/logo.png"
        rendered = render_html(f'<img src="{url}"><link rel="stylesheet" href="{url}"><p>redirect</p>')
    finally:
        server.shutdown()
        server.server_close()
    assert hits == [] and url in rendered.refused
    assert "root:" not in pdf_text(rendered.pdf) and "redirect" in pdf_text(rendered.pdf)


def test_a_render_past_its_time_limit_is_killed_with_a_clear_message():
    # Flat, so it cannot fail fast on recursion depth: about 6 ms of layout a row on a quiet machine.
    long_table = "<table>" + "<tr><td>row</td><td>cell</td><td>cell</td></tr>" * 6000 + "</table>"
    with pytest.raises(RenderTimeout, match="took longer than 2 s"):
        html_to_pdf(long_table, timeout=2)


def test_the_render_child_sees_none_of_the_apps_environment(monkeypatch, settings, tmp_path):
    """Even a fetcher bug could not leak secrets: the child's environment holds paths and locale only.

    To look inside, this test alone lets the child read its own /proc entry and attach its environ.
    """
    monkeypatch.setenv("SECRET_KEY", "canary-secret-do-not-render")
    monkeypatch.setenv("DATABASE_URL", "postgres://canary:canary@127.0.0.1/canary")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, "/proc"]
    pdf = html_to_pdf('<link rel="attachment" href="file:///proc/self/environ"><p>env</p>')
    (tmp_path / "env.pdf").write_bytes(pdf)
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(tmp_path / "env.pdf")], check=True)
    environ = (tmp_path / "environ").read_bytes().decode()
    names = {entry.split("=", 1)[0] for entry in environ.split("\0") if entry}
    assert "PATH" in names  # the attachment worked: this is the child's environment
    assert "canary" not in environ and names <= set(CHILD_ENV_KEEP)
