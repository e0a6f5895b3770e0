"""A member signs in through the firm's IdP in a real Chromium: login page → SSO → the IdP's own
sign-in form → back on the firm's dashboard, with password sign-in off for them."""

from urllib.parse import urlsplit

import pytest

from firmops.models import Role
from firmops.tenancy import firm_scope
from tests.factories import EngagementFactory, FirmFactory, MembershipFactory, UserFactory
from tests.sso.conftest import AVERY_SECRET, IDP_PASSWORD, connect_firm, idp  # noqa: F401 - idp: a fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_attorney_signs_in_through_the_firms_idp_and_lands_on_the_firm(page, live_server, idp, screenshot):  # noqa: F811
    firm = FirmFactory(name="Avery & Stone LLP", slug="avery")
    attorney = UserFactory(email="attorney@avery.test")
    with firm_scope(firm):
        MembershipFactory(firm=firm, user=attorney, role=Role.ATTORNEY)
        EngagementFactory(firm=firm, owner=attorney, name="Avery audit 2026")
    port = urlsplit(live_server.url).port
    connect_firm(
        firm=firm,
        idp=idp,
        client_id="avery-browser",
        secret=AVERY_SECRET,
        domains=["avery.test"],
        ports=[port],
        require_sso=True,
    )
    idp.user("attorney@avery.test", IDP_PASSWORD)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Sign in with SSO").click()
    page.get_by_label("Work email").fill("attorney@avery.test")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{idp.url.removesuffix('/o')}/login/**")  # the IdP's own page, not firmops'
    assert page.get_by_role("heading", name="Test directory").is_visible()
    page.get_by_label("Username").fill("attorney@avery.test")
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in to the directory").click()
    page.wait_for_url(f"{live_server.url}/f/avery/**")
    assert page.get_by_role("heading", name="Avery & Stone LLP").first.is_visible()
    assert page.get_by_text("Avery audit 2026").first.is_visible()
