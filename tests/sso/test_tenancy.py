"""Another firm's IdP never signs this firm's members in, and a session it opened sees only its firm."""

import pytest
from django.test import Client

from firmops.models import Role, User
from firmops.sso.services import sso_connection_save, sso_connection_test
from firmops.tenancy import firm_scope
from tests.factories import MembershipFactory, UserFactory
from tests.sso.conftest import AVERY_SECRET, IDP_PASSWORD
from tests.sso.flow import at_idp, idp_url, local, sso_sign_in
from tests.sso.idp_server import idp_start, idp_stop


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


@pytest.fixture(scope="module")
def second_idp(tmp_path_factory):
    server = idp_start(tmp_path_factory.mktemp("idp2"))
    yield server
    idp_stop(server)


def test_after_the_firm_changes_idp_the_new_idps_same_subject_does_not_open_the_old_link(
    firm, partner, avery_idp, idp, second_idp
):
    connection = avery_idp()
    sub = idp.user("partner@avery.test", IDP_PASSWORD)
    assert (
        sso_sign_in(Client(), email="partner@avery.test", password=IDP_PASSWORD).response.status_code == 302
    )
    # The firm moves to another IdP, where the same `sub` is someone else's.
    second_idp.client(
        "avery-firmops", AVERY_SECRET, ["http://testserver/accounts/oidc/sso-avery/login/callback/"]
    )
    intruder = ""
    for n in range(int(sub) + 1):  # bounded: until the new IdP hands out the old subject
        intruder = f"someone{n}@elsewhere.test"
        if second_idp.user(intruder, IDP_PASSWORD) == sub:
            break
    connection.issuer = second_idp.url
    sso_connection_save(firm=firm, connection=connection, changed=["issuer"])
    sso_connection_test(firm=firm, connection=connection)
    client = Client()
    started = client.post("/accounts/sso/", {"firm": "avery"})
    callback, _ = at_idp(idp_url(started), username=intruder, password=IDP_PASSWORD)
    answer = client.get(local(callback))
    assert answer.status_code == 403 and "_auth_user_id" not in client.session
