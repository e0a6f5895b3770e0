"""The performance API: the same figures, rules and roles as the pages."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from firmops.tenancy import firm_scope
from performance import checkins as svc
from performance.models import CheckIn, Matter, ScalingSignal
from tests.firmops.fuzz_support import api_schema
from tests.performance.factories import audit_baseline, delivered, hours, plan, select_professional

API = "/api/v1/firms/avery/performance"


@pytest.fixture
def selection(firm, engagement, members):
    with firm_scope(firm):
        engagement.external_user = members["external"]
        engagement.save(update_fields=["external_user"])
    return select_professional(firm, engagement, user=members["external"])


def test_the_summary_endpoint_returns_the_dashboard_figures(firm, engagement, selection, members, client_for):
    now = timezone.now()
    audit_baseline(firm, engagement, members["attorney"], weekly_hours=20)
    plan(firm, engagement, (now - timedelta(weeks=3)).date())
    last_monday = now.date() - timedelta(days=now.weekday() + 7)
    hours(firm, engagement, members["attorney"], last_monday, 8)
    delivered(
        firm, engagement, selection.professional, assigned=now - timedelta(days=9), turnaround_h=24, hours=10
    )
    body = client_for(members["partner"]).get(f"{API}/engagements/{engagement.pk}/summary/").json()
    assert body["baseline_hours_per_week"] == "20.00"
    assert body["roi"]["basis"] == "baseline"
    assert (
        body["turnaround"][0]["category"] == "document_review"
        and body["turnaround"][0]["avg_hours"] == "24.00"
    )
    assert body["utilisation"][0]["name"] == "Elena Novak"
    assert len(body["weeks"]) == 12


def test_the_outsourced_professional_sees_only_their_own_work_and_check_ins(
    firm, engagement, selection, members, client_for
):
    other = select_professional(firm, engagement, name="Someone Else").professional
    mine = delivered(
        firm,
        engagement,
        selection.professional,
        assigned=datetime(2026, 2, 2, tzinfo=UTC),
        turnaround_h=5,
        hours=1,
    )
    delivered(firm, engagement, other, assigned=datetime(2026, 2, 2, tzinfo=UTC), turnaround_h=5, hours=1)
    client = client_for(members["external"])
    items = client.get(f"{API}/work-items/").json()["results"]
    assert [i["id"] for i in items] == [mine.pk]
    assert client.get(f"{API}/engagements/{engagement.pk}/summary/").status_code == 403
    assert client.post(f"{API}/work-items/", {}, content_type="application/json").status_code == 403
    assert client.get(f"{API}/check-ins/").status_code == 200
    assert client.get(f"{API}/engagements/{engagement.pk}/check-ins.ics").status_code == 200


def test_check_ins_are_scheduled_written_up_and_moved_through_the_api(
    firm, engagement, selection, members, client_for
):
    client = client_for(members["partner"])
    began = timezone.localdate() - timedelta(days=15)
    scheduled = client.post(
        f"{API}/check-ins/schedule/",
        {"engagement": engagement.pk, "began_on": began.isoformat()},
        content_type="application/json",
    )
    assert scheduled.status_code == 200
    assert [c["sequence"] for c in scheduled.json()] == [
        2,
        3,
    ]  # number 1 fell yesterday: nothing is scheduled in the past
    svc.checkins_schedule(firm=firm, engagement=engagement, since=timezone.now() - timedelta(days=30))
    with firm_scope(firm):
        first = CheckIn.objects.get(sequence=1)
    record = client.post(
        f"{API}/check-ins/{first.pk}/record/",
        {"what_working": "Fast drafts", "new_actions": ["Share templates"]},
        content_type="application/json",
    )
    assert record.status_code == 200 and record.json()["status"] == "done"
    second = client.get(f"{API}/check-ins/?engagement={engagement.pk}").json()["results"][1]
    assert [a["text"] for a in second["carried_actions"]] == ["Share templates"]
    past = client.post(
        f"{API}/check-ins/{second['id']}/move/",
        {"scheduled_at": "2020-01-01T10:00:00Z"},
        content_type="application/json",
    )
    assert past.status_code == 400 and "scheduled_at" in past.json()


def test_partners_acknowledge_signals_through_the_api_and_others_cannot(
    firm, engagement, selection, members, client_for
):
    with firm_scope(firm):
        signal = ScalingSignal.objects.create(
            firm=firm, engagement=engagement, kind="bottleneck", key="k", title="t"
        )
    assert client_for(members["ops"]).post(f"{API}/signals/{signal.pk}/acknowledge/").status_code == 403
    response = client_for(members["partner"]).post(f"{API}/signals/{signal.pk}/acknowledge/")
    assert response.status_code == 200 and response.json()["status"] == "acknowledged"
    again = client_for(members["partner"]).post(f"{API}/signals/{signal.pk}/acknowledge/")
    assert again.status_code == 400 and "already acknowledged" in again.json()["status"][0]


def test_evaluate_answers_the_plain_list_of_raised_signals_that_its_schema_documents(
    engagement, members, client_for
):
    """Schemathesis found it: the answer was a list while the schema promised a page (count, results)."""
    response = client_for(members["partner"]).post(f"{API}/engagements/{engagement.pk}/evaluate/")
    assert response.status_code == 200 and response.json() == []
    operation = api_schema()["paths"][
        "/api/v1/firms/{firm_slug}/performance/engagements/{engagement_id}/evaluate/"
    ]["post"]
    documented = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert documented == {"type": "array", "items": {"$ref": "#/components/schemas/SignalOut"}}


def test_matters_and_surveys_through_the_api_name_the_bad_field(firm, engagement, members, client_for):
    client = client_for(members["ops"])
    matter = client.post(
        f"{API}/matters/",
        {"engagement": engagement.pk, "reference": "M-1", "name": "Smith", "intake_on": "2026-01-05"},
        content_type="application/json",
    )
    assert matter.status_code == 201
    bad = client.patch(
        f"{API}/matters/{matter.json()['id']}/",
        {"resolved_on": "2025-12-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "resolved_on" in bad.json()
    survey = client.post(
        f"{API}/surveys/",
        {"engagement": engagement.pk, "matter": matter.json()["id"], "score": 7},
        content_type="application/json",
    )
    assert survey.status_code == 400 and survey.json() == {"score": ["A survey score is 1 to 5; got 7."]}
    with firm_scope(firm):
        assert Matter.objects.get().resolved_on is None


def test_an_hour_entry_over_24_is_refused_by_the_api_naming_hours(firm, engagement, members, client_for):
    response = client_for(members["attorney"]).post(
        f"{API}/hour-entries/",
        {"engagement": engagement.pk, "hours": "25", "worked_on": "2026-02-02"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "hours" in response.json()
    ok = client_for(members["attorney"]).post(
        f"{API}/hour-entries/",
        {"engagement": engagement.pk, "hours": "2.5", "worked_on": str(date(2026, 2, 2))},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["source"] == "api"
