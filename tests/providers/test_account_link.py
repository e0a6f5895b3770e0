"""The selected professional joins by invitation and finds their engagement: no database step."""

from firmops.invitations.services import invitation_create, invitation_token
from firmops.models import Engagement, Role
from firmops.tenancy import firm_scope
from providers.models import Professional
from providers.selection.services import selection_create


def _accept_as_new_user(client, invitation) -> None:
    path = f"/invite/{invitation_token(invitation)}/"
    response = client.post(
        path, {"first_name": "Elena", "last_name": "Novak", "password": "long-enough-secret-42"}
    )
    assert response.status_code == 302


def test_the_selected_professional_who_accepts_an_invitation_sees_their_engagements_plan_page(
    firm, partner, engagement, platform, make_professional, client
):
    elena = make_professional(platform, "Elena Novak", email="Elena.Novak@vendor.test")
    with firm_scope(firm):
        selection_create(
            firm=firm,
            actor=partner,
            engagement=engagement,
            professional=elena,
            rationale="Best answers and overlap.",
        )
    invitation = invitation_create(
        firm=firm, actor=partner, email="elena.novak@vendor.test", role=Role.EXTERNAL
    )
    _accept_as_new_user(client, invitation)

    with firm_scope(firm):
        elena.refresh_from_db()
        assert elena.user is not None and elena.user.email == "elena.novak@vendor.test"
        assert Engagement.objects.get(pk=engagement.pk).external_user_id == elena.user_id
    page = client.get(f"/f/avery/engagements/{engagement.pk}/", follow=True)
    assert page.status_code == 200 and engagement.name in page.content.decode()


def test_staff_joining_with_a_candidates_email_link_nothing_and_other_firms_candidates_stay_apart(
    firm, other_firm, partner, engagement, platform, make_professional, client
):
    ours = make_professional(platform, "Sam Lee", email="sam@vendor.test")
    with firm_scope(other_firm):
        from providers.models import Provider

        theirs_provider = Provider.objects.create(firm=other_firm, name="Elsewhere", contact_email="x@y.test")
        theirs = Professional.objects.create(
            firm=other_firm, provider=theirs_provider, name="Sam Lee", email="sam@vendor.test", hourly_rate=30
        )
    invitation = invitation_create(firm=firm, actor=partner, email="sam@vendor.test", role=Role.PARALEGAL)
    _accept_as_new_user(client, invitation)
    with firm_scope(firm):
        ours.refresh_from_db()
        assert ours.user is None  # a paralegal is not the outsourced professional
    with firm_scope(other_firm):
        theirs.refresh_from_db()
        assert theirs.user is None
