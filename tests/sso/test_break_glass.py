"""One partner per firm may still sign in with a password and two-factor while SSO is required; each
use is in the trail and every other partner is told. Nobody else gets that door."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ValidationError
from django.test import Client

from firmops.models import ChangeRecord, Notification, Role
from firmops.sso.models import SsoSignIn
from firmops.sso.services import sso_connection_save
from firmops.tenancy import firm_scope
from tests.factories import PASSWORD
from tests.firmops.test_mfa import SECRET, _code
from tests.sso.conftest import member_of
from tests.sso.flow import idp_url


@pytest.fixture(autouse=True)
def _one_step_of_clock_tolerance(settings):
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def second_partner(firm):
    return member_of(firm, Role.PARTNER, "second.partner@avery.test")


def test_a_break_glass_partner_needs_an_authenticator(firm, partner, avery_idp):
    connection = avery_idp(require_sso=True)
    connection.break_glass = partner
    with pytest.raises(ValidationError, match="no authenticator app"):
        sso_connection_save(firm=firm, connection=connection)


def test_break_glass_sign_in_takes_password_and_code_is_recorded_and_told_to_the_other_partners(
    firm, partner, second_partner, engagement, avery_idp, django_capture_on_commit_callbacks, mailoutbox
):
    TOTP.activate(partner, SECRET)
    connection = avery_idp(require_sso=True)
    connection.break_glass = partner
    sso_connection_save(firm=firm, connection=connection)
    client = Client()
    step = client.post("/accounts/login/", {"login": partner.email, "password": PASSWORD})
    assert step["Location"] == "/accounts/2fa/authenticate/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/authenticate/", {"code": _code()})
    assert client.get("/f/avery/").status_code == 200
    with firm_scope(firm):
        use = SsoSignIn.objects.get(method=SsoSignIn.Method.BREAK_GLASS)
        in_trail = ChangeRecord.objects.filter(table="firmops_ssosignin", row_pk=str(use.pk)).exists()
        told = list(Notification.objects.filter(recipient=second_partner).values_list("title", flat=True))
    assert use.user == partner and in_trail
    assert told == ["Break-glass sign-in to Avery & Stone LLP"]
    assert [m.to for m in mailoutbox if "Break-glass" in m.subject] == [[second_partner.email]]


def test_the_other_partner_is_not_break_glass_and_is_sent_to_the_idp(
    firm, partner, second_partner, avery_idp, idp
):
    TOTP.activate(partner, SECRET)
    connection = avery_idp(require_sso=True)
    connection.break_glass = partner
    sso_connection_save(firm=firm, connection=connection)
    answer = Client().post("/accounts/login/", {"login": second_partner.email, "password": PASSWORD})
    assert idp_url(answer).startswith(idp.url + "/authorize/")
