"""Bad input across the apps: each gets a 4xx whose message names what is wrong, and changes nothing.

NUL characters, out-of-range integers, oversized bodies, wrong content types, malformed CSV and JSON.
(tests/performance/test_bad_input.py covers the performance services' own checks.)
"""

from __future__ import annotations

import datetime as dt
import io
import json
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command

from audit.models import TaskEntry
from audit.services import audit_period_open
from firmops.models import Engagement, Role
from firmops.tenancy import firm_scope
from providers.models import QuestionnaireTemplate

API = "/api/v1/firms/avery"
BIG = 2**63


@pytest.fixture
def period(firm, members, partner, engagement):
    return audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=dt.date.today(), days=7
    )


def rows(firm, model) -> int:
    with firm_scope(firm):
        return model.objects.count()


def detail(response) -> str:
    return json.dumps(response.json())


def entry_body(audit_period, **overrides) -> dict:
    return {"period": audit_period.pk, "description": "Summarized deposition", "minutes": 30, **overrides}


def form(**fields) -> dict:
    """A classic urlencoded form post (the test client sends multipart unless told otherwise)."""
    return {"data": urlencode(fields), "content_type": "application/x-www-form-urlencoded"}


# --- NUL characters -------------------------------------------------------------------------------


def test_a_nul_in_a_json_text_field_is_refused_and_nothing_is_saved(firm, members, period, client_for):
    response = client_for(members[Role.PARALEGAL]).post(
        f"{API}/audit/entries/",
        entry_body(period, description="Filed\x00 motion"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]
    assert rows(firm, TaskEntry) == 0


def test_a_nul_inside_a_json_document_field_is_refused(firm, members, client_for):
    questions = [{"key": "q\u0000", "text": "Who reviews?", "elements": []}]
    response = client_for(members[Role.OPS]).post(
        f"{API}/vetting/templates/", {"name": "Mine", "questions": questions}, content_type="application/json"
    )
    assert response.status_code == 400 and "NUL character" in response.json()["detail"]
    assert rows(firm, QuestionnaireTemplate) == 0


def test_a_nul_in_a_query_parameter_is_refused_naming_the_parameter(members, client_for):
    response = client_for(members[Role.PARTNER]).get(f"{API}/audit/entries/?performer=a%00b")
    assert response.status_code == 400
    assert response.json()["detail"] == "The query parameter 'performer' contains a NUL character (\\x00)."


def test_a_nul_in_a_page_form_is_refused_and_nothing_is_saved(firm, members, client_for):
    response = client_for(members[Role.PARTNER]).post(
        "/f/avery/engagements/new/", **form(name="New\x00 engagement")
    )
    assert response.status_code == 400 and "NUL character" in response.content.decode()
    assert rows(firm, Engagement) == 0


def test_a_nul_in_a_multipart_page_form_is_named_on_the_form(firm, members, period, client_for):
    response = client_for(members[Role.PARALEGAL]).post(
        f"/f/avery/audit/periods/{period.pk}/log/",
        {"description": "Filed\x00 motion", "minutes": "30"},
        HTTP_ACCEPT="application/json",
    )
    assert 400 <= response.status_code < 500
    assert "Null characters are not allowed" in response.content.decode()
    assert rows(firm, TaskEntry) == 0


# --- out-of-range integers ------------------------------------------------------------------------


def test_an_id_beyond_64_bits_is_a_404_not_a_crash(members, client_for):
    client = client_for(members[Role.PARTNER])
    assert client.get(f"{API}/audit/entries/{BIG}/").status_code == 404
    assert client.get(f"{API}/engagements/{BIG * 4}/").status_code == 404


def test_a_body_id_beyond_64_bits_is_refused_naming_the_field(firm, members, period, client_for):
    response = client_for(members[Role.PARALEGAL]).post(
        f"{API}/audit/entries/", entry_body(period, period=BIG), content_type="application/json"
    )
    assert response.status_code == 400 and "period" in response.json()
    assert rows(firm, TaskEntry) == 0


@pytest.mark.parametrize("minutes", [-30, 0, BIG])
def test_negative_zero_or_huge_minutes_are_refused_naming_minutes(firm, members, period, client_for, minutes):
    response = client_for(members[Role.PARALEGAL]).post(
        f"{API}/audit/entries/", entry_body(period, minutes=minutes), content_type="application/json"
    )
    assert response.status_code == 400 and list(response.json()) == ["minutes"]
    assert rows(firm, TaskEntry) == 0


@pytest.mark.parametrize(
    "query, field",
    [(f"limit={BIG}0", None), ("limit=-5", "limit"), (f"offset={BIG}", "offset"), ("limit=²", "limit")],
)
def test_paging_numbers_out_of_range_are_refused_or_capped(members, client_for, query, field):
    response = client_for(members[Role.PARTNER]).get(f"{API}/engagements/?{query}")
    if field is None:  # a limit above the maximum is capped, as DRF documents
        assert response.status_code == 200
    else:
        assert response.status_code == 400 and field in response.json()


# --- huge payloads --------------------------------------------------------------------------------


def test_a_json_body_over_the_upload_limit_is_refused_with_413(firm, members, period, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = entry_body(period, description="x" * 20_000)
    response = client_for(members[Role.PARALEGAL]).post(
        f"{API}/audit/entries/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "the limit is 10000 bytes" in response.json()["detail"]
    assert rows(firm, TaskEntry) == 0


def test_a_page_form_over_the_upload_limit_is_refused_with_413(firm, members, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client_for(members[Role.PARTNER]).post("/f/avery/engagements/new/", **form(name="x" * 20_000))
    assert response.status_code == 413 and "the limit is 10000 bytes" in response.content.decode()
    assert rows(firm, Engagement) == 0


def test_a_multipart_body_with_too_many_fields_is_a_json_400_naming_the_limit(members, client_for):
    """Schemathesis found it: 1,001 multipart fields made Django answer its HTML 400 page, off the schema."""
    fields = {f"field{i}": "x" for i in range(1001)}
    response = client_for(members[Role.PARTNER]).post(f"{API}/audit/classify/", fields)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "The request has more than 1000 fields."


def test_too_many_query_parameters_are_a_json_400_on_the_api_and_the_400_page_on_a_form(
    firm, members, client_for
):
    too_many = {f"q{i}": "1" for i in range(1001)}
    client = client_for(members[Role.PARTNER])
    api = client.get(f"{API}/engagements/?{urlencode(too_many)}")
    assert api.status_code == 400 and api.json()["detail"] == "The request has more than 1000 fields."
    page = client.post("/f/avery/engagements/new/", **form(name="Too many", **too_many))
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
    assert rows(firm, Engagement) == 0


# --- wrong content types --------------------------------------------------------------------------


def test_text_plain_to_a_json_endpoint_is_refused_naming_the_type(firm, members, period, client_for):
    response = client_for(members[Role.PARALEGAL]).post(
        f"{API}/audit/entries/", json.dumps(entry_body(period)), content_type="text/plain"
    )
    assert response.status_code == 415 and "text/plain" in response.json()["detail"]
    assert rows(firm, TaskEntry) == 0


def test_json_to_a_form_page_is_refused_naming_the_type(firm, members, client_for):
    response = client_for(members[Role.PARTNER]).post(
        "/f/avery/engagements/new/", json.dumps({"name": "Via JSON"}), content_type="application/json"
    )
    assert response.status_code == 415 and "not application/json" in response.content.decode()
    assert rows(firm, Engagement) == 0


def test_malformed_json_is_refused_naming_the_parse_error(firm, members, client_for):
    response = client_for(members[Role.PARTNER]).post(
        f"{API}/engagements/", '{"name": "Half', content_type="application/json"
    )
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]
    assert rows(firm, Engagement) == 0


# --- malformed CSV and JSON uploads ---------------------------------------------------------------


@pytest.mark.parametrize(
    "content, named",
    [
        (b"\xff\xfe\x00b\x00a\x00d", "UTF-8"),
        (b"date,person_email,description,minutes\n2026-01-05,a@b.test,x\x00y,30\n", ""),
        (b"just,some,columns\n1,2,3\n", "column"),
        (b"", ""),
    ],
)
def test_a_malformed_audit_csv_is_refused_with_a_message_and_imports_nothing(
    firm, members, period, client_for, content, named
):
    upload = io.BytesIO(content)
    upload.name = "week.csv"
    response = client_for(members[Role.OPS]).post("/f/avery/audit/import/", {"file": upload})
    assert response.status_code == 400
    assert named in response.content.decode()
    assert rows(firm, TaskEntry) == 0


def test_a_questionnaire_template_with_malformed_json_is_refused_by_the_api(firm, members, client_for):
    # The editor builds questions in forms; JSON arrives only through the API, so that is where it is refused.
    client = client_for(members[Role.OPS])
    with firm_scope(firm):
        template = QuestionnaireTemplate.objects.create(firm=firm, name="Ours", questions=[])
    response = client.patch(
        f"/api/v1/firms/avery/vetting/templates/{template.pk}/",
        '{"questions": [{"key": "a",',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
    with firm_scope(firm):
        template.refresh_from_db()
    assert template.questions == [] and template.name == "Ours"


@pytest.mark.parametrize("text, named", [("{not json", "not valid JSON"), ("[1, 2]", "object")])
def test_score_answers_names_what_is_wrong_with_its_json(tmp_path, text, named):
    path = tmp_path / "answers.json"
    path.write_text(text)
    with pytest.raises(CommandError) as exc:
        call_command("score_answers", str(path))
    assert named in str(exc.value)
