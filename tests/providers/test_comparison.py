"""Comparison, adjustments, working-hours overlap and the model hint: what a partner reads before choosing."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditPeriod, Bucket, TaskEntry
from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.models import Answer, ProviderModel
from providers.selection.guidance import fit_hint, overlap_hours
from providers.selection.selectors import comparison


def test_the_comparison_ranks_the_provider_who_answered_with_substance_above_the_buzzword_one(
    firm, engagement, platform, lpo, answered, substance, buzzwords, client_for, members
):
    answered(lpo, buzzwords)
    answered(platform, substance)
    with firm_scope(firm):
        result = comparison(firm=firm, engagement=engagement)
    assert [c.provider.name for c in result.columns] == ["Meridian Legal Talent", "Apex Offshore"]
    best, worst = result.columns
    assert best.rank == 1 and worst.rank == 2 and best.total > worst.total + 50
    assert best.vague_count == 0 and worst.vague_count == len(result.rows) == 7

    page = client_for(members[Role.ATTORNEY]).get(f"/f/avery/vetting/engagements/{engagement.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index("Meridian Legal Talent") < body.index("Apex Offshore")
    assert "highest score" in body and "7 vague" in body
    assert "NDA before access" in body  # elements found and missing are shown beside the scores

    api = client_for(members[Role.PARALEGAL]).get(
        f"/api/v1/firms/avery/vetting/engagements/{engagement.pk}/comparison/"
    )
    assert api.status_code == 200
    columns = api.json()["columns"]
    assert [c["provider"]["name"] for c in columns] == ["Meridian Legal Talent", "Apex Offshore"]
    assert columns[0]["rank"] == 1 and columns[1]["vague_count"] == 7


def test_a_reviewer_adjusts_a_score_with_a_comment_and_the_weighted_total_follows(
    firm, lpo, answered, buzzwords, client_for, ops, members
):
    questionnaire = answered(lpo, buzzwords)
    with firm_scope(firm):
        answer = Answer.objects.get(questionnaire=questionnaire, question_key="references")
    before = questionnaire.total_score
    response = client_for(ops).post(
        f"/f/avery/vetting/answers/{answer.pk}/adjust/",
        {f"a{answer.pk}-score": 60, f"a{answer.pk}-comment": "Named two firms on our call; checked."},
    )
    assert response.status_code == 302
    with firm_scope(firm):
        answer.refresh_from_db()
        questionnaire.refresh_from_db()
        history = list(
            answer.adjustments.values_list("from_score", "to_score", "adjusted_by__email", "comment")
        )
    assert answer.effective_score == 60 and answer.score == 0
    assert history == [(0, 60, "ops@avery.test", "Named two firms on our call; checked.")]
    assert questionnaire.total_score > before
    page = client_for(members[Role.PARTNER]).get(f"/f/avery/vetting/questionnaires/{questionnaire.pk}/")
    assert (
        "adjusted from 0" in page.content.decode() and "Named two firms on our call" in page.content.decode()
    )


def test_an_attorney_reads_the_scores_but_cannot_adjust_them(
    firm, lpo, answered, buzzwords, client_for, members
):
    questionnaire = answered(lpo, buzzwords)
    with firm_scope(firm):
        answer = Answer.objects.get(questionnaire=questionnaire, question_key="references")
    attorney = client_for(members[Role.ATTORNEY])
    assert attorney.get(f"/f/avery/vetting/questionnaires/{questionnaire.pk}/").status_code == 200
    refused = attorney.post(
        f"/api/v1/firms/avery/vetting/answers/{answer.pk}/adjust/",
        {"score": 99, "comment": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    with firm_scope(firm):
        answer.refresh_from_db()
    assert answer.effective_score == 0


def test_an_adjustment_needs_a_comment(firm, lpo, answered, buzzwords, client_for, ops):
    questionnaire = answered(lpo, buzzwords)
    with firm_scope(firm):
        answer = Answer.objects.get(questionnaire=questionnaire, question_key="references")
    response = client_for(ops).post(
        f"/api/v1/firms/avery/vetting/answers/{answer.pk}/adjust/",
        {"score": 80, "comment": " "},
        content_type="application/json",
    )
    assert response.status_code == 400


WINTER = datetime.date(2026, 1, 14)
DST_GAP = datetime.date(2026, 3, 15)  # the US has moved its clocks, the UK not yet


@pytest.mark.parametrize(
    ("zone", "start", "end", "on", "hours"),
    [
        ("America/Chicago", "09:00", "17:00", WINTER, "8.0"),  # same zone as the firm below
        ("America/Denver", "09:00", "17:00", WINTER, "7.0"),
        ("Asia/Kolkata", "10:00", "18:00", WINTER, "0.0"),  # an offshore day shift misses the US day
        ("Asia/Kolkata", "20:30", "04:30", WINTER, "8.0"),  # a night shift past midnight covers it
        ("Europe/London", "09:00", "17:00", WINTER, "2.0"),
        ("Europe/London", "09:00", "17:00", DST_GAP, "3.0"),  # daylight saving moves the overlap
    ],
)
def test_working_hours_overlap_with_the_firms_core_hours_is_computed_per_date(
    firm, zone, start, end, on, hours
):
    firm.time_zone = "America/Chicago"
    firm.core_hours_start, firm.core_hours_end = datetime.time(9), datetime.time(17)
    overlap = overlap_hours(
        firm=firm,
        time_zone=zone,
        work_start=datetime.time.fromisoformat(start),
        work_end=datetime.time.fromisoformat(end),
        on=on,
    )
    assert overlap == Decimal(hours)


def _log(firm, engagement, performer, category: str, hours: int, days: int = 5) -> None:
    with firm_scope(firm):
        period = AuditPeriod.objects.filter(engagement=engagement).first() or AuditPeriod.objects.create(
            firm=firm, engagement=engagement, starts_on=datetime.date(2026, 3, 2), days=7
        )
        for day in range(days):
            TaskEntry.objects.create(
                firm=firm,
                period=period,
                performer=performer,
                performer_role=Role.ATTORNEY,
                hourly_cost=Decimal("400"),
                description=category,
                minutes=hours * 60 // days,
                performed_on=period.starts_on + datetime.timedelta(days=day),
                bucket=Bucket.OUTSOURCEABLE,
                category=category,
                reason="test",
            )


def test_one_dominant_high_volume_review_category_suggests_a_traditional_lpo(firm, engagement, members):
    _log(firm, engagement, members[Role.ATTORNEY], "document_review", 40)
    _log(firm, engagement, members[Role.ATTORNEY], "e_filing", 3)
    with firm_scope(firm):
        hint = fit_hint(firm=firm, engagement=engagement)
    assert hint.model == ProviderModel.TRADITIONAL_LPO
    assert "Document review" in hint.reasons[0] and "93%" in hint.reasons[0]


def test_specialised_work_across_several_categories_suggests_a_talent_platform(firm, engagement, members):
    for category, hours in (
        ("discovery_drafting", 6),
        ("medical_summaries", 5),
        ("e_filing", 4),
        ("document_review", 4),
    ):
        _log(firm, engagement, members[Role.ATTORNEY], category, hours)
    with firm_scope(firm):
        hint = fit_hint(firm=firm, engagement=engagement)
    assert hint.model == ProviderModel.TALENT_PLATFORM
    assert any("4 kinds of task" in r for r in hint.reasons)
    assert any("Discovery drafting" in r for r in hint.reasons)


def test_without_an_audit_the_hint_says_what_to_do_first(firm, engagement):
    with firm_scope(firm):
        hint = fit_hint(firm=firm, engagement=engagement)
    assert hint.model == "" and "audit" in hint.reasons[0]


def test_the_add_provider_page_shows_the_model_comparison_and_the_audits_hint(
    firm, engagement, members, client_for
):
    _log(firm, engagement, members[Role.ATTORNEY], "document_review", 40)
    page = client_for(members[Role.OPS]).get(f"/f/avery/vetting/providers/new/?engagement={engagement.pk}")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Talent platform or traditional LPO?" in body
    for feature in ("Selection process", "Relationship", "Flexibility", "Talent pool", "Ideal for"):
        assert feature in body
    assert "a traditional LPO fits" in body
