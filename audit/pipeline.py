"""The audit phase's say in the engagement pipeline, the firm dashboard and where people land.

Registered with firmops.engagements.next_actions / firmops.engagements.portfolio (found by their
autodiscovery); reads only through audit.selectors.
"""

from __future__ import annotations

from django.urls import reverse

from audit import selectors
from audit.templatetags.audit_tags import dollars, short_hours
from firmops.engagements.next_actions import ActionContext, NextAction, PhaseReport, register_next_actions
from firmops.engagements.portfolio import Cell, Column, register_landing, register_portfolio_columns
from firmops.models import Role, Stage
from firmops.permissions import MANAGERS, STAFF

LOGGERS = (Role.PARALEGAL, Role.ATTORNEY)  # land on the quick log while their audit week is open


def _url(name: str, firm, **kwargs) -> str:
    return reverse(f"audit:{name}", kwargs={"firm_slug": firm.slug, **kwargs})


def _names(users, limit: int = 3) -> str:
    names = [u.display_name for u in users[:limit]]
    more = len(users) - limit
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _not_yet_sorted(hours, lead: str) -> str:
    """'; 3 h not yet sorted' while tasks await a partner's review (the dollars may still move)."""
    return f"{lead}{short_hours(hours)} h not yet sorted" if hours else ""


def report(ctx: ActionContext) -> PhaseReport:
    """What the audit week has gathered, and what to do about it today."""
    firm, engagement, user = ctx.firm, ctx.engagement, ctx.user
    rep = PhaseReport(Stage.AUDIT)
    manager = ctx.role in MANAGERS
    period = selectors.latest_period(firm=firm, engagement=engagement)
    if period is None:
        if engagement.stage == Stage.AUDIT:
            rep.actions.append(
                NextAction(
                    Stage.AUDIT,
                    "Open the audit week",
                    "Nobody can log tasks until an audit period is open: for a week the team logs what "
                    "eats its time, and firmops ranks what to hand off.",
                    _url("period_new", firm) + f"?engagement={engagement.pk}",
                    80,
                    MANAGERS,
                )
            )
        return rep
    today = firm.today_for(user, now=ctx.now)
    totals = selectors.period_totals(firm=firm, period=period)
    span = f"{period.starts_on:%b %-d} – {period.ends_on:%b %-d}"
    what = "Historical audit" if period.historical else "Audit week"
    rep.done.append(
        f"{what} {span}: {_plural(totals['entries'], 'task', 'tasks')} logged by "
        f"{_plural(totals['people'], 'person', 'people')} ({totals['hours']} h)."
    )
    hits = None
    if manager and totals["entries"]:
        rows = selectors.hit_list(firm=firm, period=period)
        hits = selectors.hit_list_totals(rows), sum(1 for r in rows if r.recoverable_weekly > 0)
        unsorted = _not_yet_sorted(hits[0].unsorted_hours, "; ")
        rep.done.append(
            f"Hit list: {dollars(hits[0].recoverable_annual)} a year of attorney time recoverable "
            f"across {_plural(hits[1], 'category', 'categories')}{unsorted}."
        )
    period_url = _url("period", firm, period_id=period.pk)
    if period.is_open_on(today) and not period.historical:  # nobody logs into a historical period
        _open_week(ctx, rep, period, today, totals, period_url)
    elif today < period.starts_on:
        if manager:
            people = selectors.participants_of(firm=firm, period=period)
            rep.actions.append(
                NextAction(
                    Stage.AUDIT,
                    "Check who takes part in the audit week",
                    f"The audit week starts on {period.starts_on:%A, %b %-d}; "
                    f"{_plural(len(people), 'person is', 'people are')} asked to log.",
                    period_url,
                    30,
                    MANAGERS,
                )
            )
    elif totals["entries"] == 0 and period.historical:
        rep.actions.append(
            NextAction(
                Stage.AUDIT,
                "Import the firm's time records",
                f"The historical audit of {span} has no tasks yet: import the firm's time records for "
                "those dates (LEDES or a CSV export) and the hit list reads them.",
                _url("import", firm),
                75,
                MANAGERS,
            )
        )
    elif totals["entries"] == 0:
        if engagement.stage == Stage.AUDIT:
            rep.actions.append(
                NextAction(
                    Stage.AUDIT,
                    "Open a new audit week",
                    f"The audit week of {span} ended with no tasks logged, so there is no hit list.",
                    _url("period_new", firm) + f"?engagement={engagement.pk}",
                    75,
                    MANAGERS,
                )
            )
    else:
        rep.finished = True
        rep.finished_because = (
            f"The {what.lower()} ended with {_plural(totals['entries'], 'task', 'tasks')} logged"
            + (f"; {dollars(hits[0].recoverable_annual)} a year is recoverable." if hits else ".")
        )
        if engagement.stage == Stage.AUDIT and hits:
            rep.actions.append(
                NextAction(
                    Stage.AUDIT,
                    "Review the hit list",
                    f"{dollars(hits[0].recoverable_annual)} a year of attorney time goes to outsourceable "
                    f"work in {_plural(hits[1], 'category', 'categories')}; correct any misclassified task "
                    "before vetting providers.",
                    _url("hit_list", firm, period_id=period.pk),
                    60,
                    MANAGERS,
                )
            )
    return rep


def _open_week(ctx: ActionContext, rep: PhaseReport, period, today, totals, period_url: str) -> None:
    firm = ctx.firm
    part = selectors.participation_on(firm=firm, period=period, day=today)
    day_n = (today - period.starts_on).days + 1
    log_url = _url("log", firm, period_id=period.pk)
    if any(u.pk == ctx.user.pk for u in part.participants):
        if ctx.user.pk in part.logged_ids:
            rep.actions.append(
                NextAction(
                    Stage.AUDIT,
                    "Log more of today's tasks",
                    f"Day {day_n} of {period.days}: you have logged today; add anything since.",
                    log_url,
                    25,
                    STAFF,
                )
            )
        else:
            rep.actions.append(
                NextAction(
                    Stage.AUDIT,
                    "Log today's tasks",
                    f"Day {day_n} of {period.days} of the audit week, and you have logged nothing today. "
                    "One line per task; Enter saves.",
                    log_url,
                    90,
                    STAFF,
                )
            )
    missing = part.missing
    if ctx.role in MANAGERS and missing:
        n = len(missing)
        rep.actions.append(
            NextAction(
                Stage.AUDIT,
                f"{_plural(n, 'participant has', 'participants have')} not logged today",
                f"{len(part.logged_ids)} of {len(part.participants)} logged on day {day_n}; waiting for "
                f"{_names(missing)}. Each gets an email nudge at the end of their working day "
                f"({firm.core_hours_end:%H:%M}).",
                period_url,
                70,
                MANAGERS,
            )
        )
    if ctx.role == Role.OPS:
        rep.actions.append(
            NextAction(
                Stage.AUDIT,
                "Import tasks from a timesheet or your billing records",
                "For anyone who kept their week in a spreadsheet; or LEDES invoices and practice-management "
                f"exports ({totals['entries']} tasks logged so far).",
                _url("import", firm),
                20,
                (Role.OPS,),
            )
        )


register_next_actions(Stage.AUDIT, report, roles=STAFF)


def columns(*, firm, engagements, now, facts) -> list[Column]:
    """Recoverable dollars a year from each engagement's latest hit list (2 queries)."""
    figures = selectors.audit_figures_by_engagement(firm=firm, engagement_ids=[e.pk for e in engagements])
    facts["audit.figures"] = figures
    column = Column("recoverable", "Recoverable a year")
    for engagement in engagements:
        fig = figures.get(engagement.pk)
        if fig is None:
            column.cells[engagement.pk] = Cell(
                "No audit yet", _url("period_new", firm) + f"?engagement={engagement.pk}"
            )
        elif not fig.entries:
            column.cells[engagement.pk] = Cell(
                "No tasks logged", _url("period", firm, period_id=fig.period.pk)
            )
        else:
            unsorted = _not_yet_sorted(fig.unsorted_hours, ", ")
            column.cells[engagement.pk] = Cell(
                dollars(fig.recoverable_annual),
                _url("hit_list", firm, period_id=fig.period.pk),
                _plural(fig.entries, "task", "tasks") + unsorted,
            )
    return [column]


register_portfolio_columns(10, columns)


def landing(*, firm, membership, now) -> str | None:
    """Paralegals and attorneys land on the quick log while an audit week they take part in is open."""
    if membership.role not in LOGGERS:
        return None
    today = firm.today_for(membership.user, now=now)
    period = selectors.open_period_for_participant(firm=firm, user=membership.user, day=today)
    return _url("log", firm, period_id=period.pk) if period else None


register_landing(10, landing)
