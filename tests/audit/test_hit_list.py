"""The hit list: dollars a partner can check by hand, one query, a chart and a CSV that add up."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from audit.selectors import hit_list, hit_list_totals
from audit.services import audit_entry_create, audit_period_open
from firmops.models import Membership, Role
from firmops.tenancy import firm_scope


@pytest.fixture
def logged(firm, members, period):
    """A small week. Rates: partner $500, attorney $400 (one at own $300), paralegal $40, outsourced $40."""
    attorney, paralegal, partner = members[Role.ATTORNEY], members[Role.PARALEGAL], members[Role.PARTNER]
    cheap = members[Role.OPS]  # made an attorney with an own rate below
    with firm_scope(firm):
        Membership.objects.filter(user=cheap).update(role=Role.ATTORNEY, hourly_rate=Decimal("300"))
    day1, day2 = period.starts_on, period.starts_on + dt.timedelta(days=1)
    rows = [
        (attorney, "Summarized Dr. Patel deposition transcript (142 pages)", 90, day1),  # 1.5 h × 360 = 540
        (paralegal, "Summarized deposition of Officer Grant", 120, day2),  # paralegal: no saving
        (partner, "E-filed notice of appearance", 30, day1),  # 0.5 h × 460 = 230
        (
            attorney,
            "E-filed opposition to motion to compel and served opposing counsel",
            60,
            day2,
        ),  # 1 h × 360 = 360
        (attorney, "Negotiated settlement terms with defense counsel", 120, day1),  # core: 0
        (cheap, "Cite-checked MSJ brief and built table of authorities", 45, day2),  # 0.75 h × 260 = 195
    ]
    entries = [
        audit_entry_create(
            firm=firm, actor=member, period=period, description=text, minutes=minutes, performed_on=day
        )
        for member, text, minutes, day in rows
    ]
    assert [e.category for e in entries] == [
        "deposition_summaries", "deposition_summaries", "e_filing", "e_filing", "negotiation",
        "cite_checking",
    ]  # fmt: skip
    return entries


def test_recoverable_dollars_match_a_hand_computation(firm, period, logged):
    with firm_scope(firm):
        rows = hit_list(firm=firm, period=period)
    by = {r.category: r for r in rows}
    assert [r.category for r in rows] == ["e_filing", "deposition_summaries", "cite_checking", "negotiation"]
    assert by["e_filing"].recoverable_weekly == Decimal("590.00")  # 230 + 360
    assert by["e_filing"].recoverable_annual == Decimal("30680.00")  # × 52
    assert by["deposition_summaries"].recoverable_weekly == Decimal("540.00")
    assert by["deposition_summaries"].hours == Decimal("3.50")
    assert by["deposition_summaries"].attorney_hours == Decimal("1.50")
    assert by["deposition_summaries"].attorney_share == Decimal("0.429")  # 90 of 210 minutes
    assert by["deposition_summaries"].days == 2
    assert by["cite_checking"].recoverable_weekly == Decimal("195.00")
    assert (by["negotiation"].bucket, by["negotiation"].recoverable_weekly) == ("core", Decimal("0.00"))
    totals = hit_list_totals(rows)
    assert totals.recoverable_weekly == Decimal("1325.00")
    assert totals.recoverable_annual == Decimal("68900.00")
    assert totals.hours == Decimal("7.75")


def test_a_two_week_period_reports_per_week_and_a_short_one_counts_as_a_week(
    firm, members, partner, engagement, period
):
    attorney = members[Role.ATTORNEY]
    two_weeks = audit_period_open(
        firm=firm,
        actor=partner,
        engagement=engagement,
        starts_on=period.ends_on + dt.timedelta(days=1),
        days=14,
    )
    workweek = audit_period_open(
        firm=firm,
        actor=partner,
        engagement=engagement,
        starts_on=two_weeks.ends_on + dt.timedelta(days=1),
        days=5,
    )
    for p in (two_weeks, workweek):
        audit_entry_create(
            firm=firm, actor=attorney, period=p, description="Summarized Dr. Patel deposition transcript",
            minutes=90, performed_on=p.starts_on,
        )  # fmt: skip
    with firm_scope(firm):
        (row,) = hit_list(firm=firm, period=two_weeks)
    assert (row.recoverable_period, row.recoverable_weekly, row.recoverable_annual) == (
        Decimal("540.00"), Decimal("270.00"), Decimal("14040.00"),
    )  # fmt: skip
    with firm_scope(firm):
        (row,) = hit_list(firm=firm, period=workweek)
    assert row.recoverable_weekly == Decimal("540.00")


def test_an_attorney_cheaper_than_outsourcing_saves_nothing_rather_than_costing(firm, members, period):
    attorney = members[Role.ATTORNEY]
    with firm_scope(firm):
        Membership.objects.filter(user=attorney).update(hourly_rate=Decimal("30"))
    audit_entry_create(
        firm=firm, actor=attorney, period=period, description="E-filed notice of appearance", minutes=60
    )
    with firm_scope(firm):
        (row,) = hit_list(firm=firm, period=period)
    assert row.recoverable_weekly == Decimal("0.00")


def test_the_hit_list_is_one_database_query(firm, period, logged, django_assert_num_queries):
    with firm_scope(firm):
        with django_assert_num_queries(1):
            rows = hit_list(firm=firm, period=period)
    assert len(rows) == 4


def test_partner_sees_the_ranked_hit_list_with_a_chart_and_no_cdn(client_for, partner, firm, period, logged):
    response = client_for(partner).get(f"/f/avery/audit/periods/{period.pk}/hit-list/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        html.index("E-filing &amp; service")
        < html.index("Deposition summaries")
        < html.index("Cite checking")
    )
    assert "<svg" in html and "<rect" in html
    chart = html.split('class="hit-bars"', 1)[1].split("</ol>", 1)[0]
    assert "E-filing &amp; service</span>" in chart and "…" not in chart  # labels in full; they wrap
    assert "$1,325" in html and "$68,900" in html
    assert (
        f"/f/avery/vetting/engagements/{period.engagement_id}/role/" in html
    )  # issue 10: ticks become the role
    assert "http://" not in html.split("<main", 1)[1] and "https://" not in html.split("<main", 1)[1]


def test_the_hit_list_csv_adds_up_to_the_page_totals(client_for, partner, firm, period, logged):
    response = client_for(partner).get(f"/f/avery/audit/periods/{period.pk}/hit-list.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["category"] for r in rows] == [
        "e_filing",
        "deposition_summaries",
        "cite_checking",
        "negotiation",
    ]
    assert sum(Decimal(r["recoverable_weekly"]) for r in rows) == Decimal("1325.00")
    assert rows[0]["recoverable_annual"] == "30680.00"


@pytest.mark.parametrize("role", [Role.PARALEGAL, Role.ATTORNEY, Role.EXTERNAL])
def test_people_outside_partners_and_ops_cannot_read_the_hit_list(client_for, members, period, role):
    assert client_for(members[role]).get(f"/f/avery/audit/periods/{period.pk}/hit-list/").status_code == 403
