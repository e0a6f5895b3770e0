"""In a real browser: a PDF built on request shows progress and then downloads; the bell counts unread
notifications, and opening one leads to its page."""

import pytest

from firmops.demo import DEMO_PASSWORD, seed_demo
from firmops.messaging.notifications import notification_create, unread_count
from firmops.models import Role
from firmops.tenancy import firm_scope

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_pdf_built_on_request_shows_progress_then_downloads(page, live_server, sign_in, screenshot):
    demo = seed_demo()
    sign_in("partner@demo.firmops.test", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/f/demo/vetting/engagements/{demo.engagement.pk}/role/")
    link = page.get_by_role("link", name="PDF for providers")
    with page.expect_download() as download_info:
        link.click()
        assert page.locator(".job-progress progress").count() == 1  # shown while the PDF is built
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    status = page.get_by_role("status").filter(has_text="Ready:")
    status.wait_for()
    assert download.suggested_filename.endswith(".pdf")
    assert download.suggested_filename in status.inner_text()


def test_the_bell_counts_unread_and_opens_the_notification(page, live_server, sign_in, screenshot):
    demo = seed_demo()
    partner = demo.users[Role.PARTNER]
    notification_create(
        firm=demo.firm,
        recipient=partner,
        kind="performance.signal",
        title="Time to scale? Backlog growing",
        url=f"/f/demo/engagements/{demo.engagement.pk}/",
    )
    with firm_scope(demo.firm):
        unread = unread_count(firm=demo.firm, user=partner)  # the demo may hold reminders of its own
    sign_in("partner@demo.firmops.test", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/f/demo/members/")
    bell = page.get_by_role("link", name=f"Notifications, {unread} unread", exact=True)
    assert bell.is_visible()
    bell.click()
    page.get_by_role("link", name="Time to scale? Backlog growing").click()
    page.wait_for_url(f"**/f/demo/engagements/{demo.engagement.pk}/")
    after = f"Notifications, {unread - 1} unread" if unread > 1 else "Notifications, none unread"
    assert page.get_by_role("link", name=after, exact=True).is_visible()
