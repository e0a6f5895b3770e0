"""The shell in a real browser: sign in, land on the firm, switch firms, keyboard focus."""

import pytest

from firmops.demo import DEMO_PASSWORD, seed_demo
from firmops.models import Role
from firmops.services import firm_create, membership_set

pytestmark = pytest.mark.django_db(transaction=True)


def test_partner_signs_in_and_switches_to_another_firm(page, live_server, sign_in, screenshot):
    demo = seed_demo()
    second = firm_create(name="Second Street Law", slug="second", require_mfa_for_partners=False)
    membership_set(firm=second, user=demo.users[Role.PARTNER], role=Role.ATTORNEY)

    sign_in("partner@demo.firmops.test", DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Choose a firm").is_visible()  # two firms: ask which
    page.get_by_role("link", name="Demo Law Group").click()
    page.wait_for_url("**/f/demo/")
    assert page.get_by_role("heading", name="Demo Law Group").is_visible()
    assert page.get_by_role("link", name="Litigation support outsourcing").is_visible()

    page.get_by_label("Switch firm").click()
    page.get_by_role("link", name="Second Street Law").click()
    page.wait_for_url("**/f/second/")
    assert page.get_by_role("heading", name="Second Street Law").is_visible()
    assert page.get_by_role("link", name="Litigation support outsourcing").count() == 0


def test_keyboard_users_can_skip_to_content_and_see_focus(page, live_server, sign_in, screenshot):
    seed_demo()
    sign_in("paralegal@demo.firmops.test", DEMO_PASSWORD)
    # The paralegal lands on the quick log, whose description field takes focus on purpose; the
    # firm overview has no autofocus, so the first Tab starts from the top of the page.
    page.goto(f"{live_server.url}/f/demo/?overview=1")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
