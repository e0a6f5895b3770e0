"""The entries list of the API: its count and pages, whoever reads it and however it is filtered.

A partner's count comes from the period rollup rather than a COUNT over the entries (issue 9), so
it is checked against the rows the pages actually return after entries are logged, edited and
deleted, in two periods, on two days, by two people, with another firm's entries beside them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.services import audit_entry_create, audit_entry_delete, audit_entry_update, audit_period_open
from firmops.models import Role

API = "/api/v1/firms/avery/audit/entries/"


@pytest.fixture
def logged(firm, members, partner, engagement, period, today, other_firm, other_partner, other_engagement):
    """Entries in this week's period and last month's, the week's partly edited or deleted."""
    earlier = audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=today - dt.timedelta(days=40), days=7
    )
    yesterday = today - dt.timedelta(days=1)
    paralegal, attorney = members[Role.PARALEGAL], members[Role.ATTORNEY]
    log = []
    for n, (who, day) in enumerate([(paralegal, today), (paralegal, yesterday), (attorney, today)] * 3):
        log.append(
            audit_entry_create(
                firm=firm, actor=who, period=period, description=f"Drafted RFPs set {n}", minutes=10 + n,
                performed_on=day,
            )
        )  # fmt: skip
    audit_entry_create(
        firm=firm, actor=paralegal, period=earlier, description="E-filed notice", minutes=6,
        performed_on=earlier.starts_on,
    )  # fmt: skip
    audit_entry_update(firm=firm, actor=partner, entry=log[0], performed_on=yesterday)
    audit_entry_delete(firm=firm, actor=partner, entry=log[1])
    other = audit_period_open(
        firm=other_firm, actor=other_partner, engagement=other_engagement, starts_on=today
    )
    audit_entry_create(
        firm=other_firm, actor=other_partner, period=other, description="Drafted RFPs", minutes=5,
        performed_on=today,
    )  # fmt: skip
    return {"period": period, "earlier": earlier, "today": today, "yesterday": yesterday}


def _walk(client, query: str) -> tuple[int, list[dict]]:
    """The first page's count and every row, following `next` three at a time."""
    page = client.get(f"{API}?{query}&limit=3").json()
    count, rows = page["count"], list(page["results"])
    while page["next"]:
        page = client.get(page["next"]).json()
        assert page["count"] == count
        rows += page["results"]
    return count, rows


@pytest.mark.parametrize("role", [Role.PARTNER, Role.OPS, Role.PARALEGAL])
def test_the_count_is_the_number_of_rows_the_pages_hold_for_every_filter(client_for, members, logged, role):
    client = client_for(members[role])
    day = f"{logged['yesterday']:%Y-%m-%d}"
    mine = members[role].email
    queries = {
        f"period={logged['period'].pk}": 8 if role != Role.PARALEGAL else 5,
        f"period={logged['earlier'].pk}": 1,
        f"period={logged['period'].pk}&performed_on={day}": 3,  # all the paralegal's
        f"performed_on={day}": 3,
        "period=999999": 0,
        f"period={logged['period'].pk}&performer=attorney@avery.test": 3 if role != Role.PARALEGAL else 0,
        f"performer={mine}": {Role.PARALEGAL: 6}.get(role, 0),
        "": 9 if role != Role.PARALEGAL else 6,
    }
    for query, expected in queries.items():
        count, rows = _walk(client, query)
        assert (count, len(rows), len({r["id"] for r in rows})) == (expected, expected, expected), query
        newest_first = [(r["performed_on"], r["id"]) for r in rows]
        assert [d for d, _ in newest_first] == sorted((d for d, _ in newest_first), reverse=True), query


def test_a_malformed_day_is_still_a_400(client_for, partner, logged):
    response = client_for(partner).get(f"{API}?period={logged['period'].pk}&performed_on=yesterday")
    assert response.status_code == 400 and response.json() == {"performed_on": ["Use YYYY-MM-DD."]}


def test_a_partners_period_list_does_not_count_the_periods_entries(client_for, partner, logged):
    """The count is a sum over the period's rollup rows, not a COUNT(*) over its entries."""
    client = client_for(partner)
    client.get(f"{API}?period={logged['period'].pk}")  # warm: the session learns the firm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{API}?period={logged['period'].pk}").json()["count"] == 8
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not any("audit_taskentry" in sql for sql in counts), counts
