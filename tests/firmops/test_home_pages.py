"""Where each person lands on /f/<firm>/, and the partner's table of every engagement."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.selectors import hit_list, hit_list_totals, latest_period
from audit.services import audit_participants_set, audit_period_open
from firmops.models import Role, Stage
from firmops.tenancy import firm_scope
from onboarding.selectors import plan_for, plan_progress
from performance.templatetags.performance_tags import money, panel_for
from providers.questionnaires.services import questionnaire_send
from tests.firmops.pipeline_data import (
    audit_week,
    engagement_at,
    generate_plan,
    performing_engagement,
)
from tests.firmops.test_pipeline import _provider
from tests.performance.factories import select_professional


def cells_of(page: str, engagement_name: str) -> list[str]:
    """The text of each cell in the dashboard row of one engagement."""
    row = re.search(rf"<tr><th scope=\"row\"><a [^>]*>{re.escape(engagement_name)}</a>(.*?)</tr>", page, re.S)
    assert row, f"no row for {engagement_name}"
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]


# --- where people land ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PARALEGAL, Role.ATTORNEY])
def test_a_participant_lands_on_the_quick_log_during_their_audit_week(
    role, members, client_for, firm, partner, engagement
):
    period = audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=firm.today() - dt.timedelta(days=1)
    )
    client = client_for(members[role])
    response = client.get("/f/avery/")
    assert response.status_code == 302 and response["Location"] == f"/f/avery/audit/periods/{period.pk}/log/"
    assert client.get(response["Location"]).status_code == 200
    overview = client.get("/f/avery/?overview=1")  # the dashboard stays reachable
    assert overview.status_code == 200 and "Log today&#x27;s tasks" in overview.content.decode()


def test_a_paralegal_who_is_not_asked_to_log_sees_the_dashboard(
    members, client_for, firm, partner, engagement
):
    period = audit_period_open(firm=firm, actor=partner, engagement=engagement, starts_on=firm.today())
    audit_participants_set(firm=firm, actor=partner, period=period, users=[partner])
    assert client_for(members[Role.PARALEGAL]).get("/f/avery/").status_code == 200


def test_after_the_audit_week_the_paralegal_sees_an_empty_state_that_says_what_comes(
    members, client_for, firm, partner, engagement
):
    audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=firm.today() - dt.timedelta(days=9)
    )
    page = client_for(members[Role.PARALEGAL]).get("/f/avery/").content.decode()
    assert "When a partner opens an audit week you land straight on the quick log" in page


def test_ops_lands_on_their_queue_of_questionnaires_and_packs(members, client_for, firm, partner):
    ops = members[Role.OPS]
    vetting = engagement_at(firm, partner, "Vetting now", Stage.VETTING)
    questionnaire_send(
        firm=firm, actor=ops, provider=_provider(firm, vetting, "Meridian Legal"), notify=False
    )
    _provider(firm, vetting, "Apex Offshore")
    onboarding = engagement_at(firm, partner, "Onboarding now", Stage.ONBOARDING)
    select_professional(firm, onboarding)
    generate_plan(firm, partner, onboarding)
    page = client_for(ops).get("/f/avery/").content.decode()
    assert "Your queue" in page and "data-next-action" in page
    for label in (
        "Send the questionnaire to 1 provider",
        "1 questionnaire unanswered — send reminder",
        "Export the onboarding pack",
    ):
        assert label in page, label


def test_an_empty_queue_says_what_fills_it(members, client_for, firm):
    page = client_for(members[Role.OPS]).get("/f/avery/").content.decode()
    assert "Your queue is empty: no CSV to import, no questionnaire to send or chase" in page


def test_the_outsourced_professional_lands_on_their_plan(members, client_for, firm, partner):
    external = members[Role.EXTERNAL]
    engagement = engagement_at(firm, partner, "Elena's engagement", Stage.ONBOARDING)
    select_professional(firm, engagement, user=external)
    generate_plan(firm, partner, engagement)
    response = client_for(external).get("/f/avery/")
    assert response.status_code == 302
    assert response["Location"] == f"/f/avery/onboarding/engagements/{engagement.pk}/"
    plan_page = client_for(external).get(response["Location"]).content.decode()
    assert "Confirm your working hours" in plan_page


def test_an_unassigned_professional_sees_what_will_appear(members, client_for, engagement):
    page = client_for(members[Role.EXTERNAL]).get("/f/avery/").content.decode()
    assert "has not assigned you to an engagement yet" in page


# --- the partner's table ---------------------------------------------------------------------------


def test_the_partner_table_shows_each_phase_figure_and_links_to_it(
    client_for, firm, partner, members, other_firm, other_partner
):
    attorney = members[Role.ATTORNEY]
    performing = performing_engagement(firm, partner, attorney, "Scaling up")
    auditing = engagement_at(firm, partner, "Just started")
    performing_engagement(other_firm, other_partner, other_partner, "Blackwood secret engagement")
    page = client_for(partner).get("/f/avery/").content.decode()

    with firm_scope(firm):
        period = latest_period(firm=firm, engagement=performing)
        recoverable = hit_list_totals(hit_list(firm=firm, period=period)).recoverable_annual
        progress = plan_progress(firm=firm, plan=plan_for(firm=firm, engagement=performing))
        roi = panel_for(firm=firm, engagement=performing).roi_net
    stage, rec, provider, onboarding, roi_cell, signals = cells_of(page, "Scaling up")
    assert stage == "Performing"
    assert rec == f"${recoverable:,.0f} 2 tasks" and recoverable == Decimal("249600.00")
    assert provider.startswith("Pro of Scaling up Provider Pro of Scaling up · score ")
    assert onboarding.startswith(
        f"{progress['percent']}% done {progress['done']} of {progress['total']} items"
    )
    assert roi_cell.startswith(money(roi)) and roi != 0
    assert signals == "1"
    assert cells_of(page, "Just started")[:2] == ["Audit", "No audit yet"]
    for href in (
        f"/f/avery/audit/periods/{period.pk}/hit-list/",
        f"/f/avery/vetting/engagements/{performing.pk}/",
        f"/f/avery/onboarding/engagements/{performing.pk}/",
        f"/f/avery/performance/engagements/{performing.pk}/",
        f"/f/avery/performance/engagements/{performing.pk}/signals/",
        f"/f/avery/audit/periods/new/?engagement={auditing.pk}",
    ):
        assert f'href="{href}"' in page, href
    assert "Blackwood" not in page
    stages = {
        label: n for n, label in re.findall(r'<span class="stat-n">(\d+)</span><span>(\w+)</span>', page)
    }
    assert stages == {"Audit": "1", "Vetting": "0", "Onboarding": "0", "Performing": "1", "Closed": "0"}


def test_the_partner_table_counts_only_this_firms_rows(
    client_for, firm, partner, members, other_firm, other_partner
):
    """Another firm's entries, signals and selections on engagements with the same shape never add up here."""
    engagement = engagement_at(firm, partner, "Ours")
    audit_week(firm, engagement, members[Role.ATTORNEY], starts_on=firm.today() - dt.timedelta(days=10))
    theirs = engagement_at(other_firm, other_partner, "Theirs")
    audit_week(
        other_firm, theirs, other_partner, starts_on=firm.today() - dt.timedelta(days=10), minutes=1200
    )
    page = client_for(partner).get("/f/avery/").content.decode()
    assert cells_of(page, "Ours")[1] == "$249,600 2 tasks"
    assert "Theirs" not in page


def _dashboard_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/f/avery/").status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_the_partner_dashboard_costs_the_same_queries_for_2_and_6_engagements(
    client_for, firm, partner, members, django_assert_max_num_queries
):
    attorney = members[Role.ATTORNEY]
    for n in range(2):
        performing_engagement(firm, partner, attorney, f"Engagement {n}")
    client = client_for(partner)
    client.get("/f/avery/")  # the session's first visit writes the remembered firm
    with CaptureQueriesContext(connection) as ctx:
        client.get("/f/avery/")
    two = len(ctx.captured_queries)
    for n in range(2, 6):
        performing_engagement(firm, partner, attorney, f"Engagement {n}")
    with django_assert_max_num_queries(two):
        page = client.get("/f/avery/").content.decode()
    assert all(f"Engagement {n}" in page for n in range(6))
    # Issue 9's budget counts statements that reach the data; savepoints are transaction bookkeeping.
    data = [q for q in _dashboard_queries(client) if not re.match(r"(RELEASE )?SAVEPOINT", q)]
    assert len(data) <= 15, "\n".join(data)
