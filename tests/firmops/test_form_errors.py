"""Out-of-range numbers on the main forms are refused by the server with a message beside the field,
in the app's error style (issue 16 item 5): what a phone user sees when the browser lets the post
through, so a refusal is never only a browser popup."""

from __future__ import annotations

import re

import pytest

from audit.models import AuditPeriod
from firmops.demo import seed_demo
from firmops.models import Role
from firmops.tenancy import firm_scope


@pytest.fixture
def demo(db):
    return seed_demo()


def _field_error(page: str, label: str) -> str:
    """The error paragraph inside the field box of the input labelled `label` ("" if none)."""
    for box in re.findall(r'<div class="field[^"]*has-error[^"]*">(.*?)</div>', page, re.S):
        if re.search(rf"<label[^>]*>\s*{re.escape(label)}", box):
            found = re.search(r'<p class="error" role="alert">([^<]*)</p>', box)
            return found.group(1) if found else ""
    return ""


def test_the_quick_log_refuses_0_and_2000_minutes_beside_the_field(demo, client):
    client.force_login(demo.users[Role.PARALEGAL])
    with firm_scope(demo.firm):
        period = AuditPeriod.objects.filter(engagement=demo.engagement, historical=False).latest("starts_on")
    url = f"/f/demo/audit/periods/{period.pk}/log/"
    for minutes, said in [
        ("0", "Minutes: 0 minutes is not a task: log at least 1 minute."),
        ("2000", "Minutes: 2,000 minutes is more than a day (at most 1,440); split it or fix the number."),
        ("", "Minutes: Say how many minutes the task took."),
    ]:
        day = f"{period.starts_on:%Y-%m-%d}"
        response = client.post(url, {"description": "Drafted RFPs", "minutes": minutes, "performed_on": day})
        page = response.content.decode()
        assert response.status_code == 400
        assert re.search(r'<form id="quicklog"[^>]*\bnovalidate\b', page)
        assert f'<p class="error" role="alert">{said}</p>' in page.replace("&#x27;", "'")


MAIN_FORMS = [
    (
        Role.ATTORNEY,
        "performance/engagements/{e}/hours/",
        {"hours": "30"},
        "Hours",
        "less than or equal to 24",
    ),
    (Role.PARTNER, "audit/periods/new/", {"days": "0"}, "Length in days", "greater than or equal to 1"),
    (Role.OPS, "performance/engagements/{e}/work/", {"hours": "-1"}, "Hours", "greater than or equal to 0"),
]


def test_the_main_forms_name_the_field_a_number_is_out_of_range_for(demo, client):
    for role, path, data, label, said in MAIN_FORMS:  # one demo for all: seeding it is the slow part
        client.force_login(demo.users[role])
        response = client.post(f"/f/demo/{path.format(e=demo.engagement.pk)}", data)
        message = _field_error(response.content.decode(), label)
        assert response.status_code in (200, 400), path
        assert message.startswith(f"{label}: ") and said in message, (path, message)
