import shutil
import subprocess

import pytest

from firmops.pdf import StaticOnlyFetcher, html_to_pdf

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
