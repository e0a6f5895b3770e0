"""Scaling signals (the guide's "Knowing When It's Time To Scale"), evaluated daily over completed weeks.

(a) the professional at full capacity: ≥ 90% of weekly capacity two weeks running;
(b) a new bottleneck: a category whose backlog or turnaround grew two weeks running, or a
    hit-list category attorneys still do more of than the professional, two weeks running;
(c) attorneys slipping back: non-billable hours rose two weeks running and reached 80% of the audit baseline.

Each alert's key names its subject and the first week of the run that raised it, so a condition
that holds for weeks raises one alert, and a fresh run later raises a new one.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from firmops.messaging.reminders import reminder_plan
from firmops.models import Engagement, Firm, Role, User
from firmops.selectors import firm_members
from firmops.tenancy import firm_scope, firm_transaction
from performance import selectors as s
from performance.checkins import ACTIVE_STAGES
from performance.models import ScalingSignal
from performance.workload import workload

log = logging.getLogger(__name__)

LOOKBACK_WEEKS = 26
FULL = s.FULL_CAPACITY
SLIP_SHARE = Decimal("0.80")
MIN_BACKLOG = 3
MIN_ATTORNEY_HOURS = Decimal("1")
EMAIL_KIND = "performance.signal"
OUTSOURCEABLE = "outsourceable"  # the hit list's bucket value


@dataclass(frozen=True)
class Finding:
    kind: str
    subject: str  # the key without its run start: kind, engagement, what it is about
    run_start: date
    truncated: bool  # the run began before the lookback window: it may be an old run
    title: str
    evidence: dict

    @property
    def key(self) -> str:
        return f"{self.subject}:{self.run_start.isoformat()}"


def _trailing_run(flags: list[bool]) -> int | None:
    """Index where the run of True at the end starts, if the last two weeks are both True."""
    if len(flags) < 2 or not (flags[-1] and flags[-2]):
        return None
    start = len(flags) - 1
    while start > 0 and flags[start - 1]:
        start -= 1
    return start


def _rising_run(values: list) -> int | None:
    """Index of the first rise of a trailing run of strict rises, if the last two weeks both rose."""
    rises = [False] + [
        a is not None and b is not None and b > a for a, b in zip(values, values[1:], strict=False)
    ]
    return _trailing_run(rises)


def _num(value) -> float | None:
    return None if value is None else float(round(Decimal(value), 3))


def _weeks(weeks: list[date], start: int, *columns: tuple[str, list]) -> list[dict]:
    """Evidence rows: the run plus the week before it, at most six."""
    first = max(0, start - 1, len(weeks) - 6)
    return [
        {"week": weeks[i].isoformat(), **{name: _num(vals[i]) for name, vals in columns}}
        for i in range(first, len(weeks))
    ]


def findings(*, firm: Firm, engagement: Engagement, now: datetime) -> list[Finding]:
    """Every signal condition that holds now for one engagement (read-only; a fixed number of queries)."""
    ctx = s.engagement_context(firm=firm, engagement=engagement)
    win = s.window(firm=firm, now=now, weeks=LOOKBACK_WEEKS, completed=True)
    weeks, since = win.weeks, win.weeks[0]
    result: list[Finding] = []
    eng = engagement.pk

    # Both from the weekly rollups: the 26 weeks read the same few rows however long work has run.
    work = workload(firm=firm, engagement=engagement, win=win, since=since, now=now, hits=ctx.hit_list)
    hours = s.attorney_hours(firm=firm, engagement=engagement, since=since, weeks_from=since)
    pros = s.with_selected(work.professionals, ctx.selection)
    for p in pros:
        util = [p.utilisation(w) for w in weeks]
        start = _trailing_run([u is not None and u >= FULL for u in util])
        if start is None:
            continue
        last, prev = util[-1], util[-2]
        result.append(
            Finding(
                ScalingSignal.Kind.FULL_CAPACITY,
                f"full_capacity:{eng}:{p.professional_id}",
                weeks[start],
                start == 0,
                f"{p.name} is at full capacity: {last:.0%} and {prev:.0%} of {p.capacity} h "
                "in the last two weeks",
                {
                    "professional": p.name,
                    "weekly_capacity_hours": p.capacity,
                    "threshold": float(FULL),
                    "weeks": _weeks(
                        weeks, start, ("hours", [p.hours.get(w) for w in weeks]), ("utilisation", util)
                    ),
                },
            )
        )

    for row in work.turnaround:
        start = _rising_run(row.backlog)
        if start is not None and row.backlog[-1] >= MIN_BACKLOG:
            trail = " → ".join(str(b) for b in row.backlog[-3:])
            result.append(
                Finding(
                    ScalingSignal.Kind.BOTTLENECK,
                    f"bottleneck:backlog:{eng}:{row.category}",
                    weeks[start],
                    start <= 1,
                    f"Open {row.label} work grew two weeks running ({trail} items)",
                    {
                        "category": row.category,
                        "label": row.label,
                        "measure": "backlog at week end",
                        "weeks": _weeks(weeks, start, ("open_items", row.backlog)),
                    },
                )
            )
        start = _rising_run(row.weekly_avg)
        if start is not None:
            trail = " → ".join(f"{v:.0f}" for v in row.weekly_avg[-3:])
            result.append(
                Finding(
                    ScalingSignal.Kind.BOTTLENECK,
                    f"bottleneck:turnaround:{eng}:{row.category}",
                    weeks[start],
                    start <= 1,
                    f"{row.label} turnaround grew two weeks running ({trail} h)",
                    {
                        "category": row.category,
                        "label": row.label,
                        "measure": "average turnaround hours",
                        "weeks": _weeks(
                            weeks,
                            start,
                            ("turnaround_hours", row.weekly_avg),
                            ("delivered", row.weekly_delivered),
                        ),
                    },
                )
            )

    attorney, delegated = hours.by_week_and_category, work.category_hours
    for hit in ctx.hit_list:
        if hit.bucket != OUTSOURCEABLE:
            continue
        att = [attorney.get((w, hit.category)) for w in weeks]
        dlg = [delegated.get((w, hit.category), Decimal("0")) for w in weeks]
        flags = [a is not None and a >= MIN_ATTORNEY_HOURS and a > d for a, d in zip(att, dlg, strict=True)]
        start = _trailing_run(flags)
        if start is None:
            continue
        result.append(
            Finding(
                ScalingSignal.Kind.BOTTLENECK,
                f"bottleneck:attorneys:{eng}:{hit.category}",
                weeks[start],
                start == 0,
                f"{hit.label} is still done mostly by attorneys "
                f"({att[-1]:.1f} h by attorneys vs {dlg[-1]:.1f} h delegated last week)",
                {
                    "category": hit.category,
                    "label": hit.label,
                    "audit_attorney_share": float(hit.attorney_share),
                    "weeks": _weeks(weeks, start, ("attorney_hours", att), ("delegated_hours", dlg)),
                },
            )
        )

    if ctx.baseline:
        series = [hours.by_week.get(w) for w in weeks]
        start = _rising_run(series)
        if start is not None and series[-1] >= ctx.baseline * SLIP_SHARE:
            share = series[-1] / ctx.baseline
            result.append(
                Finding(
                    ScalingSignal.Kind.SLIPPING_BACK,
                    f"slipping_back:{eng}",
                    weeks[start],
                    start <= 1,
                    "Attorneys are slipping back: non-billable hours rose two weeks running "
                    f"to {series[-1]:.1f} h "
                    f"({share:.0%} of the {ctx.baseline} h audit baseline)",
                    {
                        "baseline_hours_per_week": float(ctx.baseline),
                        "threshold_share": float(SLIP_SHARE),
                        "weeks": _weeks(weeks, start, ("attorney_hours", series)),
                    },
                )
            )
    return result


def _email_partners(*, firm: Firm, signal: ScalingSignal, now: datetime) -> int:
    """One email per partner per signal, through the reminder relay (its key makes it once)."""
    url = settings.SITE_URL.rstrip("/") + reverse(
        "performance:signals", kwargs={"firm_slug": firm.slug, "engagement_id": signal.engagement_id}
    )
    body = (
        f"{signal.title}\n\nEngagement: {signal.engagement.name}\n\n"
        f"Evidence:\n{json.dumps(signal.evidence, indent=2)}\n\n"
        f"Acknowledge or dismiss it here: {url}\n"
    )
    sent = 0
    for member in firm_members(firm=firm, roles=(Role.PARTNER,)):
        planned = reminder_plan(
            firm=firm,
            kind=EMAIL_KIND,
            key=f"{signal.key}:{member.user_id}",
            to=member.user,
            subject=f"Time to scale? {signal.get_kind_display()} — {signal.engagement.name}",
            body=body,
            due_at=now,
            url=url,
        )
        sent += planned is not None
    return sent


@firm_transaction
def signals_evaluate(
    *, firm: Firm, engagement: Engagement, now: datetime | None = None
) -> list[ScalingSignal]:
    """Raise the signals that hold and were not raised before; returns the new ones."""
    now = now or timezone.now()
    raised = []
    with firm_scope(firm):
        for finding in findings(firm=firm, engagement=engagement, now=now):
            if (
                finding.truncated
                and ScalingSignal.objects.filter(key__startswith=f"{finding.subject}:").exists()
            ):
                continue  # a run older than the lookback, already alerted
            try:
                with transaction.atomic():
                    signal = ScalingSignal.objects.create(
                        firm=firm,
                        engagement=engagement,
                        kind=finding.kind,
                        key=finding.key,
                        title=finding.title[:300],
                        evidence=finding.evidence,
                        raised_at=now,
                    )
            except IntegrityError:
                continue  # raised already: by yesterday's run or a concurrent one
            _email_partners(firm=firm, signal=signal, now=now)
            raised.append(signal)
    return raised


def signals_evaluate_all_firms(*, now: datetime | None = None) -> int:
    """The daily beat job: every active engagement of every firm, each firm in its own scope."""
    now = now or timezone.now()
    count = 0
    for firm in Firm.objects.all():
        try:
            with firm_scope(firm):
                engagements = list(Engagement.objects.filter(stage__in=ACTIVE_STAGES).select_related("owner"))
            for engagement in engagements:
                count += len(signals_evaluate(firm=firm, engagement=engagement, now=now))
        except Exception:  # one firm's bad data must not stop the others
            log.exception("scaling signals failed for firm %s", firm.slug)
    return count


def _act(
    firm: Firm, actor: User, signal: ScalingSignal, status: str, allowed: tuple[str, ...]
) -> ScalingSignal:
    if signal.status not in allowed:
        raise ValidationError({"status": f"This signal is already {signal.get_status_display().lower()}."})
    with firm_scope(firm):
        signal.status, signal.acted_by, signal.acted_at = status, actor, timezone.now()
        signal.save(update_fields=["status", "acted_by", "acted_at"])
    return signal


@firm_transaction
def signal_acknowledge(*, firm: Firm, actor: User, signal: ScalingSignal) -> ScalingSignal:
    """A partner has seen the signal and is acting on it."""
    return _act(firm, actor, signal, ScalingSignal.Status.ACKNOWLEDGED, (ScalingSignal.Status.OPEN,))


@firm_transaction
def signal_dismiss(*, firm: Firm, actor: User, signal: ScalingSignal) -> ScalingSignal:
    """Not a reason to scale; it stays on record but leaves the open list."""
    return _act(
        firm,
        actor,
        signal,
        ScalingSignal.Status.DISMISSED,
        (ScalingSignal.Status.OPEN, ScalingSignal.Status.ACKNOWLEDGED),
    )
