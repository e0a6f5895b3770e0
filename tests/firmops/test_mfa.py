"""MFA before any engagement data: partners when the firm says so (default for new firms), and any
other role the firm chooses. The session itself must have used the second factor."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from firmops.models import Role
from tests.factories import PASSWORD

SECRET = "JBSWY3DPEHPK3PXP"
ENGAGEMENT = "Avery audit 2026"


def _require_mfa(firm, *, partners=True, roles=()):
    firm.require_mfa_for_partners = partners
    firm.mfa_required_roles = list(roles)
    firm.save()


@pytest.fixture(autouse=True)
def _one_step_of_clock_tolerance(settings):
    settings.MFA_TOTP_TOLERANCE = 1  # a code made just before a 30 s step still counts: no flaky tests


def _code(secret: str = SECRET) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def _with_totp(user):
    TOTP.activate(user, SECRET)
    return user


def _blocked(client, *, setup: bool) -> None:
    """Neither the dashboard nor the API shows the engagement; the page says what to do."""
    page = client.get("/f/avery/")
    assert page.status_code == 302
    if setup:
        assert page["Location"] == "/accounts/2fa/totp/activate/"
    else:
        assert page["Location"].startswith("/accounts/2fa/reauthenticate/?next=")
    api = client.get("/api/v1/firms/avery/engagements/")
    assert api.status_code == 403 and "two-factor" in api.json()["detail"]
    assert ENGAGEMENT not in api.content.decode()


def _sees_engagement(client) -> None:
    page = client.get("/f/avery/")
    assert page.status_code == 200 and ENGAGEMENT in page.content.decode()


def test_partner_of_a_firm_requiring_mfa_is_sent_to_set_up_an_authenticator(
    firm, partner, engagement, client_for
):
    _require_mfa(firm)
    _blocked(client_for(partner), setup=True)


def test_partner_signing_in_with_password_and_code_sees_the_dashboard(firm, partner, engagement):
    _require_mfa(firm)
    _with_totp(partner)
    client = Client()
    step = client.post("/accounts/login/", {"login": partner.email, "password": PASSWORD})
    assert step["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # the password alone signs no one in
    client.post("/accounts/2fa/authenticate/", {"code": _code()})
    _sees_engagement(client)
    assert client.get("/api/v1/firms/avery/engagements/").status_code == 200


def test_owning_an_authenticator_is_not_enough_the_session_must_have_used_it(
    firm, partner, engagement, client_for
):
    """A password-only session (opened before the app was set up elsewhere) is asked for a code."""
    _require_mfa(firm)
    _with_totp(partner)
    client = client_for(partner)
    _blocked(client, setup=False)
    confirmed = client.post("/accounts/2fa/reauthenticate/?next=/f/avery/", {"code": _code()})
    assert confirmed["Location"] == "/f/avery/"
    _sees_engagement(client)


@pytest.mark.django_db(
    transaction=True
)  # allauth announces the new authenticator on commit, as in production
def test_setting_up_the_authenticator_in_this_session_lets_the_partner_in(
    firm, partner, engagement, client_for
):
    _require_mfa(firm)
    client = client_for(partner)
    _blocked(client, setup=True)
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # allauth asks for the password again before MFA changes
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert Authenticator.objects.filter(user=partner, type=Authenticator.Type.TOTP).exists()
    _sees_engagement(client)


def test_mfa_rule_for_partners_does_not_block_a_paralegal(firm, members, engagement, client_for):
    _require_mfa(firm)
    assert client_for(members[Role.PARALEGAL]).get("/f/avery/").status_code == 200


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.OPS, Role.EXTERNAL])
def test_a_role_the_firm_puts_behind_mfa_sees_nothing_until_it_passes(
    role, firm, members, engagement, client_for
):
    _require_mfa(firm, partners=False, roles=[role])
    _blocked(client_for(members[role]), setup=True)
    others = [r for r in Role.values if r != role]
    for other in others:  # everyone else carries on
        assert client_for(members[other]).get("/f/avery/").status_code == 200, other


def test_an_ops_member_with_a_code_passes_the_rule_that_names_ops(firm, members, engagement):
    _require_mfa(firm, partners=False, roles=[Role.OPS])
    ops = _with_totp(members[Role.OPS])
    client = Client()
    client.post("/accounts/login/", {"login": ops.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": _code()})
    assert client.get("/f/avery/").status_code == 200
    assert client.get("/api/v1/firms/avery/engagements/").status_code == 200


def test_the_mfa_rule_of_one_firm_does_not_follow_a_member_into_another(
    firm, other_firm, partner, engagement, client_for
):
    from firmops.tenancy import firm_scope
    from tests.factories import MembershipFactory

    _require_mfa(firm, roles=[Role.ATTORNEY])
    with firm_scope(other_firm):
        MembershipFactory(firm=other_firm, user=partner, role=Role.ATTORNEY)
    client = client_for(partner)
    assert client.get("/f/avery/").status_code == 302
    assert client.get("/f/blackwood/").status_code == 200  # blackwood asks nothing of its attorneys


def test_partners_choose_the_roles_on_the_settings_page(firm, partner, client_for):
    client = client_for(partner)
    page = client.get("/f/avery/settings/").content.decode()
    assert "Also require two-factor authentication for" in page and 'value="external"' in page
    assert 'name="mfa_required_roles" value="partner"' not in page  # partners have their own switch
    form = {
        "name": firm.name,
        "time_zone": firm.time_zone,
        "core_hours_start": "09:00",
        "core_hours_end": "17:00",
        "mfa_required_roles": ["ops", "external"],
        "rate_partner": "500",
        "rate_attorney": "400",
        "rate_paralegal": "40",
        "rate_ops": "35",
        "rate_outsourced": "40",
        "associate_annual_cost": "130000",
    }
    assert client.post("/f/avery/settings/", form)["Location"] == "/f/avery/settings/"
    firm.refresh_from_db()
    assert sorted(firm.mfa_required_roles) == ["external", "ops"] and firm.require_mfa_for_partners is False
    refused = client.post("/f/avery/settings/", form | {"mfa_required_roles": ["owner"]})
    assert "Select a valid choice" in refused.content.decode()
    firm.refresh_from_db()
    assert sorted(firm.mfa_required_roles) == ["external", "ops"]


def test_new_firms_require_mfa_for_partners_by_default(db):
    from firmops.services import firm_create

    firm = firm_create(name="Fresh Firm")
    assert firm.require_mfa_for_partners is True and firm.mfa_required_roles == []


def test_totp_setup_page_works_after_reauthentication(firm, partner, client_for):
    """allauth asks for the password again before MFA changes."""
    client = client_for(partner)
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "secret" in response.content.decode().lower()
