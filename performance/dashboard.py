"""One engagement's performance in one object: the dashboard, the weekly PDF and the API all read this.

The charts are built here, once, so the page and the report cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from django.utils.safestring import SafeString

from firmops.models import Engagement, Firm
from performance import charts
from performance import selectors as s
from performance.checkins import Agenda, agendas_for, upcoming
from performance.models import CheckIn, ScalingSignal, WorkItem
from performance.surveys.results import SurveyResults, survey_results
from performance.weeks import last_completed_week, monday
from performance.workload import workload

WEEKS = 12


@dataclass
class Performance:
    firm: Firm
    engagement: Engagement
    now: datetime
    context: s.Context
    window: s.Window
    turnaround: list[s.CategoryTurnaround]
    overall_turnaround: list[Decimal | None]
    professionals: list[s.ProfessionalWeeks]
    hours_by_week: dict[date, Decimal]
    velocity: s.Velocity
    satisfaction: s.Satisfaction
    surveys: SurveyResults
    roi: s.Roi
    signals: list[ScalingSignal]
    upcoming: list[CheckIn]  # each with `carried_count`
    overdue: list[WorkItem]
    overdue_count: int

    @cached_property
    def agendas(self) -> dict[int, Agenda]:
        """The upcoming check-ins' agendas in full (1 query, on first use: the page needs only counts)."""
        return agendas_for(firm=self.firm, engagement=self.engagement, checkins=self.upcoming)

    @property
    def began_on(self) -> date:
        return self.context.began_on

    @property
    def baseline(self) -> Decimal | None:
        return self.context.baseline

    @property
    def weekly_hours(self) -> list[Decimal | None]:
        return [self.hours_by_week.get(w) for w in self.window.weeks]

    @property
    def last_week(self) -> date:
        return last_completed_week(self.firm, self.now)

    @property
    def last_week_hours(self) -> Decimal | None:
        return self.hours_by_week.get(self.last_week)

    @property
    def hours_vs_baseline(self) -> Decimal | None:
        """Last completed week's attorney non-billable hours as a share of the audit baseline."""
        if self.baseline in (None, 0) or self.last_week_hours is None:
            return None
        return (self.last_week_hours / self.baseline).quantize(Decimal("0.001"))

    def utilisation_rows(self) -> list[dict]:
        rows = []
        for p in self.professionals:
            weekly = [p.utilisation(w) for w in self.window.weeks]
            rows.append(
                {
                    "professional": p,
                    "weekly": weekly,
                    "last": p.utilisation(self.last_week),
                    "last_hours": p.hours.get(self.last_week, Decimal("0")),
                }
            )
        return rows

    def _turnaround_over(self, sl: slice) -> Decimal | None:
        weekly = [r.weekly_avg[sl] for r in self.turnaround]
        counts = [r.weekly_delivered[sl] for r in self.turnaround]
        flat_avg = [a for row in weekly for a in row]
        flat_n = [n for row in counts for n in row]
        return s.q2(s.weighted(flat_avg, flat_n)) if flat_avg else None

    @property
    def recent_turnaround(self) -> Decimal | None:
        """Average turnaround of the last four weeks (this one included)."""
        return self._turnaround_over(slice(-4, None))

    @property
    def earlier_turnaround(self) -> Decimal | None:
        """Average turnaround of the four weeks before those."""
        return self._turnaround_over(slice(-8, -4))

    @property
    def delivered_count(self) -> int:
        return sum(r.delivered for r in self.turnaround)

    def backlog_total(self) -> list[int]:
        return [sum(r.backlog[i] for r in self.turnaround) for i in range(len(self.window.weeks))]

    def charts(self, *, width: int = 640) -> dict[str, SafeString]:
        return build_charts(self, width=width)


def engagement_performance(
    *, firm: Firm, engagement: Engagement, now: datetime, weeks: int = WEEKS
) -> Performance:
    """Everything the dashboard shows, from a fixed number of queries whatever the amount of data.

    10 queries (9 when `engagement` comes from `s.with_plan_start`): plan, selection, the latest audit
    period with its hit list, the work rollup with the open items, the hour rollup, check-ins with
    their carried action counts, the most overdue items (none asked when there are none), matters
    with survey scores and client surveys sent, the latest comments, open signals. Work and hours
    come from the weekly rollups (performance.rollup): the SQL reads the window's weeks and the
    months before them, not every row of the engagement's history.
    """
    context = s.engagement_context(firm=firm, engagement=engagement)
    win = s.window(firm=firm, now=now, weeks=weeks)
    since = min(context.began_on, win.weeks[0])
    work = workload(firm=firm, engagement=engagement, win=win, since=since, now=now, hits=context.hit_list)
    rows = work.turnaround
    pros = s.with_selected(work.professionals, context.selection)
    hours = s.attorney_hours(firm=firm, engagement=engagement, since=since, weeks_from=win.weeks[0])
    next_checkins = upcoming(firm=firm, engagement=engagement, now=now, with_carried=True)
    matters, scores, sent = s.matters_and_scores(firm=firm, engagement=engagement, began_on=context.began_on)
    overdue = list(s.overdue(firm=firm, engagement=engagement, now=now)[:10]) if work.overdue_count else []
    return Performance(
        firm=firm,
        engagement=engagement,
        now=now,
        context=context,
        window=win,
        turnaround=rows,
        overall_turnaround=s.overall_weekly_turnaround(rows, len(win.weeks)),
        professionals=pros,
        hours_by_week=hours.by_week,
        velocity=s.velocity(firm=firm, engagement=engagement, began_on=context.began_on, matters=matters),
        satisfaction=s.satisfaction(firm=firm, engagement=engagement, win=win, scores=scores),
        surveys=survey_results(began_on=context.began_on, scores=scores, sent=sent),
        roi=s.roi(
            firm=firm,
            began_on=context.began_on,
            baseline=context.baseline,
            hours=hours,
            pros=pros,
            now=now,
            weeks_from=win.weeks[0],
        ),
        signals=s.open_signals(firm=firm, engagement=engagement),
        upcoming=next_checkins,
        overdue=overdue,
        overdue_count=work.overdue_count,
    )


def _week_labels(weeks: list[date]) -> list[str]:
    return [f"{w:%b} {w.day}" for w in weeks]


def build_charts(perf: Performance, *, width: int = 640) -> dict[str, SafeString]:
    """The dashboard's charts; the weekly PDF embeds the same ones, drawn wider for its page.

    Weekly totals (hours, utilisation) stop at the last completed week: a running week reads as a dip.
    """
    labels = _week_labels(perf.window.weeks)
    started = monday(perf.began_on)

    def weekly(p: s.ProfessionalWeeks) -> list[tuple[date, Decimal | None]]:
        return [(w, p.utilisation(w)) for w in perf.window.weeks]

    result = {}
    baseline = perf.baseline
    result["hours"] = charts.line_chart(
        title="Attorney non-billable hours per week",
        labels=labels,
        series=[charts.Series("Logged", perf.weekly_hours[:-1] + [None])],
        suffix=" h",
        reference=charts.Reference("Audit baseline", float(baseline)) if baseline is not None else None,
        width=width,
    )
    top = sorted(perf.turnaround, key=lambda r: -r.delivered)[:3]
    result["turnaround"] = charts.line_chart(
        title="Turnaround (hours from assignment to delivery)",
        labels=labels,
        series=[charts.Series("All work", perf.overall_turnaround)]
        + [charts.Series(r.label, r.weekly_avg, dashed=True) for r in top if r.delivered],
        suffix=" h",
        width=width,
    )
    result["backlog"] = charts.bar_chart(
        title="Open work at the end of each week",
        labels=labels,
        series=[charts.Series("Open items", perf.backlog_total())],
        width=width,
    )
    result["utilisation"] = charts.line_chart(
        title="Utilisation of weekly capacity",
        labels=labels,
        series=[
            charts.Series(
                p.name, [None if w < started or u is None else u * 100 for w, u in weekly(p)][:-1] + [None]
            )
            for p in perf.professionals
        ],
        suffix="%",
        reference=charts.Reference("Full capacity (90%)", 90.0),
        at_least=100.0,
        width=width,
    )
    months = perf.roi.months[-12:]
    result["roi"] = charts.bar_chart(
        title="By month: attorney time recovered vs outsourcing vs an associate",
        labels=[f"{m.month:%b %Y}" for m in months],
        series=[
            charts.Series("Value of recovered attorney time", [m.value for m in months], color="#0b6e4f"),
            charts.Series("Outsourcing cost", [m.cost for m in months], color="#1f4e79"),
            charts.Series("Associate's cost", [m.associate_cost for m in months], color="#8a5300"),
        ],
        prefix="$",
        width=width,
    )
    result["satisfaction"] = charts.line_chart(
        title="Client satisfaction (average score, 1–5)",
        labels=labels,
        series=[charts.Series("Average score", perf.satisfaction.weekly)],
        at_least=5.0,
        width=width,
    )
    return result
