"""Selection: the partner chooses with a rationale, the engagement moves on, a replacement reopens vetting."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from firmops.engagements.services import engagement_move_stage
from firmops.models import Engagement, EngagementStageChange, Role, Stage
from firmops.tenancy import firm_scope
from providers.models import Professional, Selection
from providers.selection.selectors import current_selection
from providers.selection.services import selection_create, selection_request_replacement
from tests.factories import UserFactory


@pytest.fixture
def vetting(firm, partner, engagement):
    engagement_move_stage(firm=firm, actor=partner, engagement=engagement, to_stage=Stage.VETTING)
    return engagement


@pytest.fixture
def elena(platform, make_professional):
    return make_professional(platform, "Elena Novak", time_zone="America/Chicago")


def test_the_partner_selects_a_professional_with_a_rationale_and_the_engagement_moves_to_onboarding(
    firm, partner, vetting, platform, elena, client_for
):
    response = client_for(partner).post(
        f"/f/avery/vetting/engagements/{vetting.pk}/select/",
        {
            "professional": elena.pk,
            "rationale": "Substantive answers on every question; full overlap.",
            "trial_days": 7,
        },
    )
    assert response.status_code == 302
    with firm_scope(firm):
        vetting.refresh_from_db()
        selection = Selection.objects.get(engagement=vetting)
        change = EngagementStageChange.objects.filter(engagement=vetting).last()
        elena.refresh_from_db()
    assert vetting.stage == Stage.ONBOARDING
    assert selection.rationale == "Substantive answers on every question; full overlap."
    assert (
        selection.status == Selection.Status.TRIAL
        and selection.trial_days == 7
        and selection.selected_by == partner
    )
    assert change.to_stage == Stage.ONBOARDING and "Elena Novak" in change.reason
    assert elena.status == Professional.Status.SELECTED
    page = client_for(partner).get(f"/f/avery/vetting/engagements/{vetting.pk}/")
    assert "trial ends" in page.content.decode() and "Request a replacement" in page.content.decode()


def test_selecting_straight_from_the_audit_stage_records_why_the_stage_was_skipped(
    firm, partner, engagement, elena
):
    selection_create(
        firm=firm,
        actor=partner,
        engagement=engagement,
        professional=elena,
        rationale="Vetted at a referral's word.",
    )
    with firm_scope(firm):
        change = EngagementStageChange.objects.filter(engagement=engagement).last()
    assert (change.from_stage, change.to_stage) == (Stage.AUDIT, Stage.ONBOARDING)
    assert "Vetted at a referral's word." in change.reason


def test_a_selection_without_a_rationale_is_refused_and_nothing_moves(
    firm, partner, vetting, elena, client_for
):
    response = client_for(partner).post(
        f"/f/avery/vetting/engagements/{vetting.pk}/select/",
        {"professional": elena.pk, "rationale": "ok", "trial_days": 7},
    )
    assert response.status_code == 400
    assert "Record why" in response.content.decode()
    with firm_scope(firm):
        assert not Selection.objects.exists()
        assert Engagement.objects.get(pk=vetting.pk).stage == Stage.VETTING


def test_a_second_selection_is_refused_while_one_is_live(
    firm, partner, vetting, platform, elena, make_professional
):
    selection_create(
        firm=firm, actor=partner, engagement=vetting, professional=elena, rationale="The strongest candidate."
    )
    marcus = make_professional(platform, "Marcus Webb")
    with pytest.raises(ValidationError, match="already selected"):
        selection_create(
            firm=firm, actor=partner, engagement=vetting, professional=marcus, rationale="Changed my mind."
        )


def test_a_replacement_request_marks_the_selection_replaced_and_reopens_vetting(
    firm, partner, vetting, elena, client_for, django_capture_on_commit_callbacks
):
    account = UserFactory(email="elena@vendor.test")
    with firm_scope(firm):
        Professional.objects.filter(pk=elena.pk).update(user=account)
        elena.refresh_from_db()
    selection = selection_create(
        firm=firm, actor=partner, engagement=vetting, professional=elena, rationale="Strongest answers."
    )
    with firm_scope(firm):
        assert Engagement.objects.get(pk=vetting.pk).external_user == account
    url = f"/f/avery/vetting/selections/{selection.pk}/replace/"
    asked = client_for(partner).post(url, {"reason": "Missed two deadlines in week one."})
    assert asked.status_code == 200 and "access ends now" in asked.content.decode()
    with firm_scope(firm):
        assert Selection.objects.get(pk=selection.pk).status == Selection.Status.TRIAL  # one click: nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(partner).post(
            url, {"reason": "Missed two deadlines in week one.", "confirmed": "yes"}
        )
    assert response.status_code == 302
    with firm_scope(firm):
        selection.refresh_from_db()
        engagement = Engagement.objects.get(pk=vetting.pk)
        change = EngagementStageChange.objects.filter(engagement=engagement).last()
        assert current_selection(firm=firm, engagement=engagement) is None
        assert Professional.objects.get(pk=elena.pk).status == Professional.Status.REPLACED
    assert selection.status == Selection.Status.REPLACED and selection.replaced_by == partner
    assert engagement.stage == Stage.VETTING and engagement.external_user is None
    assert (change.from_stage, change.to_stage) == (Stage.ONBOARDING, Stage.VETTING)
    assert "Missed two deadlines in week one." in change.reason
    assert mail.outbox[-1].to == ["meridian@vendor.test"] and "replacement" in mail.outbox[-1].subject


def test_after_a_replacement_the_partner_can_select_someone_else(
    firm, partner, vetting, platform, elena, make_professional
):
    first = selection_create(
        firm=firm, actor=partner, engagement=vetting, professional=elena, rationale="Strongest answers."
    )
    selection_request_replacement(firm=firm, actor=partner, selection=first)
    marcus = make_professional(platform, "Marcus Webb")
    second = selection_create(
        firm=firm,
        actor=partner,
        engagement=vetting,
        professional=marcus,
        rationale="The provider's replacement.",
    )
    with firm_scope(firm):
        assert current_selection(firm=firm, engagement=vetting).pk == second.pk
        assert Engagement.objects.get(pk=vetting.pk).stage == Stage.ONBOARDING


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.OPS])
def test_only_a_partner_selects(firm, vetting, elena, members, client_for, role):
    client = client_for(members[role])
    page = client.post(
        f"/f/avery/vetting/engagements/{vetting.pk}/select/",
        {"professional": elena.pk, "rationale": "I like them a lot."},
    )
    api = client.post(
        "/api/v1/firms/avery/vetting/selections/",
        {"engagement": vetting.pk, "professional": elena.pk, "rationale": "I like them a lot."},
        content_type="application/json",
    )
    assert page.status_code == 403 and api.status_code == 403
    with firm_scope(firm):
        assert not Selection.objects.exists()


def test_the_selection_api_selects_replaces_and_refuses_another_firms_professional(
    firm, partner, vetting, elena, other_firm, other_partner, client_for
):
    from tests.providers.samples import professional as foreign_professional
    from tests.route_samples import WalkContext

    with firm_scope(other_firm):
        theirs = foreign_professional(WalkContext(firm=other_firm, partner=other_partner))
    api = client_for(partner)
    refused = api.post(
        "/api/v1/firms/avery/vetting/selections/",
        {"engagement": vetting.pk, "professional": theirs.pk, "rationale": "Someone else's candidate."},
        content_type="application/json",
    )
    assert refused.status_code == 400
    created = api.post(
        "/api/v1/firms/avery/vetting/selections/",
        {
            "engagement": vetting.pk,
            "professional": elena.pk,
            "rationale": "Strongest answers.",
            "trial_days": 10,
        },
        content_type="application/json",
    )
    assert (
        created.status_code == 201
        and created.json()["status"] == "trial"
        and created.json()["trial_days"] == 10
    )
    replaced = api.post(
        f"/api/v1/firms/avery/vetting/selections/{created.json()['id']}/replace/",
        {},
        content_type="application/json",
    )
    assert replaced.status_code == 200 and replaced.json()["status"] == "replaced"
    with firm_scope(firm):
        assert Engagement.objects.get(pk=vetting.pk).stage == Stage.VETTING
