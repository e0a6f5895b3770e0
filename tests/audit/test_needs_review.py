"""Tasks the classifier cannot place need a partner's review (issue 16, item 3).

They count in no recoverable dollar until a partner sorts them, are shown apart ("1.5 h not yet
sorted") on the hit list, its CSV and API, the dashboards, and are sorted in one click on the quick
log or the hit list, recording an override that similar entries follow. Rates: attorney $400, partner
$500, paralegal $40, outsourced $40.
"""

from __future__ import annotations

import csv
import importlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from audit.csv_io import audit_entries_import_csv
from audit.models import Bucket, ClassificationOverride, TaskEntry
from audit.selectors import (
    attorney_non_billable_hours_per_week,
    audit_figures_by_engagement,
    baseline_from_hit_list,
    hit_list,
    hit_list_totals,
    latest_hit_list,
)
from audit.services import audit_entry_create, audit_override_set
from firmops.models import Role
from firmops.tenancy import firm_scope

VAGUE = "Handled the Hartley thing"  # no word the classifier knows
API = "/api/v1/firms/avery/audit/"


def _entries(firm):
    with firm_scope(firm):
        return {e.description: e for e in TaskEntry.objects.all()}


@pytest.fixture
def week(firm, members, period):
    """An attorney's 90 minutes it cannot place, beside 60 it can (e-filing: 1 h × $360 = $360)."""
    attorney = members[Role.ATTORNEY]
    log = [
        (VAGUE, 90),
        ("E-filed notice of appearance", 60),
        ("Cross-examined the plaintiff's expert witness", 30),
    ]
    return [
        audit_entry_create(
            firm=firm,
            actor=attorney,
            period=period,
            description=text,
            minutes=m,
            performed_on=period.starts_on,
        )
        for text, m in log
    ]


def test_a_task_it_cannot_place_counts_in_no_dollar_and_is_shown_apart(firm, period, week):
    vague, efiled, cross = week
    assert (vague.bucket, vague.category) == (Bucket.REVIEW, "other")
    assert vague.reason.endswith("needs review: a partner decides core or outsourceable")
    assert cross.bucket == Bucket.CORE  # the held-out miss, no longer recoverable dollars
    with firm_scope(firm):
        rows = hit_list(firm=firm, period=period)
    assert [(r.category, r.bucket, r.recoverable_weekly) for r in rows] == [
        ("e_filing", "outsourceable", Decimal("360.00")),
        ("court_appearance", "core", Decimal("0.00")),
    ]
    assert (rows.unsorted.bucket, rows.unsorted.hours, rows.unsorted.entries) == (
        "review",
        Decimal("1.50"),
        1,
    )
    assert rows.unsorted.recoverable_annual == 0
    totals = hit_list_totals(rows)
    assert (totals.recoverable_weekly, totals.unsorted_hours, totals.hours) == (
        Decimal("360.00"), Decimal("1.50"), Decimal("3.00"),
    )  # fmt: skip


def test_a_partners_decision_moves_the_hours_into_the_dollars_and_similar_entries_follow(
    firm, members, partner, period, week
):
    vague = week[0]
    result = audit_override_set(
        firm=firm, actor=partner, entry=vague, bucket=Bucket.OUTSOURCEABLE, category="other"
    )
    assert result.applied == 1
    with firm_scope(firm):
        rows = hit_list(firm=firm, period=period)
        assert ClassificationOverride.objects.get().pattern == "=handled the hartley thing"
    assert rows.unsorted is None
    assert hit_list_totals(rows).recoverable_weekly == Decimal("900.00")  # + 1.5 h × $360
    later = audit_entry_create(
        firm=firm, actor=members[Role.ATTORNEY], period=period, description="handled the Hartley  thing",
        minutes=10, performed_on=period.starts_on,
    )  # fmt: skip
    assert (later.bucket, later.override_id) == (Bucket.OUTSOURCEABLE, result.override.pk)


def test_a_partner_cannot_decide_that_a_task_needs_review(firm, partner, period, week, client_for):
    with pytest.raises(ValidationError) as refused:
        audit_override_set(firm=firm, actor=partner, entry=week[1], bucket=Bucket.REVIEW, category="e_filing")
    assert refused.value.message_dict["bucket"] == ["Choose one of core, outsourceable."]
    response = client_for(partner).post(
        API + f"entries/{week[1].pk}/override/", {"bucket": "review", "category": "e_filing"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "bucket" in response.json()
    assert _entries(firm)["E-filed notice of appearance"].bucket == Bucket.OUTSOURCEABLE


def test_the_hit_list_page_shows_the_hours_not_yet_sorted_and_a_partner_sorts_one_in_one_click(
    client_for, partner, firm, period, week
):
    client = client_for(partner)
    url = f"/f/avery/audit/periods/{period.pk}/hit-list/"
    html = client.get(url).content.decode()
    assert '1.5 h</span><span><a href="#unsorted">not yet sorted</a>' in html
    assert "Not yet sorted: 1 task, 1.5 h" in html and VAGUE in html
    assert "$360" in html and "$900" not in html
    response = client.post(
        f"/f/avery/audit/entries/{week[0].pk}/override/",
        {"bucket": "outsourceable", "category": "other", "next": url},
    )
    assert (response.status_code, response["Location"]) == (302, url)  # back where the click was
    html = client.get(url).content.decode()
    assert "not yet sorted" not in html and "$900" in html


def test_ops_sees_what_is_not_yet_sorted_but_only_a_partner_sorts_it(client_for, members, period, week):
    client = client_for(members[Role.OPS])
    html = client.get(f"/f/avery/audit/periods/{period.pk}/hit-list/").content.decode()
    assert "Not yet sorted: 1 task" in html and "A partner sorts them." in html
    assert f"/audit/entries/{week[0].pk}/override/" not in html
    response = client.post(
        f"/f/avery/audit/entries/{week[0].pk}/override/", {"bucket": "outsourceable", "category": "other"}
    )
    assert response.status_code == 403
    assert _entries(week[0].firm)[VAGUE].bucket == Bucket.REVIEW


def test_a_one_click_sort_never_sends_the_partner_off_the_site(client_for, partner, period, week):
    response = client_for(partner).post(
        f"/f/avery/audit/entries/{week[0].pk}/override/",
        {"bucket": "core", "category": "other", "next": "https://evil.example/f/avery/"},
    )
    assert response["Location"] == f"/f/avery/audit/periods/{period.pk}/entries/"


def test_the_quick_log_marks_a_task_it_cannot_place_and_offers_partners_the_choice(
    client_for, partner, paralegal, firm, period
):
    day = f"{period.starts_on:%Y-%m-%d}"
    for who in (partner, paralegal):
        response = client_for(who).post(
            f"/f/avery/audit/periods/{period.pk}/log/",
            {"description": VAGUE, "minutes": 20, "performed_on": day},
            HTTP_ACCEPT="application/json",
        )
        body = response.json()
        assert response.status_code == 201
        assert body["message"] == f"Logged 20 min: “{VAGUE}” → needs review: a partner sorts it."
        assert "Needs review" in body["html"]
        buttons = 'name="bucket" value="core"' in body["html"]
        assert buttons is (who == partner)
        if buttons:
            assert f'name="next" value="/f/avery/audit/periods/{period.pk}/log/?day={day}"' in body["html"]


def test_the_entries_page_lists_only_what_needs_review_when_asked(client_for, partner, period, week):
    html = (
        client_for(partner).get(f"/f/avery/audit/periods/{period.pk}/entries/?bucket=review").content.decode()
    )
    assert VAGUE in html and "E-filed notice of appearance" not in html
    assert 'name="bucket" value="outsourceable"' in html


def test_the_csv_and_the_api_give_the_unsorted_row_last_unranked_with_bucket_review(
    client_for, partner, period, week
):
    client = client_for(partner)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/f/avery/audit/periods/{period.pk}/hit-list.csv").content.decode())
        )
    )
    assert [(r["rank"], r["bucket"], r["hours"], r["recoverable_weekly"]) for r in rows] == [
        ("1", "outsourceable", "1.00", "360.00"),
        ("2", "core", "0.50", "0.00"),
        ("", "review", "1.50", "0.00"),
    ]
    body = client.get(API + f"periods/{period.pk}/hit-list/").json()
    assert [(r["category"], r["bucket"]) for r in body["rows"]][-1] == ("other", "review")
    assert (body["totals"]["hours"], body["totals"]["recoverable_weekly"]) == ("3.00", "360.00")
    entry = client.get(API + f"entries/{week[0].pk}/").json()
    assert (entry["bucket"], entry["category_label"]) == ("review", "Other / unrecognised")


def test_export_tasks_writes_review_and_the_file_imports_back(firm, period, week):
    out = io.StringIO()
    call_command("export_tasks", "avery", stdout=out)
    exported = {r["description"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert exported[VAGUE]["bucket"] == "review"
    with firm_scope(firm):
        TaskEntry.objects.all().delete()
    report = audit_entries_import_csv(firm=firm, stream=io.BytesIO(out.getvalue().encode()))
    assert report.ok and report.imported == 3, report.problems
    assert _entries(firm)[VAGUE].bucket == Bucket.REVIEW


def test_the_dashboards_and_the_baseline_read_the_unsorted_hours_and_no_dollars(
    client_for, partner, firm, engagement, period, week
):
    with firm_scope(firm):
        (figures,) = audit_figures_by_engagement(firm=firm, engagement_ids=[engagement.pk]).values()
        _, latest = latest_hit_list(firm=firm, engagement=engagement)
        direct = hit_list(firm=firm, period=period)
        baseline = attorney_non_billable_hours_per_week(firm=firm, period=period)
    assert (figures.entries, figures.unsorted_hours) == (3, Decimal("1.50"))
    assert figures.recoverable_annual == Decimal(
        "18720.00"
    )  # $360 a week × 52: the unsorted 1.5 h add nothing
    assert (latest, latest.unsorted) == (direct, direct.unsorted)
    assert baseline == baseline_from_hit_list(latest, period) == Decimal("3.00")  # unbilled, sorted or not
    html = client_for(partner).get("/f/avery/").content.decode()
    assert "3 tasks, 1.5 h not yet sorted" in html


def test_the_migration_moves_what_the_old_classifier_could_not_place_into_review(firm, members, period):
    """Entries from before said "no known task words … → outsourceable": they leave the dollars."""
    migration = importlib.import_module("audit.migrations.0006_needs_review_bucket")
    entry = audit_entry_create(
        firm=firm, actor=members[Role.ATTORNEY], period=period, description="E-filed notice of appearance",
        minutes=60, performed_on=period.starts_on,
    )  # fmt: skip
    old = "no known task words → Other / unrecognised → outsourceable (low confidence)"
    with firm_scope(firm):
        TaskEntry.objects.filter(pk=entry.pk).update(
            bucket=Bucket.OUTSOURCEABLE, category="other", reason=old
        )
        assert hit_list_totals(hit_list(firm=firm, period=period)).recoverable_weekly == Decimal("360.00")

    class _Editor:
        pass

    editor = _Editor()
    editor.connection = connection
    migration.unplaced_to_review(None, editor)
    with firm_scope(firm):
        moved = TaskEntry.objects.get(pk=entry.pk)
        rows = hit_list(firm=firm, period=period)
    assert (moved.bucket, moved.reason) == (Bucket.REVIEW, migration.NEW_REASON)
    assert (hit_list_totals(rows).recoverable_weekly, rows.unsorted.hours) == (
        Decimal("0.00"),
        Decimal("1.00"),
    )
