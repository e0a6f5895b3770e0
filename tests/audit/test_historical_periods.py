"""Historical audit periods: last quarter opened for an import, read as its average week, never nagging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.entry_writer import EntryRow, EntryWriter
from audit.models import AuditParticipant, AuditPeriod
from audit.reminders import plan
from audit.selectors import hit_list, hit_list_totals, weeks_averaged
from audit.services import audit_participants_set, audit_period_open
from audit.timekeepers import TimekeeperIn, timekeepers_resolve
from firmops.models import Role, Stage
from firmops.tenancy import firm_scope
from tests.firmops.test_pipeline import main_link, next_action, page_of


@pytest.fixture
def quarter(firm, partner, engagement, today):
    """The 13 weeks (91 days) that ended yesterday, opened for an import."""
    return audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=today - dt.timedelta(days=91), days=91,
        historical=True,
    )  # fmt: skip


def _import_weekly(firm, partner, period, *, weeks: int) -> None:
    """Luis, an attorney timekeeper at $440, bills 3 h of document production in every week."""
    luis = timekeepers_resolve(
        firm=firm, actor=partner, people=[TimekeeperIn(name="Luis Ortega", role=Role.ATTORNEY)]
    )[0]
    with transaction.atomic(), firm_scope(firm):
        writer = EntryWriter(firm=firm, actor=partner)
        for week in range(weeks):
            writer.add(
                EntryRow.of_timekeeper(
                    luis, firm=firm, period=period, performed_on=period.starts_on + dt.timedelta(weeks=week),
                    description="Bates-stamped production volume", minutes=180, rate=Decimal("440"),
                    task_code="L320",
                )
            )  # fmt: skip
        writer.flush()


def test_a_partner_opens_last_quarter_with_nobody_asked_to_log(firm, members, quarter, engagement, today):
    assert quarter.historical and quarter.days == 91 and quarter.ends_on == today - dt.timedelta(days=1)
    with firm_scope(firm):
        assert not AuditParticipant.objects.filter(period=quarter).exists()
        engagement.refresh_from_db()
    assert engagement.stage == Stage.AUDIT


def test_ops_may_open_one_and_a_paralegal_may_not(firm, members, engagement, today):
    args = dict(firm=firm, engagement=engagement, starts_on=today - dt.timedelta(days=30), days=30)
    with pytest.raises(PermissionDenied):
        audit_period_open(actor=members[Role.PARALEGAL], historical=True, **args)
    assert audit_period_open(actor=members[Role.OPS], historical=True, **args).historical


@pytest.mark.parametrize(
    ("starts_ago", "days", "participants", "field", "message"),
    [
        (10, 20, False, "days", "it would end on"),  # runs into the future
        (400, 367, False, "days", "between 1 and 366 days (a year at most)"),
        (None, 30, False, "starts_on", "Give the first day of the history to import"),
        (40, 30, True, "participants", "Nobody logs into a historical period"),
    ],
)
def test_a_bad_historical_period_is_refused_with_a_message_naming_what_is_wrong(
    firm, members, partner, engagement, today, starts_ago, days, participants, field, message
):
    with pytest.raises(ValidationError) as caught:
        audit_period_open(
            firm=firm, actor=partner, engagement=engagement,
            starts_on=None if starts_ago is None else today - dt.timedelta(days=starts_ago), days=days,
            participants=[partner] if participants else None, historical=True,
        )  # fmt: skip
    assert message in " ".join(caught.value.message_dict[field])
    with firm_scope(firm):
        assert not AuditPeriod.objects.exists()


def test_the_end_in_the_future_is_named_with_today(firm, members, partner, engagement, today):
    with pytest.raises(ValidationError) as caught:
        audit_period_open(
            firm=firm, actor=partner, engagement=engagement, starts_on=today, days=2, historical=True
        )
    tomorrow = today + dt.timedelta(days=1)
    assert caught.value.message_dict["days"] == [
        f"A historical period covers past days only: it would end on {tomorrow:%b %-d, %Y}, after today "
        f"({today:%b %-d, %Y}). Start it earlier or make it shorter."
    ]


def test_a_live_period_longer_than_a_month_points_to_a_historical_one(firm, members, partner, engagement):
    with pytest.raises(ValidationError) as caught:
        audit_period_open(firm=firm, actor=partner, engagement=engagement, days=40)
    assert "open a historical period" in caught.value.message_dict["days"][0]


def test_nobody_can_be_made_a_participant_of_a_historical_period(firm, members, partner, quarter):
    with pytest.raises(ValidationError):
        audit_participants_set(firm=firm, actor=partner, period=quarter, users=[members[Role.ATTORNEY]])
    with firm_scope(firm):
        assert not AuditParticipant.objects.filter(period=quarter).exists()


def test_the_hit_list_reads_per_week_as_the_quarters_average_week_and_says_so(
    firm, members, partner, quarter, client_for
):
    _import_weekly(firm, partner, quarter, weeks=13)
    with firm_scope(firm):
        totals = hit_list_totals(hit_list(firm=firm, period=quarter))
    # 13 × 3 h at ($440 − $40): $15,600 over the quarter, $1,200 in its average week.
    assert (totals.recoverable_period, totals.recoverable_weekly) == (Decimal("15600.00"), Decimal("1200.00"))
    assert totals.recoverable_annual == Decimal("62400.00")
    page = client_for(partner).get(f"/f/avery/audit/periods/{quarter.pk}/hit-list/").content.decode()
    assert "recoverable per week, averaged over 13 weeks" in page
    assert "historical, from the firm's records" in page
    api = client_for(partner).get(f"/api/v1/firms/avery/audit/periods/{quarter.pk}/hit-list/").json()
    assert (api["weeks"], api["totals"]["recoverable_weekly"]) == ("13.00", "1200.00")


def test_a_week_long_period_says_nothing_about_averages_and_odd_lengths_keep_a_decimal(
    firm, members, partner, period, client_for
):
    page = client_for(partner).get(f"/f/avery/audit/periods/{period.pk}/hit-list/").content.decode()
    assert "recoverable per week<" in page and "averaged over" not in page
    assert weeks_averaged(AuditPeriod(days=90)) == "averaged over 12.9 weeks"
    assert weeks_averaged(AuditPeriod(days=5)) == ""


WEDNESDAY = dt.date(2026, 3, 4)


def test_no_reminder_or_nag_fires_for_a_historical_period(
    firm, members, partner, engagement, client_for, today
):
    march = audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=WEDNESDAY - dt.timedelta(days=2), days=7,
        historical=True,
    )  # fmt: skip
    attorney = members[Role.ATTORNEY]
    with firm_scope(firm):  # even a participant written behind the services' back is not nudged
        AuditParticipant.objects.create(firm=firm, period=march, user=attorney)
    evening = dt.datetime.combine(WEDNESDAY, dt.time(23, 0), tzinfo=firm.zone)
    assert plan(firm, evening) == 0
    with firm_scope(firm):
        march.historical = False
        march.save()
    assert plan(firm, evening) == 1  # the same week, live: the silent participant would be nudged


def test_the_engagement_page_asks_for_the_import_not_for_logging(
    firm, members, partner, engagement, client_for, today
):
    audit_period_open(
        firm=firm, actor=partner, engagement=engagement, starts_on=today - dt.timedelta(days=6), days=7,
        historical=True,
    )  # fmt: skip
    page = page_of(client_for(members[Role.OPS]), engagement)
    assert "not logged today" not in page
    assert main_link(page)[1] == "Import the firm's time records"
    assert "The historical audit of" in next_action(page)
    page = page_of(client_for(members[Role.ATTORNEY]), engagement)
    assert "Log today's tasks" not in page and "Historical ·" in page
