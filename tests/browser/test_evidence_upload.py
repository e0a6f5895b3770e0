"""Ops keep a provider's insurance certificate in a real Chromium: a real file upload, the document
listed with its expiry, a wrong file refused by name, and the download the partner gets."""

from __future__ import annotations

import os

import pytest

from firmops.demo import demo_email, seed_demo
from firmops.models import Firm, Role
from firmops.tenancy import firm_scope
from providers.evidence.models import EvidenceDocument
from providers.models import Provider
from tests.providers.evidence_files import pdf_bytes

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
]


def test_ops_upload_a_certificate_and_a_partner_downloads_it(
    page, live_server, tmp_path, screenshot, sign_in_demo
):
    seed_demo()
    firm = Firm.objects.get(slug="demo")
    with firm_scope(firm):
        lpo = Provider.objects.get(name="Apex Offshore Legal Services")
    url = f"{live_server.url}/f/demo/vetting/providers/{lpo.pk}/"
    certificate = tmp_path / "Apex cyber certificate.pdf"
    certificate.write_bytes(pdf_bytes("Apex cyber insurance 2026-2027"))
    impostor = tmp_path / "policy.pdf"
    impostor.write_bytes(b"<html><script>alert('x')</script></html>")

    sign_in_demo(Role.OPS)
    page.goto(url)
    assert "NDA missing" in page.locator("#evidence").inner_text()
    form = page.locator("#evidence form")
    form.get_by_label("Document", exact=True).select_option(label="Cyber insurance certificate")
    form.get_by_label("Issue date").fill("2026-06-01")
    form.get_by_label("Expiry date").fill("2027-06-01")
    form.get_by_label("File", exact=True).set_input_files(str(impostor))
    form.get_by_role("button", name="Save the document").click()
    page.get_by_text("“policy.pdf” is not a PDF, PNG, JPEG or Word (.docx) file").wait_for()

    page.get_by_label("Expiry date").fill("2027-06-01")
    page.get_by_label("File", exact=True).set_input_files(str(certificate))
    page.get_by_role("button", name="Save the document").click()
    page.wait_for_url(f"{url}#evidence")
    row = page.locator("#evidence tr", has_text="Cyber insurance certificate")
    assert "Jun 1, 2027" in row.inner_text() and "Apex Offshore Legal Services" in row.inner_text()
    with firm_scope(firm):
        document = EvidenceDocument.objects.get(provider=lpo)
    assert document.original_name == "Apex cyber certificate.pdf" and document.added_by.email == demo_email(
        Role.OPS
    )

    page.context.clear_cookies()
    sign_in_demo(Role.PARTNER)
    page.goto(url)
    with page.expect_download() as download:
        page.locator("#evidence tr", has_text="Cyber insurance certificate").get_by_role(
            "link", name="Download"
        ).click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "Apex_cyber_certificate.pdf"
    assert saved.read_bytes() == certificate.read_bytes()
