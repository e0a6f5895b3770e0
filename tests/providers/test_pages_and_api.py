"""Providers, professionals and templates through the pages and the API, by role."""

import json

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.models import Professional, Provider, Questionnaire, QuestionnaireTemplate
from providers.questionnaires.questions import builtin_questions
from tests.providers.form_pages import form_data


def test_ops_adds_a_provider_and_a_professional_through_the_pages(firm, engagement, ops, client_for):
    client = client_for(ops)
    response = client.post(
        "/f/avery/vetting/providers/new/",
        {
            "name": "Meridian Legal Talent",
            "model": "talent_platform",
            "engagement": engagement.pk,
            "contact_email": "dana@meridian.test",
            "time_zone": "America/Chicago",
            "rate_min": "32",
            "rate_max": "45",
            "work_start": "09:00",
            "work_end": "17:00",
        },
    )
    assert response.status_code == 302
    with firm_scope(firm):
        provider = Provider.objects.get(name="Meridian Legal Talent")
    assert provider.engagement_id == engagement.pk and provider.firm_id == firm.pk
    added = client.post(
        f"/f/avery/vetting/providers/{provider.pk}/professionals/new/",
        {
            "name": "Elena Novak",
            "role": "Paralegal",
            "time_zone": "America/Chicago",
            "hourly_rate": "38",
            "skills": "Discovery, Clio",
            "status": "proposed",
            "weekly_capacity_hours": 40,
            "work_start": "08:00",
            "work_end": "16:00",
        },
    )
    assert added.status_code == 302
    page = client.get(f"/f/avery/vetting/providers/{provider.pk}/")
    assert "Elena Novak" in page.content.decode() and "Discovery, Clio" in page.content.decode()
    assert "Email the link" in page.content.decode()


def test_a_rate_range_that_ends_below_its_start_is_refused(firm, ops, client_for):
    response = client_for(ops).post(
        "/f/avery/vetting/providers/new/",
        {
            "name": "Backwards",
            "model": "freelancer",
            "time_zone": "UTC",
            "rate_min": "50",
            "rate_max": "20",
            "work_start": "09:00",
            "work_end": "17:00",
        },
    )
    assert response.status_code == 200
    with firm_scope(firm):
        assert not Provider.objects.filter(name="Backwards").exists()


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL])
def test_attorneys_and_paralegals_read_vetting_but_cannot_change_it(
    firm, platform, members, client_for, role
):
    client = client_for(members[role])
    assert client.get("/f/avery/vetting/").status_code == 200
    assert client.get(f"/f/avery/vetting/providers/{platform.pk}/").status_code == 200
    assert client.get("/api/v1/firms/avery/vetting/providers/").status_code == 200
    assert (
        client.post("/f/avery/vetting/providers/new/", {"name": "X", "model": "freelancer"}).status_code
        == 403
    )
    assert client.post(f"/f/avery/vetting/providers/{platform.pk}/delete/").status_code == 403
    api = client.patch(
        f"/api/v1/firms/avery/vetting/providers/{platform.pk}/",
        {"name": "Renamed"},
        content_type="application/json",
    )
    assert api.status_code == 403
    with firm_scope(firm):
        assert Provider.objects.get(pk=platform.pk).name == "Meridian Legal Talent"


def test_the_outsourced_professional_sees_nothing_of_vetting(platform, members, client_for, engagement):
    client = client_for(members[Role.EXTERNAL])
    for url in (
        "/f/avery/vetting/",
        f"/f/avery/vetting/providers/{platform.pk}/",
        f"/f/avery/vetting/engagements/{engagement.pk}/",
        "/f/avery/vetting/templates/",
    ):
        response = client.get(url)
        assert response.status_code == 403 and "Meridian" not in response.content.decode()
    for url in (
        "providers/",
        "questionnaires/",
        "answers/",
        "selections/",
        "templates/builtin/",
        f"engagements/{engagement.pk}/comparison/",
    ):
        assert client.get(f"/api/v1/firms/avery/vetting/{url}").status_code == 403
    assert "Vetting" not in client.get("/f/avery/").content.decode()


def test_the_api_creates_and_edits_providers_and_professionals_for_managers(
    firm, engagement, ops, client_for
):
    client = client_for(ops)
    created = client.post(
        "/api/v1/firms/avery/vetting/providers/",
        {
            "name": "Apex Offshore",
            "model": "traditional_lpo",
            "engagement": engagement.pk,
            "time_zone": "Asia/Kolkata",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    provider_id = created.json()["id"]
    bad_zone = client.patch(
        f"/api/v1/firms/avery/vetting/providers/{provider_id}/",
        {"time_zone": "Mars/Olympus"},
        content_type="application/json",
    )
    assert bad_zone.status_code == 400
    pro = client.post(
        "/api/v1/firms/avery/vetting/professionals/",
        {
            "provider": provider_id,
            "name": "Review team",
            "hourly_rate": "22",
            "skills": "Document review, Relativity",
        },
        content_type="application/json",
    )
    assert pro.status_code == 201 and pro.json()["skill_list"] == ["Document review", "Relativity"]
    listed = client.get(f"/api/v1/firms/avery/vetting/professionals/?provider={provider_id}")
    assert [p["name"] for p in listed.json()["results"]] == ["Review team"]
    bad_status = client.patch(
        f"/api/v1/firms/avery/vetting/professionals/{pro.json()['id']}/",
        {"status": "hired"},
        content_type="application/json",
    )
    assert bad_status.status_code == 400


def test_a_firm_copies_the_built_in_template_edits_it_and_sends_its_own_questions(
    firm, ops, platform, client_for, django_capture_on_commit_callbacks
):
    client = client_for(ops)
    copied = client.post(
        "/f/avery/vetting/templates/new/", {"name": "Avery questionnaire", "source": "builtin"}
    )
    assert copied.status_code == 302
    with firm_scope(firm):
        template = QuestionnaireTemplate.objects.get(name="Avery questionnaire")
    assert [q["key"] for q in template.questions] == [q["key"] for q in builtin_questions()]

    page = client.get(f"/f/avery/vetting/templates/{template.pk}/questions/vetting_process/").content.decode()
    refused = client.post(
        f"/f/avery/vetting/templates/{template.pk}/questions/vetting_process/",
        form_data(page, "text", weight="heavy"),
    )
    assert refused.status_code == 200 and "Weight: Enter a number." in refused.content.decode()
    client.post(
        f"/f/avery/vetting/templates/{template.pk}/questions/vetting_process/",
        form_data(page, "text", weight="5"),
    )
    page = client.get(f"/f/avery/vetting/templates/{template.pk}/questions/new/?type=text").content.decode()
    saved = client.post(
        f"/f/avery/vetting/templates/{template.pk}/questions/new/",
        form_data(page, "text", text="What malpractice or E&O insurance do you carry?"),
    )
    assert saved.status_code == 302
    with firm_scope(firm):
        template.refresh_from_db()
    assert template.questions[0]["weight"] == 5
    assert template.questions[-1]["key"] == "what_malpractice_or_e_o_insurance_do_you"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/f/avery/vetting/providers/{platform.pk}/send/", {"template": str(template.pk), "days": 10}
        )
    with firm_scope(firm):
        sent = Questionnaire.objects.get(provider=platform)
    assert (
        sent.questions[-1]["key"] == "what_malpractice_or_e_o_insurance_do_you"
        and sent.template_name == "Avery questionnaire"
    )
    client.post(f"/f/avery/vetting/templates/{template.pk}/delete/")
    with firm_scope(firm):
        sent.refresh_from_db()
    assert len(sent.questions) == 8  # a sent questionnaire keeps the questions it was sent with


def test_the_template_api_copies_the_built_in_questions_and_names_what_is_invalid(ops, client_for):
    client = client_for(ops)
    builtin = client.get("/api/v1/firms/avery/vetting/templates/builtin/").json()
    assert {"vetting_process", "data_security", "replacement_guarantee"} <= {
        q["key"] for q in builtin["questions"]
    }
    created = client.post(
        "/api/v1/firms/avery/vetting/templates/", {"name": "Copy"}, content_type="application/json"
    )
    assert created.status_code == 201 and len(created.json()["questions"]) == len(builtin["questions"])
    bad = client.patch(
        f"/api/v1/firms/avery/vetting/templates/{created.json()['id']}/",
        {"questions": [{"key": "Bad Key", "text": ""}]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "questions[0].key" in json.dumps(bad.json()) and "questions[0].text" in json.dumps(bad.json())


def test_the_questionnaire_api_sends_a_link_once_and_reports_scores(
    firm, ops, platform, client_for, substance, client
):
    api = client_for(ops)
    sent = api.post(
        "/api/v1/firms/avery/vetting/questionnaires/",
        {"provider": platform.pk, "days": 5},
        content_type="application/json",
    )
    assert sent.status_code == 201 and "/q/" in sent.json()["link"]
    qid = sent.json()["id"]
    assert "link" not in api.get(f"/api/v1/firms/avery/vetting/questionnaires/{qid}/").json()
    client.logout()
    client.post("/q/" + sent.json()["link"].split("/q/")[1], {**substance, "action": "submit"})
    client.force_login(ops)
    scores = client.get(f"/api/v1/firms/avery/vetting/questionnaires/{qid}/scores/").json()
    assert float(scores["total_score"]) > 80
    assert {a["question_key"]: a["vague"] for a in scores["answers"]}["data_security"] is False
    answers = client.get(f"/api/v1/firms/avery/vetting/answers/?questionnaire={qid}").json()["results"]
    assert len(answers) == 7 and all(a["found"] for a in answers)


def test_sending_to_a_provider_without_a_contact_email_says_what_to_do(firm, ops, make_provider, client_for):
    nobody = make_provider("Silent Partners", contact_email="")
    response = client_for(ops).post(
        f"/f/avery/vetting/providers/{nobody.pk}/send/", {"template": "builtin", "days": 14}, follow=True
    )
    assert "has no contact email" in response.content.decode()
    with firm_scope(firm):
        assert not Questionnaire.objects.exists()


def test_the_engagement_panel_include_summarises_vetting(
    firm, engagement, partner, platform, answered, substance, members
):
    answered(platform, substance)
    request = RequestFactory().get("/")
    with firm_scope(firm):
        html = Template('{% include "providers/_engagement_panel.html" %}').render(
            Context(
                {
                    "firm": firm,
                    "engagement": engagement,
                    "membership": type("M", (), {"role": "partner"})(),
                    "request": request,
                }
            )
        )
    assert "1 provider on the shortlist" in html and "1 of 1 questionnaire answered" in html
    assert "Meridian Legal Talent" in html


def test_removing_a_selected_professional_is_refused(
    firm, partner, engagement, platform, make_professional, client_for
):
    from providers.selection.services import selection_create

    elena = make_professional(platform, "Elena Novak")
    selection_create(
        firm=firm, actor=partner, engagement=engagement, professional=elena, rationale="Strongest answers."
    )
    response = client_for(partner).post(f"/f/avery/vetting/professionals/{elena.pk}/delete/", follow=True)
    assert "their record is kept" in response.content.decode()
    with firm_scope(firm):
        assert Professional.objects.filter(pk=elena.pk).exists()
