"""A partner connects the firm's IdP from the firm's settings: save, test, claim a domain, turn SSO on.
The client secret is stored encrypted, never shown again, and kept out of the trail."""

import re

from allauth.account.models import EmailAddress

from firmops.models import ChangeRecord, Role
from firmops.sso.crypto import secret_decrypt
from firmops.sso.models import SsoConnection, SsoDomain, SsoSecret
from firmops.tenancy import firm_scope
from tests.sso.conftest import AVERY_SECRET

URL = "/f/avery/settings/sso/"


def _form(idp, **changes):
    data = {
        "display_name": "Avery Okta",
        "issuer": idp.url,
        "client_id": "avery-firmops",
        "client_secret": AVERY_SECRET,
        "secret_env": "",
        "groups_claim": "groups",
        "group_roles": "Litigation Support = ops",
        "jit_role": "",
        "break_glass": "",
    }
    return {**data, **changes}


def _connection(firm):
    with firm_scope(firm):
        return SsoConnection.objects.get()


def test_a_new_connections_group_map_starts_empty(partner, client_for):
    page = client_for(partner).get(URL).content.decode()
    assert re.search(r'<textarea name="group_roles"[^>]*>\s*</textarea>', page), "not “[]”"


def test_a_partner_saves_tests_and_turns_on_sso_and_the_secret_is_never_shown_again(
    firm, partner, client_for, idp
):
    client = client_for(partner)
    saved = client.post(URL, _form(idp))
    assert saved.status_code == 302
    page = client.get(URL).content.decode()
    assert AVERY_SECRET not in page and "Client secret stored (encrypted)" in page
    assert "/accounts/oidc/sso-avery/login/callback/" in page  # the redirect URI to register
    assert "Litigation Support = ops</textarea>" in page  # the group map reads as typed, not as JSON
    refused = client.post(URL, _form(idp, client_secret="", require_sso="on")).content.decode()
    assert "Test the connection first" in refused
    tested = client.post(URL + "test/", follow=True).content.decode()
    assert "answered: discovery document and signing keys found" in tested
    assert client.post(URL, _form(idp, client_secret="", require_sso="on")).status_code == 302
    connection = _connection(firm)
    assert connection.require_sso and connection.group_roles == [["Litigation Support", "ops"]]
    with firm_scope(firm):
        stored = SsoSecret.objects.get()
        trail = list(ChangeRecord.objects.filter(table__startswith="firmops_sso"))
    assert (
        AVERY_SECRET not in stored.ciphertext and secret_decrypt(ciphertext=stored.ciphertext) == AVERY_SECRET
    )
    assert {r.table for r in trail} == {"firmops_ssoconnection"}  # changes recorded, the secret table not
    assert all(AVERY_SECRET not in str(r.before) + str(r.after) for r in trail)
    assert any("require_sso" in r.changed_fields() for r in trail)


def test_a_new_issuer_must_be_tested_again_before_members_are_sent_there(firm, partner, client_for, idp):
    client = client_for(partner)
    client.post(URL, _form(idp))
    client.post(URL + "test/")
    assert _connection(firm).tested_at is not None
    client.post(URL, _form(idp, client_secret="", issuer=idp.url + "/other"))
    assert _connection(firm).tested_at is None
    failed = client.post(URL + "test/", follow=True).content.decode()
    assert "Connection test failed" in failed and "did not answer with a discovery document" in failed


def test_no_idp_group_can_make_a_partner(partner, client_for, idp):
    page = (
        client_for(partner).post(URL, _form(idp, group_roles="Managing Partners = partner")).content.decode()
    )
    assert "Line 1" in page and "partners are named in firmops" in page


def test_a_partner_claims_only_a_domain_of_their_own_verified_address_and_never_another_firms(
    firm, partner, other_firm, other_partner, client_for
):
    client = client_for(partner)
    refused = client.post(URL + "domains/", {"domain": "gmail.com"}, follow=True).content.decode()
    assert "Claim gmail.com from a verified address at it" in refused
    client.post(URL + "domains/", {"domain": "avery.test"})
    with firm_scope(firm):
        assert list(SsoDomain.objects.values_list("domain", flat=True)) == ["avery.test"]
    EmailAddress.objects.create(user=other_partner, email="someone@avery.test", verified=True)
    other = (
        client_for(other_partner)
        .post("/f/blackwood/settings/sso/domains/", {"domain": "avery.test"}, follow=True)
        .content.decode()
    )
    assert "avery.test is claimed by another firm" in other


def test_staff_other_than_partners_cannot_open_the_sso_settings(members, client_for):
    for role in (Role.ATTORNEY, Role.PARALEGAL, Role.OPS, Role.EXTERNAL):
        assert client_for(members[role]).get(URL).status_code == 403
