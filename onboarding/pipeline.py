"""Onboarding's say in the engagement pipeline, the firm dashboard and the professional's landing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from firmops.engagements.next_actions import (
    ActionContext,
    NextAction,
    PhaseReport,
    register_after_close,
    register_next_actions,
)
from firmops.engagements.portfolio import Cell, Column, register_landing, register_portfolio_columns
from firmops.models import Role, Stage
from firmops.permissions import MANAGERS, STAFF
from onboarding import exits, packs, selectors
from onboarding.models import PackExport

EVERYONE = (*STAFF, Role.EXTERNAL)
EXIT_ITEMS_SHOWN = 4  # the open exit items named in the next action; the checklist page has them all
FINISHED_PERCENT = 80  # a plan this far done (or past its 30 days) is ready for the performance phase


def _url(name: str, firm, **kwargs) -> str:
    return reverse(f"onboarding:{name}", kwargs={"firm_slug": firm.slug, **kwargs})


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def pack_state(*, firm, engagement) -> tuple[PackExport | None, str]:
    """The latest pack export and whether it still matches the plan: "none", "current", "building", "stale".

    Compares the digest of the document as it would be built now with the stored one, so "out of
    date" means exactly that exporting builds a new PDF (not a guess from timestamps).
    """
    latest = selectors.latest_pack_export(firm=firm, engagement=engagement)
    if latest is None:
        return None, "none"
    try:
        digest = packs.inputs_digest(packs.pack_html(firm=firm, engagement=engagement))
    except ValidationError:  # no plan any more
        return latest, "none"
    if latest.inputs_digest != digest:
        return latest, "stale"
    return latest, "current" if latest.status == PackExport.Status.READY else "building"


def report(ctx: ActionContext) -> PhaseReport | None:
    """The 30-day plan's progress, the viewer's own items, the access checklist and the PDF pack."""
    firm, engagement, user = ctx.firm, ctx.engagement, ctx.user
    if ctx.role == Role.EXTERNAL and not selectors.is_engagement_professional(
        firm=firm, user=user, engagement=engagement
    ):
        return None
    rep = PhaseReport(Stage.ONBOARDING)
    manager = ctx.role in MANAGERS
    if ctx.role != Role.EXTERNAL:
        _exit_checklists(ctx, rep)
    plan_url = _url("plan", firm, engagement_id=engagement.pk)
    plan = selectors.plan_for(firm=firm, engagement=engagement)
    if plan is None:
        pro = selectors.professional_for(firm=firm, engagement=engagement)
        if engagement.stage == Stage.ONBOARDING or not pro.placeholder:
            rep.actions.append(
                NextAction(
                    Stage.ONBOARDING,
                    "Generate the 30-day plan",
                    f"{pro.name[0].upper() + pro.name[1:]} {'will be' if pro.placeholder else 'is'} "
                    "onboarded "
                    "with a plan built from the hit list's top tasks: steps, owners and dates for 30 days.",
                    plan_url,
                    78 if not pro.placeholder else 60,
                    MANAGERS,
                )
            )
        return rep
    today = firm.today(ctx.now)
    progress = selectors.plan_progress(firm=firm, plan=plan)
    rep.done.append(
        f"30-day plan for {plan.professional_name} ({plan.starts_on:%b %-d} – {plan.ends_on:%b %-d}): "
        f"{progress['done']} of {progress['total']} items done ({progress['percent']}%)"
        + (f", {progress['overdue']} overdue." if progress["overdue"] else ".")
    )
    _own_items(ctx, rep, plan, today, plan_url)
    if manager:
        _manager_actions(ctx, rep, plan, progress, plan_url)
    if progress["total"] and (progress["percent"] >= FINISHED_PERCENT or today > plan.ends_on):
        rep.finished = True
        rep.finished_because = f"The 30-day plan is {progress['percent']}% done" + (
            f" and ended on {plan.ends_on:%b %-d}." if today > plan.ends_on else "."
        )
    return rep


def _exit_checklists(ctx: ActionContext, rep: PhaseReport) -> None:
    """A professional who left: ops takes back what they could still use, item by item, until done."""
    firm, engagement = ctx.firm, ctx.engagement
    checklists = exits.exit_checklists(firm=firm, engagement=engagement)
    still = [(c, [i for i in c.checks.all() if not i.done]) for c in checklists]
    for checklist, open_items in still:
        if not open_items:
            rep.done.append(f"Exit checklist for {checklist.professional_name} complete.")
    waiting = [(c, items) for c, items in still if items]
    if not waiting:
        return
    checklist = waiting[-1][0]  # the oldest first: it has waited longest
    items = [i for _, open_items in reversed(waiting) for i in open_items]
    names = ", ".join(dict.fromkeys(c.professional_name for c, _ in reversed(waiting)))
    shown = "; ".join(f"“{i.title}”" for i in items[:EXIT_ITEMS_SHOWN])
    more = len(items) - EXIT_ITEMS_SHOWN
    rep.actions.append(
        NextAction(
            Stage.ONBOARDING,
            f"Finish the exit checklist for {names} ({_n(len(items), 'item', 'items')} open)",
            f"{checklist.get_cause_display()} on {checklist.opened_at:%b %-d}. Take back what they could "
            f"still use. Still open: {shown}" + (f" and {more} more." if more > 0 else "."),
            _url("access", firm, engagement_id=engagement.pk) + "#exit",
            84,
            MANAGERS,
            after_close=True,
        )
    )


def closed_engagements_with_open_exits(firm) -> set[int]:
    """The home queue's question: closed engagements whose exit checklist still waits on ops."""
    return exits.engagement_ids_with_open_exit_checks(firm=firm, stage=Stage.CLOSED)


def _own_items(ctx: ActionContext, rep: PhaseReport, plan, today, plan_url: str) -> None:
    mine = [i for i in selectors.plan_items(firm=ctx.firm, plan=plan) if i.owner_id == ctx.user.pk]
    undone = sorted((i for i in mine if not i.done), key=lambda i: (i.due_on, i.position, i.pk))
    if not undone:
        return
    overdue = [i for i in undone if i.due_on < today]
    external = ctx.role == Role.EXTERNAL
    if overdue:
        first = overdue[0]
        rep.actions.append(
            NextAction(
                Stage.ONBOARDING,
                f"{_n(len(overdue), 'of your plan items is', 'of your plan items are')} overdue",
                f"“{first.title}” was due {first.due_on:%a %b %-d}; tick it when done.",
                plan_url + "?mine=1",
                86 if external else 74,
                EVERYONE,
            )
        )
        return
    nxt = undone[0]
    rep.actions.append(
        NextAction(
            Stage.ONBOARDING,
            f"Next in your plan: {nxt.title}",
            f"Due {nxt.due_on:%a %b %-d}; {len(mine) - len(undone)} of your {len(mine)} items done.",
            f"{plan_url}#item-{nxt.pk}",
            80 if external else (55 if (nxt.due_on - today).days <= 1 else 30),
            EVERYONE,
        )
    )


def _manager_actions(ctx: ActionContext, rep: PhaseReport, plan, progress, plan_url: str) -> None:
    firm, engagement = ctx.firm, ctx.engagement
    if progress["overdue"]:
        rep.actions.append(
            NextAction(
                Stage.ONBOARDING,
                f"{_n(progress['overdue'], 'plan item', 'plan items')} overdue",
                f"{progress['done']} of {progress['total']} items are done; overdue items slow the "
                f"professional's first month. Nudge their owners or move the dates.",
                plan_url,
                70,
                MANAGERS,
            )
        )
    open_checks = [c for c in selectors.access_checks(firm=firm, plan=plan) if not c.complete]
    if open_checks:
        rep.actions.append(
            NextAction(
                Stage.ONBOARDING,
                f"Finish the access checklist ({_n(len(open_checks), 'system', 'systems')} open)",
                f"NDA, named account, MFA and least privilege before access: "
                f"{', '.join(c.system for c in open_checks[:4])} still open.",
                _url("access", firm, engagement_id=engagement.pk),
                62,
                MANAGERS,
            )
        )
    else:
        rep.done.append("Access checklist complete.")
    if engagement.stage != Stage.ONBOARDING:
        return  # the pack is the onboarding stage's deliverable; rebuilding it later is on demand
    latest, state = pack_state(firm=firm, engagement=engagement)
    pack_url = _url("pack", firm, engagement_id=engagement.pk)
    if state == "current":
        rep.done.append(f"Onboarding pack exported {latest.finished_at or latest.created_at:%b %-d}.")
    elif state == "stale":
        rep.actions.append(
            NextAction(
                Stage.ONBOARDING,
                "Onboarding pack out of date — export",
                "The plan, guide or checklist changed since the pack of "
                f"{latest.created_at:%b %-d} was built.",
                pack_url,
                58 if ctx.role == Role.OPS else 48,
                MANAGERS,
            )
        )
    elif state == "none":
        rep.actions.append(
            NextAction(
                Stage.ONBOARDING,
                "Export the onboarding pack",
                f"One PDF for {plan.professional_name}: the plan, the How We Work guide, contacts "
                "and checklists.",
                pack_url,
                56 if ctx.role == Role.OPS else 46,
                MANAGERS,
            )
        )


register_next_actions(Stage.ONBOARDING, report, roles=EVERYONE)
register_after_close(closed_engagements_with_open_exits)


def columns(*, firm, engagements, now, facts) -> list[Column]:
    """Onboarding progress: % of plan items done (1 query)."""
    progress = selectors.plan_progress_by_engagement(firm=firm, engagement_ids=[e.pk for e in engagements])
    selections = facts.get("providers.selections", {})
    column = Column("onboarding", "Onboarding")
    for engagement in engagements:
        url = _url("plan", firm, engagement_id=engagement.pk)
        p = progress.get(engagement.pk)
        if p is not None:
            overdue = f", {p['overdue']} overdue" if p["overdue"] else ""
            column.cells[engagement.pk] = Cell(
                f"{p['percent']}% done", url, f"{p['done']} of {p['total']} items{overdue}"
            )
        elif engagement.pk in selections or engagement.stage == Stage.ONBOARDING:
            column.cells[engagement.pk] = Cell("No plan yet", url)
    return [column]


register_portfolio_columns(30, columns)


def landing(*, firm, membership, now) -> str | None:
    """The outsourced professional lands on their 30-day plan (or the list, if they work on several)."""
    if membership.role != Role.EXTERNAL:
        return None
    engagements = selectors.engagements_for_member(firm=firm, membership=membership)
    if len(engagements) == 1:
        return _url("plan", firm, engagement_id=engagements[0].pk)
    return _url("index", firm) if engagements else None


register_landing(30, landing)
