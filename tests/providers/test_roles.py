"""The role definition: drafted from the ticked hit list, edited, and never overwritten by a redraft."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditPeriod, Bucket
from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.models import RoleCategory, RoleDefinition
from providers.roles.selectors import (
    role_budget,
    role_delegated_categories,
    role_rows,
    role_turnaround_targets,
)
from providers.roles.services import role_draft, role_update
from tests.providers.role_helpers import TICKED, form_data, load, log

D = Decimal


def test_a_partner_ticks_three_categories_and_the_role_takes_the_audits_hours_per_week(
    firm, engagement, audited, members, partner, client_for
):
    page = client_for(partner).get(f"/f/avery/vetting/engagements/{engagement.pk}/role/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Draft the role from the ticked categories" in body
    assert 'value="court_appearance"' not in body  # core work has no tick box

    response = client_for(partner).post(
        f"/f/avery/vetting/engagements/{engagement.pk}/role/categories/", {"categories": TICKED}
    )
    assert response.status_code == 302
    role = load(firm, engagement)
    rows = {r.category: r for r in role_rows(role)}
    assert list(rows) == TICKED
    assert [(r.hours_per_week, r.attorney_hours_per_week) for r in rows.values()] == [
        (D("4.00"), D("3.00")),
        (D("1.50"), D("1.50")),
        (D("1.00"), D("0.00")),
    ]
    assert "deposition digesting" in rows["deposition_summaries"].skills.lower()
    assert "medical terminology" in rows["deposition_summaries"].skills
    assert rows["deposition_summaries"].turnaround == "48 hours per 100 transcript pages"
    assert (role.core_hours_start, role.core_hours_end, role.time_zone) == (
        firm.core_hours_start,
        firm.core_hours_end,
        firm.time_zone,
    )
    assert "NDA" in role.security and "Named accounts" in role.security and "MFA" in role.security
    assert role.assigns_work == partner and role.answers_questions == members[Role.ATTORNEY]
    assert role.title == "Remote litigation paralegal" and "about 6.5 hours a week" in role.summary
    assert role.edited_fields == []

    with firm_scope(firm):
        budget = role_budget(firm=firm, role=role)
    # 6.5 h a week × $40 × 52/12 and 4.5 attorney hours × $400 × 52/12
    assert budget.monthly_cost == D("1126.67") and budget.attorney_monthly_cost == D("7800.00")
    page = client_for(partner).get(f"/f/avery/vetting/engagements/{engagement.pk}/role/").content.decode()
    assert "$1,127" in page and "$7,800" in page and "Regenerate draft" in page


def test_with_nothing_ticked_the_draft_takes_the_top_three_outsourceable_categories(
    firm, engagement, partner, audited
):
    result = role_draft(firm=firm, actor=partner, engagement=engagement)
    assert result.created
    assert [r.category for r in role_rows(load(firm, engagement))] == [
        "legal_research",
        "deposition_summaries",
        "discovery_drafting",
    ]


def test_a_five_day_audit_counts_as_one_week(firm, engagement, partner, members):
    with firm_scope(firm):
        period = AuditPeriod.objects.create(
            firm=firm, engagement=engagement, starts_on=datetime.date(2026, 3, 2), days=5
        )
    log(firm, period, members, [("e_filing", Bucket.OUTSOURCEABLE, Role.PARALEGAL, 150)])
    role_draft(firm=firm, actor=partner, engagement=engagement, categories=["e_filing"])
    assert role_rows(load(firm, engagement))[0].hours_per_week == D("2.50")


def test_core_work_cannot_be_handed_over_from_the_role_page(firm, engagement, partner, audited, client_for):
    with pytest.raises(ValidationError, match="core work"):
        role_draft(firm=firm, actor=partner, engagement=engagement, categories=["court_appearance"])
    response = client_for(partner).post(
        f"/f/avery/vetting/engagements/{engagement.pk}/role/categories/",
        {"categories": ["court_appearance"]},
        follow=True,
    )
    assert "core work that stays with the attorneys" in response.content.decode()
    assert load(firm, engagement) is None


def test_a_partners_edits_survive_a_regeneration_that_refreshes_everything_else(
    firm, engagement, partner, members, audited, drafted, client_for
):
    url = f"/f/avery/vetting/engagements/{engagement.pk}/role/"
    edits = {
        "title": "Litigation paralegal for the Hartley matters",
        "deposition_summaries.turnaround": "24 hours per 100 pages",
        "deposition_summaries.hours_per_week": "6",
    }
    saved = client_for(partner).post(url, form_data(load(firm, engagement), **edits))
    assert saved.status_code == 302
    role = load(firm, engagement)
    assert role.edited_fields == ["title"]
    assert role_rows(role)[0].edited_fields == ["hours_per_week", "turnaround"]

    # The audit grows and the firm's core hours change; then the partner asks for a fresh draft.
    log(firm, audited, members, [("discovery_drafting", Bucket.OUTSOURCEABLE, Role.ATTORNEY, 120)])
    firm.core_hours_start, firm.core_hours_end = datetime.time(8), datetime.time(16)
    firm.save()
    assert client_for(partner).post(url + "regenerate/").status_code == 302

    role = load(firm, engagement)
    rows = {r.category: r for r in role_rows(role)}
    assert role.title == edits["title"]
    assert rows["deposition_summaries"].turnaround == "24 hours per 100 pages"
    assert rows["deposition_summaries"].hours_per_week == D("6.00")
    assert rows["deposition_summaries"].attorney_hours_per_week == D("3.00")  # not edited: still the audit's
    assert rows["discovery_drafting"].hours_per_week == D("2.50")  # refreshed: (180 + 120) min / 2 weeks
    assert (role.core_hours_start, role.core_hours_end) == (datetime.time(8), datetime.time(16))
    assert "about 9.5 hours a week" in role.summary and "08:00–16:00" in role.summary

    # Ticking a fourth category drafts it and still leaves the edits alone.
    client_for(partner).post(url + "categories/", {"categories": [*TICKED, "legal_research"]})
    role = load(firm, engagement)
    rows = {r.category: r for r in role_rows(role)}
    assert rows["legal_research"].hours_per_week == D("5.00")
    assert (
        role.title == edits["title"]
        and rows["deposition_summaries"].turnaround == edits["deposition_summaries.turnaround"]
    )
    page = client_for(partner).get(url).content.decode()
    assert "edited" in page and "Edited by a person (3)" in page


def test_an_edit_handed_back_to_the_draft_is_refreshed_by_the_next_regeneration(
    firm, engagement, partner, drafted, client_for
):
    url = f"/f/avery/vetting/engagements/{engagement.pk}/role/"
    client_for(partner).post(url, form_data(load(firm, engagement), title="Our own title"))
    client_for(partner).post(url + "forget/", {"fields": ["title"]})
    client_for(partner).post(url + "regenerate/")
    role = load(firm, engagement)
    assert role.title == "Remote litigation paralegal" and role.edited_fields == []


def test_saving_the_form_without_changes_marks_nothing_as_edited(
    firm, engagement, partner, drafted, client_for
):
    url = f"/f/avery/vetting/engagements/{engagement.pk}/role/"
    assert client_for(partner).post(url, form_data(load(firm, engagement))).status_code == 302
    role = load(firm, engagement)
    assert role.edited_fields == [] and all(r.edited_fields == [] for r in role_rows(role))


def test_the_reporting_line_only_names_the_firms_staff(
    firm, engagement, partner, members, drafted, client_for
):
    with pytest.raises(ValidationError, match="staff"):
        role_update(firm=firm, actor=partner, role=drafted, fields={"assigns_work": members[Role.EXTERNAL]})
    url = f"/f/avery/vetting/engagements/{engagement.pk}/role/"
    bad = client_for(partner).post(url, form_data(load(firm, engagement), core_hours_end="09:00"))
    assert bad.status_code == 400 and "must end after they start" in bad.content.decode()


def test_without_an_audit_the_partner_ticks_from_the_task_categories(firm, engagement, partner, client_for):
    url = f"/f/avery/vetting/engagements/{engagement.pk}/role/"
    page = client_for(partner).get(url).content.decode()
    assert "No audit figures for this engagement yet" in page and 'value="transcription"' in page
    client_for(partner).post(url + "categories/", {"categories": ["transcription", "billing_time_entry"]})
    rows = role_rows(load(firm, engagement))
    assert [(r.category, r.hours_per_week) for r in rows] == [
        ("transcription", D("0.00")),
        ("billing_time_entry", D("0.00")),
    ]
    assert load(firm, engagement).drafted_from.startswith("No audit yet")


def test_the_onboarding_plan_can_take_the_roles_categories_and_turnaround_targets(
    firm, engagement, partner, drafted
):
    role_update(
        firm=firm,
        actor=partner,
        role=drafted,
        categories=[
            {"category": "e_filing", "turnaround": "within 4 hours"},
            *[{"category": c} for c in TICKED[:2]],
        ],
    )
    with firm_scope(firm):
        delegated = role_delegated_categories(firm=firm, engagement=engagement)
        targets = role_turnaround_targets(firm=firm, engagement=engagement)
    assert [c.category for c in delegated] == ["e_filing", "deposition_summaries", "discovery_drafting"]
    assert targets["e_filing"] == "within 4 hours"
    assert targets["discovery_drafting"] == "first draft in 2 business days"


def test_an_engagement_has_one_role_and_redrafting_it_reuses_the_row(firm, engagement, partner, drafted):
    again = role_draft(firm=firm, actor=partner, engagement=engagement)
    assert not again.created and again.role.pk == drafted.pk
    with firm_scope(firm):
        assert RoleDefinition.objects.count() == 1 and RoleCategory.objects.count() == 3
