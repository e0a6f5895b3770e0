"""Performance's say in the engagement pipeline and the firm dashboard (reads performance.selectors)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from firmops.engagements.next_actions import ActionContext, NextAction, PhaseReport, register_next_actions
from firmops.engagements.portfolio import Cell, Column, register_portfolio_columns
from firmops.models import Role, Stage
from firmops.permissions import MANAGERS, STAFF
from performance import firmwide
from performance import selectors as s
from performance.checkins import upcoming
from performance.templatetags.performance_tags import hrs, money, panel_for
from performance.weeks import monday

EVERYONE = (*STAFF, Role.EXTERNAL)
RUNNING = (Stage.ONBOARDING, Stage.PERFORMING, Stage.CLOSED)  # outsourced work may have begun


def _url(name: str, firm, **kwargs) -> str:
    return reverse(f"performance:{name}", kwargs={"firm_slug": firm.slug, **kwargs})


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def report(ctx: ActionContext) -> PhaseReport | None:
    """ROI, scaling signals, the next check-in, overdue work and the attorney's weekly hours."""
    firm, engagement, now = ctx.firm, ctx.engagement, ctx.now
    if engagement.stage not in RUNNING:
        return None
    rep = PhaseReport(Stage.PERFORMING)
    external = ctx.role == Role.EXTERNAL
    eid = engagement.pk
    if not external:
        panel = panel_for(firm=firm, engagement=engagement, now=now)
        if panel.roi_through:
            rep.done.append(
                f"ROI to date: {money(panel.roi_net)} ({hrs(panel.recovered_hours)} of attorney time "
                "recovered "
                f"through {panel.roi_through:%b %-d})."
            )
        if panel.open_signals and ctx.role == Role.PARTNER:
            rep.actions.append(
                NextAction(
                    Stage.PERFORMING,
                    f"{_n(panel.open_signals, 'open scaling signal', 'open scaling signals')} — review",
                    "It may be time to hand off more work or add a second professional; acknowledge or "
                    "dismiss "
                    "each signal with its evidence.",
                    _url("signals", firm, engagement_id=eid),
                    65,
                    (Role.PARTNER,),
                )
            )
    _checkin_action(ctx, rep)
    items, count = s.overdue_items(firm=firm, engagement=engagement, now=now, limit=50)
    if external:
        items = [i for i in items if i.professional.user_id == ctx.user.pk]
        count = len(items)
    if count:
        rep.actions.append(
            NextAction(
                Stage.PERFORMING,
                f"{_n(count, 'work item', 'work items')} overdue",
                f"“{items[0].title}” was due "
                f"{timezone.localtime(items[0].due_at, firm.zone):%a %b %-d %H:%M}.",
                _url("work_items", firm, engagement_id=eid),
                84 if external else 60,
                EVERYONE,
            )
        )
    if ctx.role in (Role.ATTORNEY, Role.PARTNER) and engagement.stage == Stage.PERFORMING:
        week = monday(timezone.localtime(now, firm.zone).date())
        if not s.attorney_logged_since(firm=firm, engagement=engagement, attorney=ctx.user, since=week):
            rep.actions.append(
                NextAction(
                    Stage.PERFORMING,
                    "Log your non-billable hours for this week",
                    f"Nothing logged since Monday {week:%b %-d}; these hours are how firmops sees the "
                    "attorney time outsourcing gives back.",
                    _url("hours", firm, engagement_id=eid),
                    50 if ctx.role == Role.ATTORNEY else 35,
                    (Role.ATTORNEY, Role.PARTNER),
                )
            )
    return rep


def _checkin_action(ctx: ActionContext, rep: PhaseReport) -> None:
    firm, engagement = ctx.firm, ctx.engagement
    nxt = next(iter(upcoming(firm=firm, engagement=engagement, now=ctx.now, limit=1)), None)
    if nxt is None:
        if engagement.stage == Stage.PERFORMING:
            rep.actions.append(
                NextAction(
                    Stage.PERFORMING,
                    "Schedule the biweekly check-ins",
                    "No check-in is scheduled: fifteen minutes every two weeks on what works, the "
                    "roadblocks and what to improve.",
                    _url("checkins", firm, engagement_id=engagement.pk),
                    60,
                    MANAGERS,
                )
            )
        return
    local = timezone.localtime(nxt.scheduled_at, firm.zone)
    days = (local.date() - timezone.localtime(ctx.now, firm.zone).date()).days
    when = {0: "today", 1: "tomorrow"}.get(days, f"on {local:%a %b %-d}")
    rep.actions.append(
        NextAction(
            Stage.PERFORMING,
            f"Check-in {when} at {local:%H:%M}",
            f"Check-in {nxt.sequence}: what's working, the roadblocks, and what to improve"
            f" ({firm.time_zone}).",
            _url("checkin", firm, checkin_id=nxt.pk),
            86 if days <= 0 else 77 if days == 1 else 30,
            EVERYONE,
        )
    )


register_next_actions(Stage.PERFORMING, report, roles=EVERYONE)


def columns(*, firm, engagements, now, facts) -> list[Column]:
    """ROI to date and open scaling signals (4 queries, reusing the audit baseline and the selections)."""
    ids = [e.pk for e in engagements]
    baselines = {eid: f.baseline_weekly for eid, f in facts.get("audit.figures", {}).items()}
    rois = firmwide.roi_by_engagement(
        firm=firm,
        engagements=engagements,
        now=now,
        baselines=baselines,
        selections=facts.get("providers.selections", {}),
    )
    signals = firmwide.open_signal_counts(firm=firm, engagement_ids=ids)
    roi_column, signal_column = Column("roi", "ROI to date"), Column("signals", "Open scaling signals")
    for e in engagements:
        roi = rois.get(e.pk)
        if roi is not None:
            roi_column.cells[e.pk] = Cell(
                money(roi.net),
                _url("dashboard", firm, engagement_id=e.pk),
                f"{hrs(roi.recovered_hours)} recovered" if roi.through else "no full week yet",
            )
        if e.stage in (Stage.PERFORMING, Stage.CLOSED) or signals.get(e.pk):
            n = signals.get(e.pk, 0)
            signal_column.cells[e.pk] = Cell(str(n), _url("signals", firm, engagement_id=e.pk))
    return [roi_column, signal_column]


register_portfolio_columns(40, columns)
