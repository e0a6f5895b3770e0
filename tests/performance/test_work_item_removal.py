"""Removing a work item asks first (issue 16 item 5): the one-click post removes nothing and names the
item and what leaves the figures; the confirmed post removes it."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from firmops.tenancy import firm_scope
from performance.models import WorkItem
from tests.performance.factories import delivered, select_professional


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_remove_this_work_item_asks_then_removes_once_confirmed(client_for, firm, engagement, partner):
    professional = select_professional(firm, engagement).professional
    item = delivered(
        firm,
        engagement,
        professional,
        assigned=datetime(2026, 3, 2, 15, tzinfo=UTC),
        turnaround_h=24,
        hours=3.5,
        title="Privilege log, box 4",
    )
    client = client_for(partner)
    url = f"/f/avery/performance/work/{item.pk}/"
    assert "Remove this work item" in client.get(url).content.decode()

    asked = client.post(url, {"action": "delete"})
    text = _text(asked)
    assert asked.status_code == 200
    assert (
        "Remove “Privilege log, box 4” (delivered Tue Mar 3, 3.50 h)? A removed work item cannot be" in text
    )
    assert "its turnaround and hours leave the performance dashboard" in text
    assert 'name="action" value="delete"' in asked.content.decode()
    with firm_scope(firm):
        assert WorkItem.objects.filter(pk=item.pk).exists()

    done = client.post(url, {"action": "delete", "confirmed": "yes"})
    assert done.status_code == 302 and done["Location"].endswith(f"/engagements/{engagement.pk}/work/")
    with firm_scope(firm):
        assert not WorkItem.objects.filter(pk=item.pk).exists()
