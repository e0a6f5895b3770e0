"""Demo performance data: eight weeks of delegated work, attorney hours, matters, surveys and check-ins.

Built so the story reads at a glance: attorney admin hours fall well below the audit baseline,
turnaround shortens, matters close faster, clients are happier — and Elena is now booked solid
while medical chronologies pile up, so the scaling check raises "full capacity" and "new bottleneck".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from audit import selectors as audit_selectors
from firmops.models import Role
from firmops.secure_links import secret_new
from performance import checkins, services
from performance.models import CheckIn, ClientSurvey, Matter, PerformancePlan, SurveyResponse, WorkItem
from performance.scaling import signals_evaluate
from performance.weeks import local_wall_clock, monday
from providers.selectors import current_selection

WEEKS = 8
# (category, title) in rotation; hours per completed week climb towards Elena's 40-hour capacity.
WORK = (
    ("discovery_drafting", "Draft responses to second set of interrogatories"),
    ("deposition_summaries", "Summarise deposition transcript"),
    ("medical_summaries", "Medical chronology from provider records"),
    ("e_filing", "E-file and serve motion papers"),
    ("document_review", "First-pass review of client production"),
    ("calendar_scheduling", "Calendar discovery deadlines"),
)
WEEKLY_HOURS = (18, 24, 28, 31, 33, 34, 37, 38)
TURNAROUND_START, TURNAROUND_END = 46, 22  # hours: drafts come back faster week by week
# Attorney non-billable hours per week as a share of the audit baseline: the admin load comes off them.
BASELINE_SHARE = (0.95, 0.85, 0.76, 0.68, 0.61, 0.55, 0.5, 0.47)
DEFAULT_BASELINE = Decimal("20")
MATTERS = (
    ("Hartley v. Grant", 72),
    ("Morales v. City", 64),
    ("Okafor Estate", 81),
    ("Brennan v. Lakeside", 58),
    ("Singh v. Parkline", 69),
    ("Delgado v. Metro Transit", 77),
    ("Whitaker v. Harmon", 40),
    ("Ito v. Crestview", 36),
    ("Reyes v. Northgate", 33),
    ("Lindqvist v. Ardent", 29),
    ("Abernathy v. Cole", 31),
    ("Pham v. Bayview", None),
)
COMMENTS = (
    "Slow to hear back on our documents.",
    "Fine, though updates could be faster.",
    "Quick, clear answers.",
    "Impressed how on the ball the team is.",
    "Every deadline met and we always knew where things stood.",
)


def _at(firm, day: date, hour: int) -> datetime:
    return local_wall_clock(firm.zone, day, time(hour))


def _work(demo, professional, week_start: date, week: int, now: datetime) -> None:
    firm, actor = demo.firm, demo.users[Role.PARALEGAL]
    target, index, spent = WEEKLY_HOURS[week], 0, 0
    turnaround = TURNAROUND_START - (TURNAROUND_START - TURNAROUND_END) * week / (WEEKS - 1)
    while spent < target:
        category, title = WORK[(week + index) % len(WORK)]
        if category == "medical_summaries":
            index += 1
            continue  # chronologies are the new bottleneck: see _backlog
        hours = min(4, target - spent)
        assigned = _at(firm, week_start + timedelta(days=index % 4), 9 + index % 6)
        services.work_item_create(
            firm=firm,
            actor=actor,
            engagement=demo.engagement,
            professional=professional,
            title=title,
            category=category,
            assigned_at=assigned,
            due_at=assigned + timedelta(hours=72),
            delivered_at=assigned + timedelta(hours=turnaround + index % 5),
            hours=hours,
            now=now,
        )
        spent += hours
        index += 1


def _backlog(demo, professional, weeks: list[date], now: datetime) -> None:
    """Medical chronologies assigned faster than they come back: 1 → 2 → 4 open over the last three weeks."""
    firm, actor = demo.firm, demo.users[Role.PARALEGAL]
    for week_start, count in ((weeks[-3], 1), (weeks[-2], 1), (weeks[-1], 2)):
        for n in range(count):
            assigned = _at(firm, week_start + timedelta(days=1 + n), 11)
            services.work_item_create(
                firm=firm,
                actor=actor,
                engagement=demo.engagement,
                professional=professional,
                category="medical_summaries",
                title=f"Medical chronology: records batch {week_start:%b %-d}-{n + 1}",
                assigned_at=assigned,
                due_at=assigned + timedelta(days=4),
                now=now,
            )


def _baseline(demo) -> Decimal:
    period = audit_selectors.latest_period(firm=demo.firm, engagement=demo.engagement)
    baseline = (
        audit_selectors.attorney_non_billable_hours_per_week(firm=demo.firm, period=period)
        if period
        else None
    )
    return baseline or DEFAULT_BASELINE


def _hours(demo, weeks: list[date], now: datetime) -> None:
    firm, ops = demo.firm, demo.users[Role.OPS]
    baseline = _baseline(demo)
    for week, week_start in enumerate(weeks):
        total = baseline * Decimal(str(BASELINE_SHARE[week]))
        for role, share in ((Role.ATTORNEY, Decimal("0.625")), (Role.PARTNER, Decimal("0.375"))):
            for day in range(5):
                amount = (total * share / 5).quantize(Decimal("0.01"))
                services.hour_entry_create(
                    firm=firm,
                    actor=ops,
                    engagement=demo.engagement,
                    attorney=demo.users[role],
                    worked_on=week_start + timedelta(days=day),
                    hours=amount,
                    description="Admin, scheduling and client updates",
                    category="correspondence" if day == 0 else "",
                    now=now,
                )


def _matters_and_surveys(demo, began_on: date, today: date, now: datetime) -> None:
    firm, actor = demo.firm, demo.users[Role.OPS]
    matters = []
    for n, (name, days) in enumerate(MATTERS):
        before = n < 6
        intake = began_on - timedelta(days=150 - n * 12) if before else began_on + timedelta(days=(n - 6) * 5)
        resolved = intake + timedelta(days=days) if days is not None else None
        if resolved is not None and resolved > today:
            resolved = None
        matters.append(
            services.matter_create(
                firm=firm,
                actor=actor,
                engagement=demo.engagement,
                reference=f"2025-{100 + n}",
                name=name,
                intake_on=intake,
                resolved_on=resolved,
                now=now,
            )
        )
    _client_surveys(demo, matters, began_on, today)
    for week in range(WEEKS):
        for n in range(2 + week % 2):
            score = min(5, 3 + (week + n) // 3)
            services.survey_create(
                firm=firm,
                actor=actor,
                engagement=demo.engagement,
                matter=matters[(week * 3 + n) % len(matters)],
                score=score,
                comment=COMMENTS[score - 1] if n == 0 else "",
                received_on=min(began_on + timedelta(days=week * 7 + 2 + n), today),
                now=now,
            )


# Answers through the survey link per closed matter: (satisfaction, speed, recommend) before outsourcing
# began, then since; None: the client did not answer.
BEFORE_ANSWERS = ((3, 2, 6), (4, 3, 7), None, (2, 2, 4), (4, 3, 8), (3, 3, 6))
SINCE_ANSWERS = ((5, 5, 10), (4, 5, 9), (5, 4, 9), None, (5, 5, 10))


def _client_surveys(demo, matters: list[Matter], began_on: date, today: date) -> None:
    """Each matter's client contact, and the closing survey each closed matter's client answered (or not)
    through its link: rows written as they would stand today, so seeding sends no email."""
    firm = demo.firm
    answers = iter(BEFORE_ANSWERS + SINCE_ANSWERS)
    for n, matter in enumerate(matters):
        first = matter.name.split()[0].rstrip(".")
        Matter.objects.filter(pk=matter.pk).update(
            client_name=f"{first} (client)", client_email=f"client{n + 1}@example.com"
        )
        if matter.resolved_on is None:
            continue
        sent = local_wall_clock(firm.zone, matter.resolved_on, time(10))
        answer = next(answers, None)
        answered = sent + timedelta(days=2) if answer and sent.date() + timedelta(days=2) <= today else None
        survey = ClientSurvey.objects.create(
            firm=firm,
            engagement=matter.engagement,
            matter=matter,
            reason=ClientSurvey.Reason.CLOSED,
            contact_name=f"{first} (client)",
            contact_email=f"client{n + 1}@example.com",
            token_hash=secret_new()[1],  # a link nobody holds: the demo's surveys cannot be opened
            sent_at=sent,
            expires_at=sent + timedelta(days=30),
            answered_at=answered,
        )
        if answered is not None:
            score, speed, recommend = answer
            SurveyResponse.objects.create(
                firm=firm,
                engagement=matter.engagement,
                matter=matter,
                score=score,
                speed=speed,
                recommend=recommend,
                comment=COMMENTS[score - 1],
                source=SurveyResponse.Source.LINK,
                survey=survey,
                received_on=answered.astimezone(firm.zone).date(),
            )


CHECKIN_NOTES = (
    (
        "Drafts arrive a day early",
        "No access to the document management system",
        "Give Elena DMS access",
        ["Give Elena DMS access", "Share the motion template library"],
    ),
    (
        "Discovery responses need few edits",
        "Waiting on attorneys to answer questions",
        "Answer Elena's questions by noon",
        ["Attorneys answer questions within four hours"],
    ),
    (
        "Medical chronologies are thorough",
        "Chronology requests are piling up",
        "Decide whether to add a second paralegal",
        ["Price a second paralegal for medical chronologies"],
    ),
)


def _checkins(demo, began_on: date, now: datetime) -> None:
    firm, partner = demo.firm, demo.users[Role.PARTNER]
    checkins.plan_set(
        firm=firm,
        actor=partner,
        engagement=demo.engagement,
        began_on=began_on,
        checkin_time=time(10),
        now=now,
    )
    checkins.checkins_schedule(firm=firm, engagement=demo.engagement, now=now, since=_at(firm, began_on, 0))
    past = list(CheckIn.objects.filter(engagement=demo.engagement, scheduled_at__lt=now).order_by("sequence"))
    for checkin, (working, roadblocks, improvements, actions) in zip(past, CHECKIN_NOTES, strict=False):
        carried = checkins.agenda(firm=firm, checkin=checkin).carried
        checkins.checkin_record(
            firm=firm,
            actor=partner,
            checkin=checkin,
            what_working=working,
            roadblocks=roadblocks,
            improvements=improvements,
            notes="15 minutes, on Teams.",
            new_actions=actions,
            done_action_ids=[a.pk for a in carried[:1]],
            now=checkin.scheduled_at + timedelta(minutes=15),
        )


def seed(demo) -> None:
    """Runs in the demo firm's scope after the vetting demo selected Elena; a second run changes nothing."""
    firm, engagement = demo.firm, demo.engagement
    if (
        WorkItem.objects.filter(engagement=engagement).exists()
        or PerformancePlan.objects.filter(engagement=engagement).exists()
    ):
        return
    selection = current_selection(firm=firm, engagement=engagement)
    if selection is None:
        return  # nothing was delegated without a selected professional
    now = timezone.now()
    today = firm.today(now)
    weeks = [monday(today) - timedelta(weeks=WEEKS - i) for i in range(WEEKS)]
    began_on = weeks[0]
    services.plan_ensure(firm=firm, engagement=engagement, began_on=began_on)
    for week, week_start in enumerate(weeks):
        _work(demo, selection.professional, week_start, week, now)
    _backlog(demo, selection.professional, weeks, now)
    services.work_item_create(
        firm=firm,
        actor=demo.users[Role.PARALEGAL],
        engagement=engagement,
        professional=selection.professional,
        category="records_requests",
        title="Subpoena hospital billing records",
        assigned_at=now - timedelta(days=3),
        due_at=now - timedelta(hours=20),
        now=now,
    )
    _hours(demo, weeks, now)
    _matters_and_surveys(demo, began_on, today, now)
    _checkins(demo, began_on, now)
    signals_evaluate(firm=firm, engagement=engagement, now=now)
