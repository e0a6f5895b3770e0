"""Timekeepers: people the firm's records name without an account, found or created once per firm,
and their entries counted in the hit list, the period's figures and the rollup like a member's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.entry_writer import EntryRow, EntryWriter
from audit.models import PeriodRollup, TaskEntry, Timekeeper
from audit.selectors import attorney_non_billable_hours_per_week, hit_list, period_totals
from audit.services import audit_override_delete, audit_override_set, audit_period_recost
from audit.timekeepers import TimekeeperIn, timekeeper_key, timekeeper_role, timekeepers_resolve
from firmops.models import Role, User
from firmops.tenancy import firm_scope
from tests.audit.test_rollup import _hit_list_by_hand, _recount, _stored


def _write(firm, actor, rows) -> int:
    with transaction.atomic(), firm_scope(firm):
        writer = EntryWriter(firm=firm, actor=actor)
        for row in rows:
            writer.add(row)
        writer.flush()
    return writer.written


def test_names_are_compared_without_case_accents_punctuation_or_last_name_first():
    assert timekeeper_key("Smith, Jane") == timekeeper_key("jane  SMITH") == "jane smith"
    assert timekeeper_key("José Núñez") == "jose nunez"
    assert timekeeper_key("Roe, Jr., Rick") != ""  # two commas: read as written, not swapped
    assert timekeeper_key("Rick Roe, Jr.") == "rick roe"


@pytest.mark.parametrize(
    ("given", "role"),
    [
        ("PT", Role.PARTNER),
        ("as", Role.ATTORNEY),
        ("OC", Role.ATTORNEY),
        ("PL", Role.PARALEGAL),
        ("LA", Role.PARALEGAL),
        ("OT", Role.OPS),
        ("Senior Associate", Role.ATTORNEY),
        ("Of Counsel", Role.ATTORNEY),
        ("legal assistant", Role.PARALEGAL),
        ("attorney", Role.ATTORNEY),
        ("external", None),
        ("XX", None),
        ("", None),
    ],
)
def test_ledes_classes_and_titles_give_the_firms_roles(given, role):
    assert timekeeper_role(given) == role


def test_a_file_of_people_becomes_one_timekeeper_each_with_a_member_matched_by_email_or_name(
    firm, members, django_assert_max_num_queries
):
    attorney = members[Role.ATTORNEY]
    attorney.first_name, attorney.last_name = "Dana", "Whitfield"
    attorney.save()
    people = [
        TimekeeperIn(name="Okafor, Grace", role=Role.PARALEGAL, rate=Decimal("95"), external_id="GO"),
        TimekeeperIn(name="Grace Okafor", role=Role.PARALEGAL),  # the same person, written the other way
        TimekeeperIn(name="D. Whitfield", email=attorney.email.upper(), rate=Decimal("410")),
        TimekeeperIn(name="Dana Whitfield"),  # no email: matched by the member's name
        TimekeeperIn(name="Luis Ortega", role=Role.PARTNER, rate=Decimal("650")),
    ]
    # Inside an import's scope: the firm's timekeepers, its members, one insert, in a savepoint.
    with firm_scope(firm), django_assert_max_num_queries(5):
        found = timekeepers_resolve(firm=firm, actor=None, people=people)
    assert found[0] is found[1] and found[0].name == "Okafor, Grace" and found[0].role == Role.PARALEGAL
    assert found[2].member == attorney and found[2].role == Role.ATTORNEY  # the member's role
    assert found[3].member == attorney and found[3] is not found[2]  # a different name: its own row
    assert found[4].member is None and found[4].hourly_rate == Decimal("650")
    with firm_scope(firm):
        assert Timekeeper.objects.count() == 4
    assert not User.objects.filter(email__icontains="okafor").exists()  # no invented accounts

    again = timekeepers_resolve(
        firm=firm,
        actor=None,
        people=[TimekeeperIn(name="G. Okafor", external_id="GO"), TimekeeperIn(name="LUIS ORTEGA")],
    )
    assert [t.pk for t in again] == [found[0].pk, found[4].pk]  # by the file's id, then by name
    with firm_scope(firm):
        assert Timekeeper.objects.count() == 4


def test_a_new_person_with_no_role_and_no_matching_member_is_refused_by_name(firm, members):
    with pytest.raises(ValidationError) as caught:
        timekeepers_resolve(
            firm=firm,
            actor=None,
            people=[TimekeeperIn(name="Pat Kim"), TimekeeperIn(name="  ", role=Role.PARALEGAL)],
        )
    messages = caught.value.message_dict["timekeeper"]
    assert any("Pat Kim is not a member of the firm and no role was given" in m for m in messages)
    assert any("needs a name" in m for m in messages)
    with firm_scope(firm):
        assert not Timekeeper.objects.exists()


def test_timekeepers_are_the_firms_own(firm, other_firm, members):
    mine = timekeepers_resolve(
        firm=firm, actor=None, people=[TimekeeperIn(name="Grace Okafor", role=Role.PARALEGAL)]
    )[0]
    theirs = timekeepers_resolve(
        firm=other_firm, actor=None, people=[TimekeeperIn(name="Grace Okafor", role=Role.ATTORNEY)]
    )[0]
    assert mine.pk != theirs.pk and theirs.role == Role.ATTORNEY
    with firm_scope(other_firm):
        assert list(Timekeeper.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_an_entry_must_name_who_did_it(firm, members, period):
    with firm_scope(firm), pytest.raises(IntegrityError), transaction.atomic():
        TaskEntry.objects.create(
            firm=firm, period=period, performer_role=Role.ATTORNEY, hourly_cost=Decimal("300"),
            description="drafted motion", minutes=30, bucket="core", category="other", reason="x",
        )  # fmt: skip


def test_timekeepers_count_in_the_hit_list_the_period_figures_the_baseline_and_the_rollup(
    firm, members, partner, period
):
    attorney = members[Role.ATTORNEY]
    grace, luis, dana = timekeepers_resolve(
        firm=firm,
        actor=partner,
        people=[
            TimekeeperIn(name="Grace Okafor", role=Role.PARALEGAL, rate=Decimal("95")),
            TimekeeperIn(name="Luis Ortega", role=Role.ATTORNEY, rate=Decimal("450")),
            TimekeeperIn(name="Dana W", email=attorney.email, role=Role.ATTORNEY),
        ],
    )
    day = period.starts_on
    common = dict(firm=firm, period=period, performed_on=day)
    rows = [
        EntryRow.of_timekeeper(luis, **common, description="Bates-stamped production volume 3", minutes=120),
        EntryRow.of_timekeeper(
            luis, **common, description="argued motion to compel", minutes=60, rate=Decimal("500"),
            billable=False,
        ),
        EntryRow.of_timekeeper(grace, **common, description="indexed deposition exhibits", minutes=90),
        EntryRow.of_timekeeper(
            dana, **common, description="privilege log entries", minutes=30, billable=False
        ),
    ]  # fmt: skip
    assert _write(firm, partner, rows) == 4

    with firm_scope(firm):
        entries = {e.description: e for e in TaskEntry.objects.select_related("timekeeper", "performer")}
        assert _stored(firm) == _recount(firm)
        assert PeriodRollup.objects.filter(period=period).exists()
        rows_shown = hit_list(firm=firm, period=period)
        totals = period_totals(firm=firm, period=period)
        baseline = attorney_non_billable_hours_per_week(firm=firm, period=period)
    luis_production = entries["Bates-stamped production volume 3"]
    assert luis_production.performer is None and luis_production.who == "Luis Ortega"
    assert luis_production.hourly_cost == Decimal("450") and luis_production.performer_role == Role.ATTORNEY
    assert entries["argued motion to compel"].hourly_cost == Decimal("500")  # the line's own rate
    assert entries["privilege log entries"].performer == attorney  # matched: both named
    by_hand = _hit_list_by_hand(firm, period)
    production = next(r for r in rows_shown if r.category == "document_review")
    assert (production.entries, production.recoverable_period) == by_hand["document_review"][::2]
    # Luis's 2 h of production at $450 against the outsourced $40, plus Dana's half hour at the firm's $400.
    assert production.recoverable_period == Decimal("820.00") + Decimal("180.00")
    assert totals["people"] == 3 and totals["entries"] == 4  # Dana counts once, as the member
    # Non-billable attorney time: Luis's hour and Dana's half hour, over one week.
    assert baseline == Decimal("1.50")


def test_re_pricing_a_period_leaves_imported_rates_as_the_records_said(firm, members, partner, period):
    attorney = members[Role.ATTORNEY]
    dana = timekeepers_resolve(
        firm=firm, actor=partner, people=[TimekeeperIn(name="Dana W", email=attorney.email)]
    )[0]
    row = EntryRow.of_timekeeper(
        dana, firm=firm, period=period, performed_on=period.starts_on, description="privilege log",
        minutes=30, rate=Decimal("275"),
    )  # fmt: skip
    _write(firm, partner, [row])
    assert audit_period_recost(firm=firm, actor=partner, period=period) == 0
    with firm_scope(firm):
        assert TaskEntry.objects.get().hourly_cost == Decimal("275")


def test_a_codes_row_is_stored_upper_case(firm, members, partner, period):
    grace = timekeepers_resolve(
        firm=firm, actor=partner, people=[TimekeeperIn(name="Grace Okafor", role=Role.PARALEGAL)]
    )[0]
    row = EntryRow.of_timekeeper(
        grace, firm=firm, period=period, performed_on=period.starts_on + dt.timedelta(days=1),
        description="Bates-stamped production", minutes=45, task_code=" l320", activity_code="a104 ",
    )  # fmt: skip
    _write(firm, partner, [row])
    with firm_scope(firm):
        entry = TaskEntry.objects.get()
    assert (entry.task_code, entry.activity_code) == ("L320", "A104")
    assert entry.category == "document_review"
    assert entry.reason.startswith("L320 Document Production + A104 Review/analyze + 'Bates stamped'")


def test_withdrawing_an_override_gives_an_imported_entry_back_its_codes_verdict(
    firm, members, partner, period
):
    grace = timekeepers_resolve(
        firm=firm, actor=partner, people=[TimekeeperIn(name="Grace Okafor", role=Role.PARALEGAL)]
    )[0]
    row = EntryRow.of_timekeeper(
        grace, firm=firm, period=period, performed_on=period.starts_on, description="Hartley volume 2",
        minutes=45, task_code="L320",
    )  # fmt: skip
    _write(firm, partner, [row])
    with firm_scope(firm):
        entry = TaskEntry.objects.get()
    assert entry.category == "document_review"
    result = audit_override_set(
        firm=firm, actor=partner, entry=entry, bucket="core", category="case_strategy"
    )
    with firm_scope(firm):
        entry.refresh_from_db()
    assert entry.category == "case_strategy"
    audit_override_delete(firm=firm, actor=partner, override=result.override)
    with firm_scope(firm):
        entry.refresh_from_db()
    assert (entry.category, entry.reason) == (
        "document_review",
        "L320 Document Production → Document review & production → outsourceable",
    )
