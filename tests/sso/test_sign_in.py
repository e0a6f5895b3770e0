"""Signing in through the firm's IdP: the invited link, the member's first SSO sign-in, just-in-time
membership, groups to roles, and people the firm never let in."""

from django.test import Client

from firmops.invitations.services import invitation_create
from firmops.models import ChangeRecord, Invitation, Membership, Role, User
from firmops.sso.models import SsoSignIn
from firmops.tenancy import firm_scope
from tests.sso.conftest import IDP_PASSWORD
from tests.sso.flow import sso_sign_in


def _membership(firm, email):
    with firm_scope(firm):
        return Membership.objects.filter(user__email=email).first()


def test_an_invited_address_signs_in_through_the_idp_and_joins_with_the_invited_role(
    firm, partner, engagement, avery_idp, idp, fresh_client
):
    avery_idp()
    invitation_create(firm=firm, actor=partner, email="new.attorney@avery.test", role=Role.ATTORNEY)
    idp.user("new.attorney@avery.test", IDP_PASSWORD, first_name="Nia", last_name="Okafor")
    outcome = sso_sign_in(fresh_client, email="new.attorney@avery.test", password=IDP_PASSWORD, follow=True)
    assert outcome.response.status_code == 200
    dashboard = fresh_client.get("/f/avery/")
    assert dashboard.status_code == 200 and "Avery audit 2026" in dashboard.content.decode()
    user = User.objects.get(email="new.attorney@avery.test")
    assert user.first_name == "Nia" and not user.has_usable_password()
    assert _membership(firm, user.email).role == Role.ATTORNEY
    with firm_scope(firm):
        assert Invitation.objects.get(email=user.email).accepted_by == user
        sign_in = SsoSignIn.objects.get(user=user)
        recorded = ChangeRecord.objects.filter(table="firmops_ssosignin", row_pk=str(sign_in.pk)).exists()
    assert sign_in.method == "sso" and sign_in.role == Role.ATTORNEY and sign_in.expires_at is not None
    assert recorded, "every SSO sign-in is in the firm's trail"


def test_a_member_of_a_claimed_domain_has_their_existing_account_linked_on_first_sso_sign_in(
    firm, members, avery_idp, idp, fresh_client
):
    avery_idp()
    idp.user("paralegal@avery.test", IDP_PASSWORD)
    outcome = sso_sign_in(fresh_client, email="paralegal@avery.test", password=IDP_PASSWORD)
    assert outcome.response.status_code == 302
    assert fresh_client.get("/f/avery/").status_code == 200
    assert int(fresh_client.session["_auth_user_id"]) == members[Role.PARALEGAL].pk
    assert User.objects.filter(email="paralegal@avery.test").count() == 1  # linked, not a second account


def test_just_in_time_membership_gives_the_default_role_and_a_mapped_group_gives_its_role(
    firm, partner, avery_idp, idp
):
    avery_idp(jit_role=Role.PARALEGAL, group_roles=[["Litigation Support", Role.OPS]])
    idp.user("jo@avery.test", IDP_PASSWORD)
    idp.user("sam@avery.test", IDP_PASSWORD, groups=["Everyone", "Litigation Support"])
    for email in ("jo@avery.test", "sam@avery.test"):
        assert sso_sign_in(Client(), email=email, password=IDP_PASSWORD).response.status_code == 302
    assert _membership(firm, "jo@avery.test").role == Role.PARALEGAL
    assert _membership(firm, "sam@avery.test").role == Role.OPS


def test_a_group_change_at_the_idp_moves_a_staff_member_but_never_a_partner(firm, members, avery_idp, idp):
    avery_idp(group_roles=[["Attorneys", Role.ATTORNEY]])
    idp.user("paralegal@avery.test", IDP_PASSWORD, groups=["Attorneys"])
    idp.user("partner@avery.test", IDP_PASSWORD, groups=["Attorneys"])
    for email in ("paralegal@avery.test", "partner@avery.test"):
        assert sso_sign_in(Client(), email=email, password=IDP_PASSWORD).response.status_code == 302
    assert _membership(firm, "paralegal@avery.test").role == Role.ATTORNEY
    assert _membership(firm, "partner@avery.test").role == Role.PARTNER


def test_without_an_invitation_or_just_in_time_the_idps_word_alone_admits_no_one(
    firm, avery_idp, idp, fresh_client
):
    avery_idp()  # no jit_role
    idp.user("walk.in@avery.test", IDP_PASSWORD)
    outcome = sso_sign_in(fresh_client, email="walk.in@avery.test", password=IDP_PASSWORD)
    assert outcome.response.status_code == 403
    assert "has not invited this address" in outcome.response.content.decode()
    assert not User.objects.filter(email="walk.in@avery.test").exists()
    assert "_auth_user_id" not in fresh_client.session


def test_a_user_the_idp_disabled_is_refused_at_the_idp(firm, members, avery_idp, idp, fresh_client):
    avery_idp()
    idp.user("attorney@avery.test", IDP_PASSWORD, active=False)
    outcome = sso_sign_in(fresh_client, email="attorney@avery.test", password=IDP_PASSWORD)
    assert outcome.response is None and "correct username and password" in outcome.idp_page
    assert "_auth_user_id" not in fresh_client.session
