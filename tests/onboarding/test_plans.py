import datetime

import pytest
from django.core.exceptions import ValidationError

from firmops.models import Role
from firmops.tenancy import firm_scope
from onboarding import selectors, services
from onboarding.hours import shared_core_hours
from onboarding.models import AccessCheck, PlanItem, PlanTemplateItem, Track
from onboarding.plans import DelegatedTask
from providers.evidence.services import evidence_add, evidence_requirements_set
from tests.factories import EngagementFactory
from tests.onboarding.conftest import DAY_1, log_audit_week, select_professional
from tests.providers.evidence_files import pdf_upload


def _titles(firm, plan) -> set[str]:
    with firm_scope(firm):
        return set(PlanItem.objects.filter(plan=plan).values_list("title", flat=True))


def _generate(firm, actor, engagement, **kwargs):
    with firm_scope(firm):
        return services.plan_generate(
            firm=firm, actor=actor, engagement=engagement, starts_on=DAY_1, **kwargs
        )


def test_the_plan_covers_the_four_tracks_over_thirty_days_with_owners_and_dates(
    firm, engagement, selected, ops, members
):
    log_audit_week(firm, engagement, members[Role.ATTORNEY], {"e_filing": 300, "deposition_summaries": 240})
    plan = _generate(firm, ops, engagement).plan
    with firm_scope(firm):
        items = list(PlanItem.objects.filter(plan=plan))
    assert {i.track for i in items} == set(Track.values)
    assert min(i.day for i in items) == 1 and max(i.day for i in items) == 30
    assert all(i.due_on == DAY_1 + datetime.timedelta(days=i.day - 1) for i in items)
    assert all(i.owner is not None for i in items)
    titles = {i.title for i in items}
    assert "NDA signed by Elena Novak before any access" in titles
    assert "Named Clio account for Elena Novak with role-based permissions" in titles
    assert "MFA on for Elena Novak's Teams account" in titles
    assert "Watch: How we e-file in this jurisdiction" in titles
    assert "Formatting rules for E-filing & service" in titles
    assert any(t.startswith("Turnaround for Deposition summaries: 48 hours") for t in titles)
    mine = [i for i in items if i.owner_role == Role.EXTERNAL]
    assert mine and all(i.owner == selected.professional.user for i in mine)
    assert [w for w in titles if w.startswith("Weekly review")] and len(
        [t for t in titles if t.startswith("Weekly review")]
    ) == 4


def test_two_engagements_with_different_delegated_tasks_get_different_plans(firm, partner, ops, members):
    with firm_scope(firm):
        a = EngagementFactory(firm=firm, owner=partner, name="A")
        b = EngagementFactory(firm=firm, owner=partner, name="B")
    for engagement in (a, b):
        select_professional(firm, engagement, time_zone="America/Chicago")
    log_audit_week(firm, a, members[Role.ATTORNEY], {"e_filing": 300})
    log_audit_week(firm, b, members[Role.ATTORNEY], {"medical_summaries": 300})
    plan_a, plan_b = _generate(firm, ops, a).plan, _generate(firm, ops, b).plan
    assert plan_a.delegated == [{"category": "e_filing", "label": "E-filing & service"}]
    assert "Formatting rules for E-filing & service" in _titles(firm, plan_a)
    assert not any("E-filing" in t for t in _titles(firm, plan_b))
    assert any("Medical record summaries" in t for t in _titles(firm, plan_b))


def test_two_engagements_with_different_time_zones_get_different_plans(firm, partner, ops):
    firm.core_hours_start, firm.core_hours_end = datetime.time(10), datetime.time(17)
    firm.time_zone = "America/Chicago"
    firm.save()
    with firm_scope(firm):
        la = EngagementFactory(firm=firm, owner=partner, name="LA")
        manila = EngagementFactory(firm=firm, owner=partner, name="Manila")
    select_professional(firm, la, time_zone="America/Los_Angeles")
    select_professional(firm, manila, time_zone="Asia/Manila")
    plan_la = _generate(firm, ops, la, day_start=datetime.time(8), day_end=datetime.time(11)).plan
    plan_manila = _generate(firm, ops, manila).plan
    assert plan_la.core_hours == "10:00–13:00 America/Chicago = 08:00–11:00 America/Los_Angeles"
    assert "Daily 10-minute huddle on Teams at 10:00 America/Chicago (08:00 America/Los_Angeles)" in _titles(
        firm, plan_la
    )
    assert plan_manila.core_hours.startswith("no shared working hours")
    assert _titles(firm, plan_la) != _titles(firm, plan_manila)


def test_shared_core_hours_follow_daylight_saving_on_the_day():
    def london(day):
        return str(
            shared_core_hours(
                on=day,
                firm_zone="America/New_York",
                firm_start=datetime.time(9),
                firm_end=datetime.time(17),
                other_zone="Europe/London",
                other_start=datetime.time(9),
                other_end=datetime.time(17),
            )
        )

    assert london(datetime.date(2026, 1, 12)) == "09:00–12:00 America/New_York = 14:00–17:00 Europe/London"
    # US clocks moved on March 8, UK clocks on March 29: for three weeks the gap is 4 hours.
    assert london(datetime.date(2026, 3, 16)) == "09:00–13:00 America/New_York = 13:00–17:00 Europe/London"


def test_regenerating_keeps_ticks_and_notes_of_items_that_remain_and_drops_the_rest(
    firm, engagement, selected, ops, members
):
    log_audit_week(firm, engagement, members[Role.ATTORNEY], {"e_filing": 300, "legal_research": 200})
    plan = _generate(firm, ops, engagement).plan
    with firm_scope(firm):
        nda = PlanItem.objects.get(plan=plan, key="nda-signed")
        research = PlanItem.objects.get(plan=plan, key="success-tone:legal_research")
        membership = members[Role.OPS].memberships.get()
        services.plan_item_update(
            firm=firm, actor=ops, membership=membership, item=nda, done=True, notes="Filed in DMS"
        )
        services.plan_item_update(firm=firm, actor=ops, membership=membership, item=research, done=True)
    result = _generate(firm, ops, engagement, delegated=[DelegatedTask("e_filing", "E-filing & service")])
    assert result.removed > 0 and result.added == 0
    with firm_scope(firm):
        nda.refresh_from_db()
        assert nda.done and nda.notes == "Filed in DMS" and nda.done_by == ops
        assert not PlanItem.objects.filter(plan=plan, key__endswith=":legal_research").exists()


def test_a_template_edit_reaches_the_plan_on_regeneration_without_losing_the_tick(
    firm, engagement, selected, ops, members
):
    plan = _generate(firm, ops, engagement).plan
    with firm_scope(firm):
        kickoff = PlanItem.objects.get(plan=plan, key="kickoff")
        services.plan_item_update(
            firm=firm, actor=ops, membership=ops.memberships.get(), item=kickoff, done=True
        )
        services.plan_templates_ensure(firm=firm)
        line = PlanTemplateItem.objects.get(key="kickoff")
        services.plan_template_save(
            firm=firm, template=line, title="Welcome call with {professional_first} ({time_zone})", day=2
        )
    _generate(firm, ops, engagement)
    with firm_scope(firm):
        kickoff.refresh_from_db()
    assert kickoff.title == "Welcome call with Elena (America/Los_Angeles)"
    assert kickoff.day == 2 and kickoff.due_on == DAY_1 + datetime.timedelta(days=1) and kickoff.done


@pytest.mark.parametrize(
    ("scope", "title", "error"),
    [
        ("once", "Hello {nobody}", "Unknown here: {nobody}"),
        ("once", "Review {task}", "Unknown here: {task}"),
        ("per_tool", "Account for {tool} {task}", "Unknown here: {task}"),
        ("once", "Broken {professional", "Broken braces"),
    ],
)
def test_template_lines_refuse_placeholders_that_cannot_be_filled(firm, scope, title, error):
    with firm_scope(firm), pytest.raises(ValidationError) as caught:
        services.plan_template_save(
            firm=firm,
            key="custom",
            track="systems",
            scope=scope,
            day=3,
            owner_role="ops",
            title=title,
            body="",
        )
    assert error in str(caught.value.message_dict["title"])


def test_without_a_selection_the_plan_uses_placeholders_until_one_is_made(
    firm, engagement, external, ops, partner
):
    plan = _generate(firm, ops, engagement).plan
    assert plan.placeholder and plan.professional_name == "the outsourced professional"
    assert "NDA signed by the outsourced professional before any access" in _titles(firm, plan)
    select_professional(firm, engagement, user=external, by=partner)
    plan = _generate(firm, ops, engagement).plan
    assert not plan.placeholder and "NDA signed by Elena Novak before any access" in _titles(firm, plan)
    with firm_scope(firm):
        assert PlanItem.objects.get(plan=plan, key="working-hours").owner == external


def test_the_task_playbook_supplies_expectations_and_the_walkthrough_link(firm, engagement, selected, ops):
    with firm_scope(firm):
        services.task_playbook_save(
            firm=firm,
            actor=ops,
            category="e_filing",
            turnaround="by 3 PM the same day",
            walkthrough_url="https://www.loom.com/share/abc123",
        )
    plan = _generate(firm, ops, engagement, delegated=[DelegatedTask("e_filing", "E-filing & service")]).plan
    with firm_scope(firm):
        watch = PlanItem.objects.get(plan=plan, key="watch-video:e_filing")
        turnaround = PlanItem.objects.get(plan=plan, key="success-turnaround:e_filing")
    assert watch.link == "https://www.loom.com/share/abc123" and watch.owner_role == Role.EXTERNAL
    assert turnaround.title == "Turnaround for E-filing & service: by 3 PM the same day"
    with firm_scope(firm), pytest.raises(ValidationError):
        services.task_playbook_save(
            firm=firm, actor=ops, category="e_filing", walkthrough_url="javascript:alert(1)"
        )


def test_the_access_checklist_has_a_row_per_tool_and_no_account_before_the_nda(
    firm, engagement, selected, ops
):
    plan = _generate(firm, ops, engagement).plan
    with firm_scope(firm):
        checks = selectors.access_checks(firm=firm, plan=plan)
        assert [c.system for c in checks] == ["Clio", "NetDocuments", "Outlook", "Teams", "Zoom"]
        clio = checks[0]
        with pytest.raises(ValidationError, match=r"\(NDA missing\). To grant Clio access anyway"):
            services.access_check_update(firm=firm, actor=ops, check=clio, named_account=True)
        clio.refresh_from_db()
        assert not clio.named_account  # nothing saved half-way
    nda = evidence_add(
        firm=firm, kind="nda", file=pdf_upload("elena-nda.pdf"), professional=selected.professional, actor=ops
    )
    with firm_scope(firm):
        services.access_check_update(
            firm=firm, actor=ops, check=clio, named_account=True, mfa_enabled=True, least_privilege=True
        )
        clio.refresh_from_db()
        assert clio.complete and clio.nda_document == nda and clio.override_reason == ""
        services.firm_tool_add(firm=firm, name="Slack", kind="chat")
    _generate(firm, ops, engagement)
    with firm_scope(firm):
        assert AccessCheck.objects.get(plan=plan, system="Clio").complete
        assert AccessCheck.objects.filter(plan=plan, system="Slack").exists()


def test_granting_access_without_required_evidence_takes_an_override_kept_with_its_reason(
    firm, engagement, selected, ops, partner
):
    plan = _generate(firm, ops, engagement).plan
    evidence_requirements_set(
        firm=firm, actor=partner, provider_model="talent_platform", kinds=["nda", "background_check"]
    )
    evidence_add(firm=firm, kind="nda", file=pdf_upload(), professional=selected.professional, actor=ops)
    with firm_scope(firm):
        outlook = AccessCheck.objects.get(plan=plan, system="Outlook")
        with pytest.raises(ValidationError, match="Background-check attestation missing"):
            services.access_check_update(
                firm=firm, actor=ops, check=outlook, named_account=True, override_reason="ok"
            )
        services.access_check_update(
            firm=firm,
            actor=ops,
            check=outlook,
            named_account=True,
            override_reason="Background check ordered; email only until it clears.",
        )
        outlook.refresh_from_db()
    assert outlook.named_account and outlook.nda_document_id is not None
    assert outlook.override_gaps == ["Background-check attestation missing"]
    assert (outlook.override_by, outlook.override_reason) == (
        ops,
        "Background check ordered; email only until it clears.",
    )


def test_the_role_definition_sets_the_plans_tasks_and_turnarounds(firm, partner, engagement):
    """Issue 10: the 30-day plan's "Defining success" track follows the role the provider was sent."""
    from audit.models import AuditPeriod, Bucket, TaskEntry
    from firmops.tenancy import firm_scope
    from onboarding.models import PlanItem
    from onboarding.services import plan_generate
    from providers.roles.services import role_draft

    with firm_scope(firm):
        period = AuditPeriod.objects.create(
            firm=firm, engagement=engagement, starts_on=engagement.started_on, days=7
        )
        for category, minutes in (("deposition_summaries", 300), ("e_filing", 120), ("document_review", 600)):
            TaskEntry.objects.create(
                firm=firm,
                period=period,
                performer=partner,
                performer_role="attorney",
                hourly_cost=400,
                description=category,
                minutes=minutes,
                bucket=Bucket.OUTSOURCEABLE,
                category=category,
                reason="test",
            )
        role = role_draft(
            firm=firm, actor=partner, engagement=engagement, categories=["deposition_summaries", "e_filing"]
        ).role
        category = role.categories.get(category="e_filing")
        category.turnaround = "same business day, before 4 PM"
        category.save()
        plan_generate(firm=firm, actor=partner, engagement=engagement)
        texts = " ".join(f"{i.title} {i.body}" for i in PlanItem.objects.filter(plan__engagement=engagement))
    assert "same business day, before 4 PM" in texts
    assert "Document review" not in texts
