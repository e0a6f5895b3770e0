"""Bad input gets a clear message naming the field, and nothing is half-saved."""

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from firmops.tenancy import firm_scope
from performance import services
from performance.models import HourEntry, Matter, SurveyResponse, WorkItem
from tests.performance.factories import select_professional

NOW = datetime(2026, 2, 11, 17, tzinfo=UTC)


@pytest.fixture
def pro(firm, engagement):
    return select_professional(firm, engagement).professional


def count(firm, model) -> int:
    with firm_scope(firm):
        return model.objects.count()


@pytest.mark.parametrize("hours", ["-1", "24.5", "abc"])
def test_hours_outside_0_to_24_for_a_day_are_refused_naming_hours(firm, engagement, members, hours):
    with pytest.raises(ValidationError) as exc:
        services.hour_entry_create(
            firm=firm,
            actor=members["attorney"],
            engagement=engagement,
            hours=hours,
            worked_on=date(2026, 2, 10),
            now=NOW,
        )
    assert list(exc.value.message_dict) == ["hours"]
    assert count(firm, HourEntry) == 0


def test_a_second_entry_that_would_make_a_day_longer_than_24_hours_is_refused(firm, engagement, members):
    attorney = members["attorney"]
    services.hour_entry_create(
        firm=firm, actor=attorney, engagement=engagement, hours="20", worked_on=date(2026, 2, 10), now=NOW
    )
    with pytest.raises(ValidationError) as exc:
        services.hour_entry_create(
            firm=firm, actor=attorney, engagement=engagement, hours="5", worked_on=date(2026, 2, 10), now=NOW
        )
    assert "would make 25 h in one day" in exc.value.message_dict["hours"][0]
    assert count(firm, HourEntry) == 1


def test_an_attorney_logs_only_their_own_hours_and_ops_logs_anyones(firm, engagement, members):
    with pytest.raises(ValidationError) as exc:
        services.hour_entry_create(
            firm=firm,
            actor=members["attorney"],
            engagement=engagement,
            attorney=members["partner"],
            hours="2",
            now=NOW,
        )
    assert "attorney" in exc.value.message_dict
    entry = services.hour_entry_create(
        firm=firm,
        actor=members["ops"],
        engagement=engagement,
        attorney=members["partner"],
        hours="2",
        now=NOW,
    )
    assert entry.attorney == members["partner"] and entry.logged_by == members["ops"]


def test_the_quick_log_page_shows_the_hours_error_by_its_field_and_saves_nothing(
    firm, engagement, members, client_for
):
    page = client_for(members["attorney"]).post(
        f"/f/avery/performance/engagements/{engagement.pk}/hours/", {"worked_on": "2026-02-10", "hours": "30"}
    )
    assert page.status_code == 400
    assert "Hours: Ensure this value is less than or equal to 24" in page.content.decode()
    assert re.search(r'<form[^>]*/hours/" novalidate>', page.content.decode())  # no popup instead of it
    assert count(firm, HourEntry) == 0


def test_the_quick_log_saves_an_entry_and_says_so(firm, engagement, members, client_for):
    page = client_for(members["attorney"]).post(
        f"/f/avery/performance/engagements/{engagement.pk}/hours/",
        {"worked_on": "2026-02-10", "hours": "3.5", "category": "legal_research"},
        follow=True,
    )
    assert "Logged 3.50 h for" in page.content.decode()
    with firm_scope(firm):
        entry = HourEntry.objects.get()
    assert (entry.hours, entry.category, entry.attorney) == (
        Decimal("3.50"),
        "legal_research",
        members["attorney"],
    )


def test_a_delivery_before_its_assignment_is_refused_naming_delivered_at(firm, engagement, pro, members):
    with pytest.raises(ValidationError) as exc:
        services.work_item_create(
            firm=firm,
            actor=members["paralegal"],
            engagement=engagement,
            title="Summarise deposition",
            category="deposition_summaries",
            assigned_at=datetime(2026, 2, 10, tzinfo=UTC),
            delivered_at=datetime(2026, 2, 9, tzinfo=UTC),
            now=NOW,
        )
    assert "A delivery cannot come before its assignment" in exc.value.message_dict["delivered_at"][0]
    assert count(firm, WorkItem) == 0


def test_more_work_hours_than_fit_between_assignment_and_delivery_are_refused(firm, engagement, pro, members):
    with pytest.raises(ValidationError) as exc:
        services.work_item_create(
            firm=firm,
            actor=None,
            engagement=engagement,
            title="Review",
            category="document_review",
            hours=30,
            assigned_at=datetime(2026, 2, 10, 9, tzinfo=UTC),
            delivered_at=datetime(2026, 2, 10, 18, tzinfo=UTC),
            now=NOW,
        )
    assert "hours" in exc.value.message_dict


def test_the_api_refuses_a_delivery_before_assignment_with_a_400_naming_the_field(
    firm, engagement, pro, members, client_for
):
    client = client_for(members["paralegal"])
    url = "/api/v1/firms/avery/performance/work-items/"
    response = client.post(
        url,
        {
            "engagement": engagement.pk,
            "title": "Draft RFPs",
            "category": "discovery_drafting",
            "assigned_at": "2026-02-10T15:00:00Z",
            "delivered_at": "2026-02-10T14:00:00Z",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "delivered_at" in response.json()
    assert count(firm, WorkItem) == 0
    ok = client.post(
        url,
        {
            "engagement": engagement.pk,
            "title": "Draft RFPs",
            "category": "discovery_drafting",
            "assigned_at": "2026-02-10T15:00:00Z",
            "delivered_at": "2026-02-11T15:00:00Z",
            "hours": "6",
        },
        content_type="application/json",
    )
    assert (
        ok.status_code == 201
        and ok.json()["turnaround_hours"] == "24.00"
        and ok.json()["professional_name"] == "Elena Novak"
    )


def test_an_unknown_category_is_refused_naming_category(firm, engagement, pro):
    with pytest.raises(ValidationError) as exc:
        services.work_item_create(
            firm=firm, actor=None, engagement=engagement, title="x", category="coffee_runs", now=NOW
        )
    assert "category" in exc.value.message_dict


@pytest.mark.parametrize("score", [0, 6, "five"])
def test_a_survey_score_outside_1_to_5_is_refused_naming_score(firm, engagement, score):
    with firm_scope(firm):
        matter = Matter.objects.create(
            firm=firm, engagement=engagement, reference="M-1", name="Smith", intake_on=date(2026, 1, 5)
        )
    with pytest.raises(ValidationError) as exc:
        services.survey_create(
            firm=firm, actor=None, engagement=engagement, matter=matter, score=score, now=NOW
        )
    assert list(exc.value.message_dict) == ["score"]
    assert count(firm, SurveyResponse) == 0


def test_the_survey_page_names_the_score_field(firm, engagement, members, client_for):
    with firm_scope(firm):
        matter = Matter.objects.create(
            firm=firm, engagement=engagement, reference="M-1", name="Smith", intake_on=date(2026, 1, 5)
        )
    page = client_for(members["ops"]).post(
        f"/f/avery/performance/engagements/{engagement.pk}/surveys/", {"matter": matter.pk, "score": "9"}
    )
    assert "Score: A survey score is 1 to 5; got 9." in page.content.decode()
    assert count(firm, SurveyResponse) == 0


def test_a_matter_resolved_before_its_intake_is_refused_naming_resolved_on(firm, engagement):
    with pytest.raises(ValidationError) as exc:
        services.matter_create(
            firm=firm,
            actor=None,
            engagement=engagement,
            reference="M-9",
            name="Doe",
            intake_on=date(2026, 2, 1),
            resolved_on=date(2026, 1, 1),
            now=NOW,
        )
    assert "resolved_on" in exc.value.message_dict
    assert count(firm, Matter) == 0


CSV_BAD = """date,attorney,hours,description,category
2026-02-09,attorney@avery.test,3,Scheduling,calendar_scheduling
2026-02-10,attorney@avery.test,25,Filing,e_filing
2026-02-10,nobody@elsewhere.test,2,,
02/11/2026,partner@avery.test,1.5,,not_a_category
2026-02-12,partner@avery.test,2,,
"""


def test_a_csv_with_bad_rows_imports_nothing_and_names_each_bad_row(firm, engagement, members):
    with pytest.raises(services.ImportRejected) as exc:
        services.hour_entries_import(
            firm=firm, actor=members["ops"], engagement=engagement, text=CSV_BAD, now=NOW
        )
    assert [p.as_dict() for p in exc.value.problems] == [
        {"row": 3, "field": "hours", "message": "Hours must be between 0 and 24 for one day; got 25."},
        {
            "row": 4,
            "field": "attorney",
            "message": "nobody@elsewhere.test is not an active attorney or partner of this firm.",
        },
        {"row": 5, "field": "category", "message": "'not_a_category' is not a task category."},
        {"row": 6, "field": "date", "message": "2026-02-12 has not happened yet."},
    ]
    assert exc.value.message_dict["file"] == [
        "4 row(s) have problems; nothing was imported. Fix them and upload again."
    ]
    assert count(firm, HourEntry) == 0


def test_a_csv_whose_rows_add_up_to_more_than_24_hours_in_a_day_is_refused(firm, engagement, members):
    text = "date,attorney,hours\n2026-02-10,attorney@avery.test,14\n2026-02-10,attorney@avery.test,11\n"
    with pytest.raises(services.ImportRejected) as exc:
        services.hour_entries_import(
            firm=firm, actor=members["ops"], engagement=engagement, text=text, now=NOW
        )
    assert [(p.row, p.field) for p in exc.value.problems] == [(3, "hours")]
    assert count(firm, HourEntry) == 0


def test_a_good_csv_imports_every_row(firm, engagement, members):
    text = "\ufeffDate,Attorney,Hours\n2026-02-09,attorney@avery.test,3\n02/10/2026,PARTNER@avery.test,1.25\n"
    assert (
        services.hour_entries_import(
            firm=firm, actor=members["ops"], engagement=engagement, text=text, now=NOW
        )
        == 2
    )
    with firm_scope(firm):
        assert sorted(HourEntry.objects.values_list("worked_on", "hours", "source")) == [
            (date(2026, 2, 9), Decimal("3.00"), "csv"),
            (date(2026, 2, 10), Decimal("1.25"), "csv"),
        ]


def test_the_import_page_reports_bad_rows_in_a_table(firm, engagement, members, client_for):
    upload = io.BytesIO(CSV_BAD.replace("2026-02-12", "2026-01-12").encode())
    upload.name = "hours.csv"
    page = client_for(members["ops"]).post(
        f"/f/avery/performance/engagements/{engagement.pk}/hours/import/", {"file": upload}
    )
    body = page.content.decode()
    assert page.status_code == 400
    assert "3 row(s) have problems; nothing was imported." in body
    assert (
        '<td class="num">3</td><td>hours</td><td>Hours must be between 0 and 24 for one day; got 25.</td>'
        in body
    )
    assert count(firm, HourEntry) == 0


def test_the_import_api_returns_the_bad_rows_and_refuses_attorneys(firm, engagement, members, client_for):
    url = "/api/v1/firms/avery/performance/hour-entries/import/"
    denied = client_for(members["attorney"]).post(
        url, {"engagement": engagement.pk, "csv": CSV_BAD}, content_type="application/json"
    )
    assert denied.status_code == 403
    response = client_for(members["ops"]).post(
        url, {"engagement": engagement.pk, "csv": CSV_BAD}, content_type="application/json"
    )
    assert response.status_code == 400
    assert [(r["row"], r["field"]) for r in response.json()["rows"]][:2] == [(3, "hours"), (4, "attorney")]
    assert count(firm, HourEntry) == 0
