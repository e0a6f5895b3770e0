"""Another firm's IdP never signs this firm's members in, and a session it opened sees only its firm."""

from django.test import Client

from firmops.models import Role, User
from firmops.tenancy import firm_scope
from tests.factories import MembershipFactory, UserFactory
from tests.sso.conftest import IDP_PASSWORD
from tests.sso.flow import at_idp, idp_url, local, sso_sign_in


def test_blackwoods_idp_vouching_for_an_avery_partner_signs_no_one_in(
    firm, partner, other_firm, other_partner, avery_idp, blackwood_idp, idp
):
    avery_idp(require_sso=True)
    blackwood_idp(jit_role=Role.ATTORNEY)
    idp.user("partner@avery.test", IDP_PASSWORD)
    client = Client()
    outcome = sso_sign_in(
        client, email="partner@avery.test", password=IDP_PASSWORD, start={"firm": "blackwood"}
    )
    assert outcome.response.status_code == 403
    assert "not at a domain Blackwood Partners claimed" in outcome.response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/f/avery/").status_code == 302
    assert User.objects.filter(email="partner@avery.test").count() == 1
    assert not partner.socialaccount_set.exists()


def test_a_session_from_blackwoods_idp_does_not_open_avery_for_a_member_of_both(
    firm, engagement, other_firm, other_engagement, avery_idp, blackwood_idp, idp
):
    avery_idp(require_sso=True)
    blackwood_idp()
    both = UserFactory(email="dual@blackwood.test")
    for owner in (firm, other_firm):
        with firm_scope(owner):
            MembershipFactory(firm=owner, user=both, role=Role.ATTORNEY)
    idp.user("dual@blackwood.test", IDP_PASSWORD)
    client = Client()
    assert sso_sign_in(client, email="dual@blackwood.test", password=IDP_PASSWORD).response.status_code == 302
    assert client.get("/f/blackwood/").status_code == 200
    avery = client.get("/f/avery/")
    assert avery.status_code == 302 and avery["Location"].startswith("/accounts/sso/?firm=avery")
    api = client.get("/api/v1/firms/avery/engagements/")
    assert api.status_code == 403 and "Avery audit 2026" not in api.content.decode()


def test_a_code_and_state_from_averys_sign_in_are_refused_at_blackwoods_callback(
    firm, members, avery_idp, blackwood_idp, idp
):
    avery_idp()
    blackwood_idp()
    idp.user("paralegal@avery.test", IDP_PASSWORD)
    client = Client()
    started = client.post("/accounts/sso/", {"email": "paralegal@avery.test"})
    callback, _ = at_idp(idp_url(started), username="paralegal@avery.test", password=IDP_PASSWORD)
    swapped = local(callback).replace("/sso-avery/", "/sso-blackwood/")
    answer = client.get(swapped)
    assert b"Third-Party Login Failure" in answer.content and "_auth_user_id" not in client.session
    assert client.get(local(callback)).status_code == 302  # the right firm's callback still works
