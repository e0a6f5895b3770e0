"""Removing logged hours asks first (issue 16 item 5's "no one-click mistakes", for the other log of
entries): the one-click post removes nothing and says which figures change; the confirmed one removes."""

from __future__ import annotations

import html
import re
from datetime import date

from firmops.tenancy import firm_scope
from performance.models import HourEntry
from tests.performance.factories import hours


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_remove_asks_with_the_hours_and_the_figures_they_feed_then_removes(
    firm, engagement, members, client_for
):
    attorney = members["attorney"]
    entry = hours(firm, engagement, attorney, date(2026, 2, 10), 2.5)
    client = client_for(attorney)
    url = f"/f/avery/performance/hours/{entry.pk}/delete/"
    asked = client.post(url)
    text = _text(asked)
    assert asked.status_code == 200
    assert f"Remove 2.50 h of non-billable time {attorney.display_name} logged for Tue Feb 10?" in text
    assert "attorney non-billable hours drop by 2.50 h on the performance dashboard" in text
    with firm_scope(firm):
        assert HourEntry.objects.filter(pk=entry.pk).exists()

    done = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "Entry removed." in _text(done)
    with firm_scope(firm):
        assert not HourEntry.objects.filter(pk=entry.pk).exists()
