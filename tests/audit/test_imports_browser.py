"""Ops imports a Clio-style export in a real Chromium: upload, map, preview, import, hit list; and a
big import's page follows the job until it lands."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest

from audit.imports.jobs import import_job_run
from audit.imports.models import ImportJob
from audit.models import AuditPeriod, TaskEntry
from firmops.models import Role
from firmops.tenancy import firm_scope
from tests.factories import PASSWORD, EngagementFactory, FirmFactory, MembershipFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
]
DATA = Path(__file__).parent / "data" / "imports"


@pytest.fixture
def world():
    firm = FirmFactory(name="Avery & Stone LLP", slug="avery")
    ops = UserFactory(email="ops@avery.test")
    with firm_scope(firm):
        MembershipFactory(firm=firm, user=ops, role=Role.OPS)
        engagement = EngagementFactory(firm=firm, owner=ops, name="Last quarter")
        period = AuditPeriod.objects.create(
            firm=firm, engagement=engagement, starts_on=dt.date(2026, 1, 5), days=31
        )
    return firm, ops, period


@pytest.fixture
def ops_page(page, live_server, world):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("ops@avery.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/f/avery/**")
    return page


def test_ops_uploads_maps_previews_and_imports_a_clio_export_then_reads_the_hit_list(
    ops_page, live_server, world
):
    page, (firm, _, period) = ops_page, world
    page.goto(f"{live_server.url}/f/avery/audit/import/")
    page.get_by_label("File", exact=True).set_input_files(str(DATA / "clio_time_entries.csv"))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/map/")
    preview = page.locator("table.preview")
    assert "Bates-stamped" in preview.inner_text() and "Document review & production" in preview.inner_text()
    assert page.get_by_label("Duration", exact=True).input_value() == "Quantity"  # guessed from the header
    assert "US month/day/year" in page.locator("main").inner_text()
    page.get_by_label("People who are not members count as").select_option(Role.ATTORNEY)
    page.get_by_label("Save this mapping as").fill("Clio time entries")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    assert "new timekeeper (attorney)" in page.locator("table.preview").inner_text()
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/imports/*/")
    assert (
        "Imported 5 entries from 6 rows; 1 rows were not time and were skipped."
        in page.locator("main").inner_text()
    )
    page.get_by_role("link", name="Read the hit list").click()
    page.wait_for_url(f"**/periods/{period.pk}/hit-list/")
    assert "Document review & production" in page.locator("main").inner_text()
    with firm_scope(firm):
        assert TaskEntry.objects.count() == 5


def test_a_big_imports_page_follows_the_job_and_shows_the_report_when_it_lands(ops_page, live_server, world):
    page, (firm, ops, period) = ops_page, world
    with firm_scope(firm):
        job = ImportJob.objects.create(
            firm=firm, kind=ImportJob.Kind.LEDES, original_name="q1-invoices.txt", requested_by=ops,
            period=period, rows_total=9,
        )  # fmt: skip
        job.file.save("q1.txt", io.BytesIO((DATA / "two_invoices.ledes.txt").read_bytes()))
    page.goto(f"{live_server.url}/f/avery/audit/imports/{job.pk}/")
    assert page.get_by_role("status").inner_text() == "Queued"
    assert page.locator("progress").count() == 1
    import_job_run(firm_id=firm.pk, job_id=job.pk)  # the worker, here
    page.get_by_role("heading", name="Imported").wait_for()  # the poller saw the end and reloaded
    text = page.locator("main").inner_text()
    assert "Imported 5 entries from 9 rows" in text and "2 expense lines" in text
