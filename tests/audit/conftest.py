"""Audit fixtures: an audit week open on the firm's engagement, with the firm's people as participants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from audit.services import audit_period_open


@pytest.fixture
def today(firm) -> dt.date:
    return timezone.now().astimezone(firm.zone).date()


@pytest.fixture
def period(firm, members, partner, engagement, today):
    """A seven-day audit period that started two days ago (so today and yesterday are inside it)."""
    return audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=today - dt.timedelta(days=2), days=7
    )
