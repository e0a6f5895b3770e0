import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from weasyprint import HTML

from firmops.models import Role
from firmops.pdf.render import StaticOnlyFetcher, base_url, static_roots
from firmops.tenancy import firm_scope
from onboarding import packs, selectors, services
from onboarding.models import PackExport, PlanItem
from tests.onboarding.conftest import DAY_1, log_audit_week
from tests.onboarding.test_guide import PLANTED

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by make test"
)

SECTIONS = (
    "Contents",
    "The 30-day plan",
    "How We Work",
    "Key contacts",
    "Style guide",
    "Unwritten rules",
    "Feedback loop",
    "Core hours",
    "Delegated work: what good looks like",
    "Contacts",
    "Access checklist",
)


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (table cells wrap over several lines)."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.fixture
def planned(firm, engagement, selected, ops, members):
    log_audit_week(firm, engagement, members[Role.ATTORNEY], {"e_filing": 300, "deposition_summaries": 200})
    with firm_scope(firm):
        return services.plan_generate(firm=firm, actor=ops, engagement=engagement, starts_on=DAY_1).plan


def test_ops_export_the_pack_watch_it_build_and_download_a_pdf_with_every_section_on_firm_pages(
    client_for, firm, engagement, planned, ops, django_capture_on_commit_callbacks
):
    client = client_for(ops)
    page = f"/f/avery/onboarding/engagements/{engagement.pk}/pack/"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(page)
    with firm_scope(firm):
        export = PackExport.objects.get()
    status_url = f"/f/avery/onboarding/exports/{export.pk}/status/"
    assert response.url == f"{page}?export={export.pk}"
    shown = client.get(response.url).content.decode()
    assert (
        f'data-job-status-url="{status_url}"' in shown and "js/jobs.js" in shown and "<script>" not in shown
    )
    assert client.get(status_url).json() == {
        "id": export.pk,
        "status": "queued",
        "label": "Queued",
        "progress": 5,
        "error": "",
        "size": 0,
        "download_url": "",
    }
    for callback in queued:
        callback()  # the Celery job, run eagerly
    state = client.get(status_url).json()
    assert state["status"] == "ready" and state["progress"] == 100
    download = client.get(state["download_url"])
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="avery-audit-2026-onboarding-pack.pdf"' in download["Content-Disposition"]
    pages = pdf_pages(b"".join(download.streaming_content))
    text = "\n".join(pages)
    for section in SECTIONS:
        assert section in text, section
    assert "NDA signed by Elena Novak before any access" in text and "E-filing & service" in text
    assert len(pages) >= 5
    for number, page_text in enumerate(pages, start=1):
        assert "Avery & Stone LLP" in page_text, f"page {number} lacks the firm name"
        assert f"Page {number} of {len(pages)}" in page_text


def test_exporting_again_with_unchanged_inputs_returns_the_stored_pack_and_a_change_builds_a_new_one(
    client_for, firm, engagement, planned, ops, partner, django_capture_on_commit_callbacks
):
    client = client_for(ops)
    page = f"/f/avery/onboarding/engagements/{engagement.pk}/pack/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page)
    with firm_scope(firm):
        first = PackExport.objects.get()
        stored = first.file.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.post(page, follow=True)
    assert "Nothing changed since this pack was built" in again.content.decode() and callbacks == []
    with firm_scope(firm):
        assert PackExport.objects.count() == 1
        first.refresh_from_db()
        assert first.file.name == stored and first.status == "ready"
        item = PlanItem.objects.get(plan=planned, key="kickoff")
        services.plan_item_update(
            firm=firm, actor=ops, membership=ops.memberships.get(), item=item, done=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page)
    with firm_scope(firm):
        exports = list(PackExport.objects.order_by("pk"))
    assert (
        len(exports) == 2
        and exports[1].inputs_digest != exports[0].inputs_digest
        and exports[1].status == "ready"
    )


class RecordingFetcher(StaticOnlyFetcher):
    """The production fetcher, noting what it served."""

    def __init__(self) -> None:
        super().__init__()
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        response = super().fetch(url, headers)
        self.served.append(url)
        return response


def test_the_renderer_never_reads_a_file_or_url_planted_in_guide_text(firm, engagement, planned, ops):
    with firm_scope(firm):
        guide = selectors.guide_for(firm=firm, engagement=engagement)
        services.guide_save(firm=firm, actor=ops, guide=guide, style_guide=PLANTED, unwritten_rules=PLANTED)
        item = PlanItem.objects.get(plan=planned, key="kickoff")
        services.plan_item_update(
            firm=firm,
            actor=ops,
            membership=ops.memberships.get(),
            item=item,
            notes='<img src="file:///etc/passwd">',
        )
        html = packs.pack_html(firm=firm, engagement=engagement)
    fetcher = RecordingFetcher()
    pdf = HTML(string=html, base_url=base_url(), url_fetcher=fetcher).write_pdf()
    asked = fetcher.served + fetcher.refused
    # Only paths inside the static folder were asked for (the relative image there does not exist).
    assert fetcher.served and all(
        url.startswith("file:///")
        and any(Path(url.removeprefix("file://")).resolve().is_relative_to(r) for r in static_roots())
        for url in asked
    ), asked
    assert not any(word in url for url in asked for word in ("etc", "evil", "169.254"))
    text = "\n".join(pdf_pages(pdf))
    assert "root:" not in text and "evil.example" not in text and "styled" in text
    assert '<img src="file:///etc/passwd">' in text  # the note is shown as text, not loaded


def test_the_command_writes_the_pack_to_a_file_and_reuses_the_stored_one(firm, engagement, planned, tmp_path):
    out = tmp_path / "pack.pdf"
    call_command("build_onboarding_pack", "avery", str(engagement.pk), "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert any("Avery & Stone LLP" in page for page in pdf_pages(out.read_bytes()))
    call_command("build_onboarding_pack", "avery", str(engagement.pk), "--out", str(tmp_path / "again.pdf"))
    with firm_scope(firm):
        assert PackExport.objects.count() == 1
    assert (tmp_path / "again.pdf").read_bytes() == out.read_bytes()


def test_the_command_names_a_missing_firm_or_engagement(firm, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No firm"):
        call_command("build_onboarding_pack", "nope", "1", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="No engagement 999"):
        call_command("build_onboarding_pack", "avery", "999", "--out", str(tmp_path / "x.pdf"))


def test_exporting_before_a_plan_exists_says_to_generate_it_first(client_for, firm, engagement, ops):
    response = client_for(ops).post(f"/f/avery/onboarding/engagements/{engagement.pk}/pack/", follow=True)
    assert "Generate the 30-day plan before exporting" in response.content.decode()
    with firm_scope(firm):
        assert not PackExport.objects.exists()


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.EXTERNAL])
def test_only_partners_and_ops_open_the_pack_page(client_for, members, engagement, role):
    assert client_for(members[role]).get(
        f"/f/avery/onboarding/engagements/{engagement.pk}/pack/"
    ).status_code in (403, 404)
