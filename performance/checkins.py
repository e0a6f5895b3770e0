"""Biweekly 15-minute check-ins: schedule, three-question agenda, action items that carry over, reminders.

Occurrences are local wall-clock times in the firm's zone (10:00 stays 10:00 across daylight-saving
changes), converted to UTC one occurrence at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from firmops.messaging.reminders import reminder_plan
from firmops.models import Engagement, Firm, Stage, User
from firmops.tenancy import firm_scope, firm_transaction
from performance.models import ActionItem, CheckIn, PerformancePlan
from performance.services import plan_ensure
from performance.weeks import local_wall_clock
from providers.selectors import current_selection

AGENDA = (
    ("what_working", "What's working well?", "Start with the positives."),
    ("roadblocks", "Where are the roadblocks?", "What is slowing the professional down?"),
    ("improvements", "What can we improve for next week?", "One or two small, actionable process tweaks."),
)
HORIZON = timedelta(days=28)
REMINDER_LEAD = timedelta(hours=24)
REMINDER_KIND = "performance.checkin"
ACTIVE_STAGES = (Stage.ONBOARDING, Stage.PERFORMING)


def occurrence(plan: PerformancePlan, zone, sequence: int) -> datetime:
    """UTC start of check-in `sequence` (1 = two weeks after work began) at the plan's local time."""
    day = plan.began_on + timedelta(days=plan.checkin_every_days * sequence)
    return local_wall_clock(zone, day, plan.checkin_time)


@firm_transaction
def checkins_schedule(
    *,
    firm: Firm,
    engagement: Engagement,
    now: datetime | None = None,
    since: datetime | None = None,
    horizon: timedelta = HORIZON,
) -> list[CheckIn]:
    """Create the missing check-ins from `since` (default now) up to `horizon` ahead; safe to run again."""
    now = now or timezone.now()
    since = since or now
    plan = plan_ensure(firm=firm, engagement=engagement)
    if plan is None:
        return []
    created = []
    with firm_scope(firm):
        existing = set(CheckIn.objects.filter(engagement=engagement).values_list("sequence", flat=True))
        sequence = 1
        while (at := occurrence(plan, firm.zone, sequence)) <= now + horizon:
            if at >= since and sequence not in existing:
                created.append(
                    CheckIn.objects.create(
                        firm=firm,
                        engagement=engagement,
                        sequence=sequence,
                        scheduled_at=at,
                        duration_minutes=plan.checkin_minutes,
                    )
                )
            sequence += 1
    return created


@firm_transaction
def plan_set(
    *,
    firm: Firm,
    actor: User | None,
    engagement: Engagement,
    began_on: date,
    checkin_time,
    now: datetime | None = None,
) -> list[CheckIn]:
    """Set when work began and the check-in time; future check-ins nobody moved follow the new rhythm."""
    now = now or timezone.now()
    if began_on > now.astimezone(firm.zone).date():
        raise ValidationError({"began_on": "Outsourced work cannot begin in the future; set it once it has."})
    with firm_scope(firm):
        plan = plan_ensure(firm=firm, engagement=engagement, began_on=began_on)
        plan.began_on, plan.checkin_time = began_on, checkin_time
        plan.save(update_fields=["began_on", "checkin_time"])
        for checkin in CheckIn.objects.filter(
            engagement=engagement, status=CheckIn.Status.SCHEDULED, revision=0, scheduled_at__gt=now
        ):
            at = occurrence(plan, firm.zone, checkin.sequence)
            if at > now:
                checkin.scheduled_at = at
                checkin.save(update_fields=["scheduled_at"])
            else:
                checkin.delete()  # the new rhythm puts it in the past: it never happened
    return checkins_schedule(firm=firm, engagement=engagement, now=now)


@firm_transaction
def checkin_reschedule(
    *, firm: Firm, actor: User | None, checkin: CheckIn, scheduled_at: datetime, now: datetime | None = None
) -> CheckIn:
    """Move one check-in (the series keeps its rhythm); never into the past, never once it is done."""
    now = now or timezone.now()
    if checkin.status != CheckIn.Status.SCHEDULED:
        raise ValidationError({"scheduled_at": "Only a scheduled check-in can be moved."})
    if timezone.is_naive(scheduled_at):
        scheduled_at = timezone.make_aware(scheduled_at, firm.zone)
    if scheduled_at <= now:
        raise ValidationError(
            {"scheduled_at": "A check-in cannot be moved into the past; pick a time from now on."}
        )
    with firm_scope(firm):
        checkin.scheduled_at = scheduled_at
        checkin.revision += 1
        checkin.save(update_fields=["scheduled_at", "revision"])
    return checkin


@firm_transaction
def checkin_cancel(*, firm: Firm, actor: User | None, checkin: CheckIn) -> CheckIn:
    """Skip one check-in; its open action items wait for the next one."""
    if checkin.status != CheckIn.Status.SCHEDULED:
        raise ValidationError({"status": "Only a scheduled check-in can be cancelled."})
    with firm_scope(firm):
        checkin.status = CheckIn.Status.CANCELLED
        checkin.revision += 1
        checkin.save(update_fields=["status", "revision"])
    return checkin


@firm_transaction
def checkin_record(
    *,
    firm: Firm,
    actor: User | None,
    checkin: CheckIn,
    what_working: str = "",
    roadblocks: str = "",
    improvements: str = "",
    notes: str = "",
    new_actions: list[str] | tuple[str, ...] = (),
    done_action_ids: list[int] | tuple[int, ...] = (),
    now: datetime | None = None,
) -> CheckIn:
    """Write up a check-in: the three answers, notes, new action items, and carried items now done."""
    now = now or timezone.now()
    if checkin.status == CheckIn.Status.CANCELLED:
        raise ValidationError({"status": "A cancelled check-in cannot be written up."})
    if checkin.scheduled_at > now + timedelta(hours=1):
        raise ValidationError(
            {"scheduled_at": "This check-in has not happened yet; write it up once it has."}
        )
    texts = [t.strip() for t in new_actions if t and t.strip()]
    too_long = [t for t in texts if len(t) > 300]
    if too_long:
        raise ValidationError(
            {"new_actions": f"An action item is at most 300 characters: “{too_long[0][:40]}…”."}
        )
    with firm_scope(firm):
        carried = {a.pk: a for a in carried_actions(firm=firm, checkin=checkin)}
        unknown = set(done_action_ids) - set(carried)
        if unknown:
            raise ValidationError({"done_action_ids": "Some action items are not on this check-in's agenda."})
        checkin.what_working, checkin.roadblocks = what_working.strip(), roadblocks.strip()
        checkin.improvements, checkin.notes = improvements.strip(), notes.strip()
        if checkin.status != CheckIn.Status.DONE:
            checkin.status, checkin.completed_at, checkin.completed_by = CheckIn.Status.DONE, now, actor
        checkin.save()
        for pk in done_action_ids:
            item = carried[pk]
            if item.done_at is None:
                item.done_at, item.done_in = now, checkin
                item.save(update_fields=["done_at", "done_in"])
        for text in texts:
            ActionItem.objects.create(
                firm=firm, engagement=checkin.engagement, raised_in=checkin, text=text, created_at=now
            )
    return checkin


@firm_transaction
def action_item_complete(
    *, firm: Firm, actor: User | None, item: ActionItem, now: datetime | None = None
) -> ActionItem:
    """Tick an action item off between check-ins."""
    with firm_scope(firm):
        if item.done_at is None:
            item.done_at = now or timezone.now()
            item.save(update_fields=["done_at"])
    return item


def carried_actions(*, firm: Firm, checkin: CheckIn) -> list[ActionItem]:
    """Action items on this check-in's agenda: raised at an earlier check-in and not done before it."""
    return list(
        ActionItem.objects.for_firm(firm)
        .filter(engagement_id=checkin.engagement_id, raised_in__scheduled_at__lt=checkin.scheduled_at)
        .filter(Q(done_at__isnull=True) | Q(done_in=checkin) | Q(done_at__gte=checkin.scheduled_at))
        .select_related("raised_in")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class Agenda:
    """What a check-in covers: the guide's three questions, then last time's unfinished business."""

    questions: tuple[tuple[str, str, str], ...]
    carried: list[ActionItem]

    def as_text(self) -> str:
        lines = [f"{i}. {q} {hint}" for i, (_, q, hint) in enumerate(self.questions, start=1)]
        if self.carried:
            lines.append("Action items carried over:")
            lines += [
                f"- [{'x' if a.done_at else ' '}] {a.text} (from check-in {a.raised_in.sequence})"
                for a in self.carried
            ]
        return "\n".join(lines)


def agenda(*, firm: Firm, checkin: CheckIn) -> Agenda:
    """The agenda of one check-in."""
    return Agenda(questions=AGENDA, carried=carried_actions(firm=firm, checkin=checkin))


def agendas_for(*, firm: Firm, engagement: Engagement, checkins: list[CheckIn]) -> dict[int, Agenda]:
    """Agendas of several check-ins from one query (the calendar feed and the dashboard)."""
    if not checkins:
        return {}
    earliest = min(c.scheduled_at for c in checkins)
    items = list(
        ActionItem.objects.for_firm(firm)
        .filter(engagement=engagement)
        .filter(Q(done_at__isnull=True) | Q(done_at__gte=earliest) | Q(done_in__isnull=False))
        .select_related("raised_in")
        .order_by("created_at", "pk")
    )
    result = {}
    for checkin in checkins:
        carried = [
            a
            for a in items
            if a.raised_in.scheduled_at < checkin.scheduled_at
            and (a.done_at is None or a.done_in_id == checkin.pk or a.done_at >= checkin.scheduled_at)
        ]
        result[checkin.pk] = Agenda(questions=AGENDA, carried=carried)
    return result


def upcoming(
    *, firm: Firm, engagement: Engagement, now: datetime, limit: int = 3, with_carried: bool = False
) -> list[CheckIn]:
    """The next scheduled check-ins; `with_carried` counts each one's carried action items (same query)."""
    checkins = CheckIn.objects.for_firm(firm).filter(
        engagement=engagement,
        status=CheckIn.Status.SCHEDULED,
        scheduled_at__gte=now - timedelta(minutes=15),
    )
    if with_carried:
        checkins = checkins.annotate(carried_count=_carried_count(firm))
    return list(checkins.order_by("scheduled_at")[:limit])


def _carried_count(firm: Firm) -> Coalesce:
    """len(carried_actions(checkin)) for the outer check-in, as a subquery."""
    carried = (
        ActionItem.objects.for_firm(firm)
        .filter(engagement_id=OuterRef("engagement_id"), raised_in__scheduled_at__lt=OuterRef("scheduled_at"))
        .filter(
            Q(done_at__isnull=True) | Q(done_in=OuterRef("pk")) | Q(done_at__gte=OuterRef("scheduled_at"))
        )
        .order_by()
        .values("engagement_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(carried), 0)


# --- reminders -----------------------------------------------------------------------------------


def _attendees(firm: Firm, engagement: Engagement) -> list[User]:
    selection = current_selection(firm=firm, engagement=engagement)
    people = [engagement.owner, engagement.external_user, selection.professional.user if selection else None]
    seen, result = set(), []
    for person in people:
        if person is not None and person.pk not in seen and person.is_active:
            seen.add(person.pk)
            result.append(person)
    return result


def _local(user: User, firm: Firm, at: datetime) -> str:
    zone = firm.zone_of(user)
    return f"{at.astimezone(zone):%A %b %-d, %Y at %-I:%M %p} ({zone.key})"


def checkin_reminders_plan(*, firm: Firm, engagement: Engagement, now: datetime) -> int:
    """Plan the email reminder of each check-in starting within a day: once per check-in, time and person."""
    planned = 0
    with firm_scope(firm):
        due = CheckIn.objects.filter(
            engagement=engagement,
            status=CheckIn.Status.SCHEDULED,
            scheduled_at__gt=now,
            scheduled_at__lte=now + REMINDER_LEAD,
        )
        for checkin in due:
            text = agenda(firm=firm, checkin=checkin).as_text()
            for person in _attendees(firm, engagement):
                key = f"{checkin.pk}:{checkin.scheduled_at:%Y%m%dT%H%M}:{person.pk}"
                body = (
                    f"Check-in {checkin.sequence} for {engagement.name}: "
                    f"{_local(person, firm, checkin.scheduled_at)}, "
                    f"{checkin.duration_minutes} minutes.\n\nAgenda\n{text}\n"
                )
                subject = f"Check-in tomorrow: {engagement.name}"
                due_at = max(checkin.scheduled_at - REMINDER_LEAD, now)
                if reminder_plan(
                    firm=firm,
                    kind=REMINDER_KIND,
                    key=key,
                    to=person,
                    subject=subject,
                    body=body,
                    due_at=due_at,
                    url=reverse("performance:checkin", args=[firm.slug, checkin.pk]),
                ):
                    planned += 1
    return planned


def plan_checkins_for_firm(firm: Firm, now: datetime) -> int:
    """Planner for the reminder beat job: extend every active engagement's schedule, plan due reminders."""
    planned = 0
    with firm_scope(firm):
        engagements = list(
            Engagement.objects.filter(stage__in=ACTIVE_STAGES).select_related("owner", "external_user")
        )
    for engagement in engagements:
        with firm_scope(firm):
            checkins_schedule(firm=firm, engagement=engagement, now=now)
            planned += checkin_reminders_plan(firm=firm, engagement=engagement, now=now)
    return planned
