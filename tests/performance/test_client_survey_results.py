"""What clients said, where the partner reads it: the dashboard, the weekly PDF, the API; the firm's
cadence and wording; another firm's surveys never counted."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from firmops.messaging.reminders import reminders_send_due
from firmops.ownership.archive import firm_export_write
from firmops.tenancy import firm_scope
from performance import services
from performance.models import ClientSurvey
from performance.report import report_pdf
from performance.surveys.answering import survey_answer
from performance.surveys.sending import plan_surveys_for_firm, survey_send
from tests.performance.factories import plan
from tests.performance.test_dashboard_and_report import needs_pdftotext, pdf_text


def _asked(firm, engagement, ref, *, days_ago, email="", answer=None, closed=False):
    """A matter whose client was surveyed `days_ago`, and answered with (satisfaction, speed, recommend)."""
    now = timezone.now() - timedelta(days=days_ago)
    matter = services.matter_create(
        firm=firm,
        actor=None,
        engagement=engagement,
        reference=ref,
        name=f"Matter {ref}",
        intake_on=firm.today() - timedelta(days=days_ago + 30),
        client_email=email or f"{ref.lower()}@client.test",
    )
    survey = survey_send(firm=firm, matter=matter, reason=ClientSurvey.Reason.PERIODIC, now=now)
    if answer:
        satisfaction, speed, recommend = answer
        survey_answer(
            survey=survey,
            satisfaction=satisfaction,
            speed=speed,
            recommend=recommend,
            comment=f"About {ref}",
            now=now,
        )
    return matter


@pytest.fixture
def surveyed(firm, engagement, partner, other_engagement, other_firm):
    """Outsourcing began 60 days ago. Before: two surveys, one answered unhappily. Since: two answered
    happily, plus a score a client gave by phone. Another firm: a furious client, never counted here."""
    plan(firm, engagement, firm.today() - timedelta(days=60))
    _asked(firm, engagement, "B-1", days_ago=90, answer=(2, 2, 3))
    _asked(firm, engagement, "B-2", days_ago=85)
    _asked(firm, engagement, "S-1", days_ago=10, answer=(5, 5, 10))
    matter = _asked(firm, engagement, "S-2", days_ago=5, answer=(4, 4, 9))
    services.survey_create(
        firm=firm, actor=partner, engagement=engagement, matter=matter, score=5, source="phone"
    )
    plan(other_firm, other_engagement, other_firm.today() - timedelta(days=60))
    _asked(other_firm, other_engagement, "X-1", days_ago=3, answer=(1, 1, 0))
    return engagement


def test_the_dashboard_shows_response_rate_csat_and_nps_before_and_since_outsourcing(
    firm, members, client_for, surveyed
):
    body = (
        client_for(members["partner"])
        .get(f"/f/avery/performance/engagements/{surveyed.pk}/")
        .content.decode()
    )
    section = body.split('id="surveys-h"')[1].split("</section>")[0]

    def cells(label: str) -> list[str]:
        row = section.split(label)[1].split("</tr>")[0]
        return re.findall(r'<td class="num">([^<]*)</td>', row)

    assert cells("Surveys sent") == ["2", "2"]
    assert cells("Response rate") == ["50%", "100%"]
    assert cells("Responses (link, phone, staff)") == ["1", "3"]
    assert cells("CSAT (share scoring 4–5)") == ["0%", "100%"]
    assert cells("NPS (promoters − detractors)") == ["-100", "100"]
    assert "About X-1" not in body  # the other firm's comment
    # The satisfaction figure the dashboard always had counts the link answers too, each once.
    assert re.search(r"4\.00/5</span><span>Client satisfaction</span><span class=\"muted\">4 response", body)
    assert "Survey cadence and wording" in section


def test_the_api_summary_and_client_surveys_carry_the_same_figures(firm, members, client_for, surveyed):
    api = client_for(members["partner"])
    base = "/api/v1/firms/avery/performance"
    summary = api.get(f"{base}/engagements/{surveyed.pk}/summary/").json()["client_surveys"]
    assert (summary["before"]["sent"], summary["before"]["answered"], summary["before"]["nps"]) == (
        2,
        1,
        -100,
    )
    assert (summary["since"]["responses"], summary["since"]["csat"], summary["since"]["nps"]) == (
        3,
        "1.000",
        100,
    )
    quarters = summary["quarters"]
    assert sum(q["responses"] for q in quarters) == 4 and "sent" not in quarters[0]
    assert [q["quarter"] for q in quarters] == sorted(q["quarter"] for q in quarters)  # oldest first
    listed = api.get(f"{base}/client-surveys/", {"engagement": surveyed.pk}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert sorted(r["contact_email"] for r in rows) == [
        "b-1@client.test",
        "b-2@client.test",
        "s-1@client.test",
        "s-2@client.test",
    ]
    assert sum(r["answered"] for r in rows) == 3


def test_partners_and_ops_send_a_survey_through_the_api_and_bad_requests_are_named(
    firm, members, client_for, engagement, other_engagement, other_firm
):
    base = "/api/v1/firms/avery/performance/client-surveys/"
    matter = services.matter_create(
        firm=firm,
        actor=None,
        engagement=engagement,
        reference="M-1",
        name="Kent",
        intake_on=firm.today(),
        client_email="kent@client.test",
    )
    bare = services.matter_create(
        firm=firm, actor=None, engagement=engagement, reference="M-2", name="Bare", intake_on=firm.today()
    )
    with firm_scope(other_firm):
        theirs = services.matter_create(
            firm=other_firm,
            actor=None,
            engagement=other_engagement,
            reference="X",
            name="X",
            intake_on=other_firm.today(),
            client_email="x@client.test",
        )
    sent = client_for(members["ops"]).post(base, {"matter": matter.pk}, content_type="application/json")
    assert sent.status_code == 201 and sent.json()["contact_email"] == "kent@client.test"
    no_address = client_for(members["ops"]).post(base, {"matter": bare.pk}, content_type="application/json")
    assert no_address.status_code == 400 and "no client email" in no_address.content.decode()
    foreign = client_for(members["ops"]).post(base, {"matter": theirs.pk}, content_type="application/json")
    assert foreign.status_code == 400 and "matter" in foreign.json()
    denied = client_for(members["paralegal"]).post(
        base, {"matter": matter.pk}, content_type="application/json"
    )
    assert denied.status_code == 403
    with firm_scope(firm):
        assert ClientSurvey.objects.count() == 1
    with firm_scope(other_firm):
        assert not ClientSurvey.objects.exists()


@needs_pdftotext
def test_the_weekly_report_pdf_carries_the_survey_figures(firm, surveyed):
    text = pdf_text(report_pdf(firm=firm, engagement=surveyed))
    assert "CSAT (share scoring 4–5)" in text and "NPS (promoters − detractors)" in text
    line = next(row for row in text.splitlines() if "Response rate" in row)
    assert line.split()[-2:] == ["50%", "100%"]
    assert "About S-1" in text and "About X-1" not in text


def test_ops_chooses_the_cadence_and_words_and_the_next_surveys_use_them(
    firm, engagement, members, client_for
):
    page = "/f/avery/performance/surveys/settings/"
    assert client_for(members["attorney"]).get(page).status_code == 403
    ops = client_for(members["ops"])
    form = {
        "open_every_days": "0",
        "send_on_close": "on",
        "link_days": "14",
        "reminder_after_days": "14",
        "subject": "{firm} asks: {matter}?",
        "message": "Tell us about {matter}, please.",
        "satisfaction_label": "All in all, happy?",
        "speed_label": "Fast enough?",
        "recommend_label": "Recommend us?",
        "comment_label": "Anything else?",
    }
    refused = ops.post(page, form)
    assert "Remind before the link expires (under 14 days)." in refused.content.decode()
    assert ops.post(page, {**form, "reminder_after_days": "5"}).status_code == 302

    long_open = services.matter_create(
        firm=firm,
        actor=None,
        engagement=engagement,
        reference="L-1",
        name="Long open",
        intake_on=firm.today() - timedelta(days=200),
        client_email="long@client.test",
    )
    assert plan_surveys_for_firm(firm, timezone.now()) == 0  # only when a matter closes now
    services.matter_update(firm=firm, actor=None, matter=long_open, resolved_on=firm.today())
    reminders_send_due(firm=firm)
    message = mail.outbox[-1]
    assert message.subject == "Avery & Stone LLP asks: Long open?"
    assert "Tell us about Long open, please." in message.body
    path = re.search(r"https?://[^/\s]+(/s/[^/\s]+/)", message.body).group(1)
    assert "All in all, happy?" in client_for(members["ops"]).get(path).content.decode()


def test_the_firms_export_has_a_spreadsheet_of_its_surveys_and_none_of_another_firms(
    firm, other_firm, surveyed
):
    out = io.BytesIO()
    firm_export_write(firm=firm, out=out)
    archive = zipfile.ZipFile(out)
    sheet = archive.read("csv/performance/client-survey.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(sheet)))
    assert sorted(r["contact email"] for r in rows) == [
        "b-1@client.test",
        "b-2@client.test",
        "s-1@client.test",
        "s-2@client.test",
    ]
    responses = archive.read("csv/performance/survey-response.csv").decode("utf-8-sig")
    assert "About S-1" in responses and "About X-1" not in responses
    assert "x-1@client.test" not in "".join(
        archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
    )
