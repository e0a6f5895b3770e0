"""The engagement page as a pipeline: what each phase has done and the one next step for whoever looks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from audit.services import audit_entry_create, audit_period_open
from firmops.models import EngagementStageChange, Role, Stage
from firmops.tenancy import firm_scope
from onboarding.models import PlanItem
from onboarding.packs import pack_export_build
from onboarding.services import pack_export_request, plan_item_update
from performance.models import CheckIn
from providers.models import Provider, Selection
from providers.questionnaires.services import questionnaire_send
from tests.firmops.pipeline_data import (
    answered_questionnaire,
    audit_week,
    engagement_at,
    generate_plan,
    performing_engagement,
)
from tests.performance.factories import select_professional


def next_action(page: str) -> str:
    """The text of the `data-next-action` box: the label of its main link and the reason below it."""
    match = re.search(r"<section[^>]*data-next-action[^>]*>(.*?)</section>", page, re.S)
    assert match, "the page has no next-action box"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def main_link(page: str) -> tuple[str, str]:
    """(href, text) of the next action's main link."""
    match = re.search(r'<a class="button" href="([^"]+)" data-next-action-link>([^<]+)</a>', page)
    assert match, "no main next-action link"
    return match.group(1).replace("&amp;", "&"), match.group(2).replace("&#x27;", "'")


def page_of(client, engagement) -> str:
    response = client.get(f"/f/{engagement.firm.slug}/engagements/{engagement.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def ops(members):
    return members[Role.OPS]


@pytest.fixture
def attorney(members):
    return members[Role.ATTORNEY]


@pytest.fixture
def external(members):
    return members[Role.EXTERNAL]


# --- audit ---------------------------------------------------------------------------------------


def test_a_new_engagement_tells_the_partner_to_open_the_audit_week(client_for, partner, engagement):
    page = page_of(client_for(partner), engagement)
    href, label = main_link(page)
    assert label == "Open the audit week"
    assert href == f"/f/avery/audit/periods/new/?engagement={engagement.pk}"
    assert "Where each phase stands" in page


def test_a_paralegal_who_has_not_logged_today_is_sent_to_the_quick_log(
    client_for, firm, members, partner, paralegal, engagement
):
    period = audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=firm.today() - dt.timedelta(days=2)
    )
    client = client_for(paralegal)
    href, label = main_link(page_of(client, engagement))
    assert (href, label) == (f"/f/avery/audit/periods/{period.pk}/log/", "Log today's tasks")
    assert "Day 3 of 7 of the audit week" in next_action(page_of(client, engagement))

    audit_entry_create(firm=firm, actor=paralegal, period=period, description="Filed the motion", minutes=20)
    _, label = main_link(page_of(client, engagement))
    assert label == "Log more of today's tasks"


def test_ops_sees_who_has_not_logged_today_and_the_count_drops_as_people_log(
    client_for, firm, members, partner, paralegal, ops, engagement
):
    period = audit_period_open(firm=firm, actor=partner, engagement=engagement, starts_on=firm.today())
    client = client_for(ops)
    page = page_of(client, engagement)  # partner, attorney and paralegal take part by default
    assert main_link(page) == (f"/f/avery/audit/periods/{period.pk}/", "3 participants have not logged today")
    assert "0 of 3 logged on day 1" in next_action(page)

    audit_entry_create(
        firm=firm, actor=paralegal, period=period, description="Calendared hearing", minutes=15
    )
    assert main_link(page_of(client, engagement))[1] == "2 participants have not logged today"


def test_after_the_audit_week_the_partner_reviews_the_hit_list_then_is_offered_the_move(
    client_for, firm, partner, attorney, engagement
):
    period = audit_week(firm, engagement, attorney, starts_on=firm.today() - dt.timedelta(days=10))
    page = page_of(client_for(partner), engagement)
    assert main_link(page) == (f"/f/avery/audit/periods/{period.pk}/hit-list/", "Review the hit list")
    # 10 h + 3 h 20 min of attorney time at $400 against $40 outsourced: $4,800 a week, $249,600 a year.
    assert "$249,600 a year" in next_action(page)
    assert "Move to Vetting" in next_action(page)  # listed among the others
    assert '<button type="submit">Move to Vetting</button>' in page


# --- the move itself -----------------------------------------------------------------------------


def test_the_partner_moves_to_the_next_stage_with_one_button_and_it_is_recorded(
    client_for, firm, partner, engagement
):
    response = client_for(partner).post(f"/f/avery/engagements/{engagement.pk}/", {"to_stage": "vetting"})
    assert response.status_code == 302
    page = client_for(partner).get(response["Location"]).content.decode()
    assert "Moved from Audit to Vetting; recorded in the history." in page
    with firm_scope(firm):
        engagement.refresh_from_db()
        change = EngagementStageChange.objects.filter(engagement=engagement).last()
    assert engagement.stage == Stage.VETTING
    assert (change.from_stage, change.to_stage, change.actor) == ("audit", "vetting", partner)


def test_skipping_a_stage_still_needs_a_reason(client_for, firm, partner, engagement):
    page = (
        client_for(partner)
        .post(f"/f/avery/engagements/{engagement.pk}/", {"to_stage": "performing", "reason": " "})
        .content.decode()
    )
    assert "Say why this engagement skips or goes back a stage." in page
    with firm_scope(firm):
        engagement.refresh_from_db()
    assert engagement.stage == Stage.AUDIT


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.OPS])
def test_only_a_partner_sees_and_uses_the_move(role, members, client_for, firm, engagement):
    client = client_for(members[role])
    assert "Move to Vetting" not in page_of(client, engagement)
    client.post(f"/f/avery/engagements/{engagement.pk}/", {"to_stage": "vetting"})
    with firm_scope(firm):
        engagement.refresh_from_db()
    assert engagement.stage == Stage.AUDIT


# --- vetting -------------------------------------------------------------------------------------


def _provider(firm, engagement, name):
    with firm_scope(firm):
        return Provider.objects.create(
            firm=firm,
            engagement=engagement,
            name=name,
            model="talent_platform",
            contact_email=f"{name.split()[0].lower()}@vendor.test",
        )


def test_ops_is_told_to_chase_unanswered_questionnaires(client_for, firm, partner, ops, engagement):
    engagement = engagement_at(firm, partner, "Vetting now", Stage.VETTING)
    for name in ("Meridian Legal", "Apex Offshore"):
        questionnaire_send(firm=firm, actor=ops, provider=_provider(firm, engagement, name), notify=False)
    page = page_of(client_for(ops), engagement)
    href, label = main_link(page)
    assert label == "2 questionnaires unanswered — send reminder"
    assert re.fullmatch(r"/f/avery/vetting/questionnaires/\d+/", href)
    assert "Waiting for Meridian Legal, Apex Offshore; the oldest was sent 0 days ago" in next_action(page)


def test_once_answers_are_in_the_partner_is_sent_to_compare_and_select(client_for, firm, partner, engagement):
    engagement = engagement_at(firm, partner, "Answers in", Stage.VETTING)
    answered_questionnaire(firm, _provider(firm, engagement, "Meridian Legal"), partner)
    page = page_of(client_for(partner), engagement)
    assert main_link(page) == (
        f"/f/avery/vetting/engagements/{engagement.pk}/",
        "Compare 1 answered questionnaire and select",
    )
    assert "everyone asked has answered" in next_action(page)


def test_a_trial_ending_in_two_days_is_the_partners_next_step(client_for, firm, partner, engagement):
    engagement = engagement_at(firm, partner, "On trial", Stage.VETTING)
    selection = select_professional(firm, engagement, selected_at=timezone.now() - dt.timedelta(days=5))
    with firm_scope(firm):
        Selection.objects.filter(pk=selection.pk).update(trial_days=7)
    page = page_of(client_for(partner), engagement)
    assert main_link(page)[1] == "Trial ends in 2 days — confirm or replace"
    assert "Move to Onboarding" in page  # a selection finishes vetting


# --- onboarding ----------------------------------------------------------------------------------


def test_ops_is_told_when_the_onboarding_pack_is_out_of_date(client_for, firm, partner, ops, engagement):
    engagement = engagement_at(firm, partner, "Onboarding now", Stage.ONBOARDING)
    select_professional(firm, engagement)
    generate_plan(firm, partner, engagement)
    client = client_for(ops)
    assert "Export the onboarding pack" in next_action(page_of(client, engagement))
    with firm_scope(firm):
        export, _ = pack_export_request(firm=firm, actor=ops, engagement=engagement, enqueue=False)
    pack_export_build(firm_id=firm.pk, export_id=export.pk)
    assert "Onboarding pack" not in next_action(page_of(client, engagement))

    with firm_scope(firm):
        item = PlanItem.objects.filter(plan__engagement=engagement).order_by("pk").first()
        item.title = "Meet the litigation team (moved to Tuesday)"
        item.save(update_fields=["title"])
    page = page_of(client, engagement)
    assert "Onboarding pack out of date — export" in next_action(page)
    assert f"/f/avery/onboarding/engagements/{engagement.pk}/pack/" in page


def test_the_professional_sees_their_next_plan_item_and_never_audit_or_vetting(
    client_for, firm, partner, attorney, external, members
):
    engagement = engagement_at(firm, partner, "Elena's engagement", Stage.ONBOARDING)
    with firm_scope(firm):
        engagement.external_user = external
        engagement.save(update_fields=["external_user"])
    audit_week(firm, engagement, attorney, starts_on=firm.today() - dt.timedelta(days=20))
    selection = select_professional(firm, engagement, name="Elena Novak", user=external)
    answered_questionnaire(firm, selection.provider, partner)
    generate_plan(firm, partner, engagement)
    page = page_of(client_for(external), engagement)
    assert main_link(page)[1].startswith("Next in your plan: ")
    for secret in (
        "Hit list",
        "hit list",
        "Recoverable",
        "$",
        "Elena Novak Provider",
        "score",
        "/audit/",
        "/vetting/",
    ):
        assert secret not in page, secret
    assert "Handled by Avery &amp; Stone LLP." in page


def test_a_professional_ticking_their_item_moves_their_next_step_on(client_for, firm, partner, external):
    engagement = engagement_at(firm, partner, "Ticking", Stage.ONBOARDING)
    with firm_scope(firm):
        engagement.external_user = external
        engagement.save(update_fields=["external_user"])
    select_professional(firm, engagement, user=external)
    generate_plan(firm, partner, engagement)
    client = client_for(external)
    first = main_link(page_of(client, engagement))[1]
    with firm_scope(firm):
        from firmops.models import Membership

        membership = Membership.objects.get(user=external)
        item = (
            PlanItem.objects.filter(plan__engagement=engagement, owner=external, done=False)
            .order_by("due_on", "position", "pk")
            .first()
        )
        plan_item_update(firm=firm, actor=external, membership=membership, item=item, done=True)
    assert first == f"Next in your plan: {item.title}"
    box = next_action(page_of(client, engagement))
    assert item.title not in box and "Nothing waits on you here right now." in box


# --- performance ---------------------------------------------------------------------------------


def test_a_check_in_tomorrow_is_announced_to_the_attorney(client_for, firm, partner, attorney):
    engagement = engagement_at(firm, partner, "Checking in", Stage.PERFORMING)
    tomorrow = timezone.localtime(timezone.now(), firm.zone) + dt.timedelta(days=1)
    at = tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)
    with firm_scope(firm):
        CheckIn.objects.create(firm=firm, engagement=engagement, sequence=1, scheduled_at=at)
    from performance.models import HourEntry

    with firm_scope(firm):  # hours logged this week, so the check-in is what is left
        HourEntry.objects.create(
            firm=firm, engagement=engagement, attorney=attorney, worked_on=firm.today(), hours=2
        )
    page = page_of(client_for(attorney), engagement)
    assert main_link(page)[1] == "Check-in tomorrow at 10:00"


def test_the_partner_of_a_performing_engagement_sees_roi_and_the_open_signal(
    client_for, firm, partner, attorney
):
    engagement = performing_engagement(firm, partner, attorney, "Scaling up")
    page = page_of(client_for(partner), engagement)
    assert "ROI to date:" in page
    assert "1 open scaling signal — review" in page
