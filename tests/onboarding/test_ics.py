import datetime

from firmops.tenancy import firm_scope
from onboarding import services
from onboarding.ics import escape_text, fold
from onboarding.models import PlanItem
from tests.onboarding.conftest import DAY_1


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_text_values_are_escaped_and_long_lines_folded_at_75_octets():
    assert escape_text("a, b; c\\d\nnext") == "a\\, b\\; c\\\\d\\nnext"
    line = "SUMMARY:" + "Revisión de términos — " * 10
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_the_calendar_export_holds_the_plans_milestones_as_all_day_events(
    client_for, firm, engagement, selected, ops
):
    with firm_scope(firm):
        plan = services.plan_generate(firm=firm, actor=ops, engagement=engagement, starts_on=DAY_1).plan
        milestones = list(PlanItem.objects.filter(plan=plan, milestone=True))
        everything = PlanItem.objects.filter(plan=plan).count()
    response = client_for(ops).get(f"/f/avery/onboarding/engagements/{engagement.pk}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="avery-audit-2026-onboarding.ics"' in response["Content-Disposition"]
    raw = response.content.decode()
    assert raw.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and raw.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = _unfold(raw)
    assert lines.count("BEGIN:VEVENT") == len(milestones) and len(milestones) < everything
    assert (
        "DTSTART;VALUE=DATE:20260302" in lines and "DTEND;VALUE=DATE:20260303" in lines
    )  # day 1: kick-off, NDA
    assert "SUMMARY:Day 1: Kick-off call with Elena Novak" in lines
    assert "SUMMARY:Day 30: Day-30 review with Elena Novak: is the work where it should be?" in lines
    day_30 = (DAY_1 + datetime.timedelta(days=29)).strftime("%Y%m%d")
    assert f"DTSTART;VALUE=DATE:{day_30}" in lines
    assert any(line.startswith("UID:onboarding-") and line.endswith("@avery.localhost") for line in lines)
    description = next(line for line in lines if line.startswith("DESCRIPTION:Introduce the team"))
    assert "\\," in description and "\\n\\nOwner: " in description
    again = _unfold(
        client_for(ops).get(f"/f/avery/onboarding/engagements/{engagement.pk}/calendar.ics").content.decode()
    )
    assert [x for x in lines if x.startswith("UID:")] == [
        x for x in again if x.startswith("UID:")
    ]  # re-import updates
    full = (
        client_for(ops)
        .get(f"/f/avery/onboarding/engagements/{engagement.pk}/calendar.ics?all=1")
        .content.decode()
    )
    assert _unfold(full).count("BEGIN:VEVENT") == everything
