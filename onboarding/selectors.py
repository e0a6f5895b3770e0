"""Reads of onboarding, and the one place that decides who may see which engagement's onboarding."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from firmops.models import Engagement, Firm, Membership, Role, Stage, User
from firmops.permissions import MANAGERS
from firmops.selectors import firm_members
from firmops.tenancy import get_for_firm
from onboarding import defaults
from onboarding.hours import SharedHours, shared_core_hours
from onboarding.models import (
    AccessCheck,
    FirmTool,
    Guide,
    GuideVersion,
    PackExport,
    Plan,
    PlanItem,
    PlanTemplateItem,
    TaskPlaybook,
    Track,
)
from onboarding.plans import DelegatedTask, Playbook, TemplateLine
from providers.selectors import current_selection, role_turnaround_targets, selected_engagement_ids

DELEGATED_LIMIT = 5  # the top of the hit list: what a first outsourced professional takes on


@dataclass(frozen=True)
class Professional:
    """Who the plan is for: the selected professional, or a placeholder until vetting picks one."""

    name: str
    email: str
    time_zone: str
    user: User | None
    placeholder: bool


@dataclass(frozen=True)
class Contact:
    """Who answers which questions, and when (in the firm's zone and the professional's)."""

    topic: str
    name: str
    role: str
    email: str
    hours: str


# --- who sees what -------------------------------------------------------------------------


def professional_user(*, firm: Firm, engagement: Engagement) -> User | None:
    """The professional's account: the engagement's external user, else the selected professional's."""
    if engagement.external_user_id:
        return engagement.external_user
    selection = current_selection(firm=firm, engagement=engagement)
    return selection.professional.user if selection and selection.professional.user_id else None


def is_engagement_professional(*, firm: Firm, user: User, engagement: Engagement) -> bool:
    """Is this user the outsourced professional of this engagement (by account or by selection)?"""
    if engagement.external_user_id == user.pk:
        return True
    selection = current_selection(firm=firm, engagement=engagement)
    return selection is not None and selection.professional.user_id == user.pk


def engagements_for_member(*, firm: Firm, membership: Membership) -> list[Engagement]:
    """Engagements whose onboarding a member may open: all for staff, only their own for the professional."""
    qs = (
        Engagement.objects.for_firm(firm)
        .select_related("owner", "external_user")
        .order_by("-started_on", "-pk")
    )
    if membership.role != Role.EXTERNAL:
        return list(qs)
    user = membership.user
    picked = selected_engagement_ids(firm=firm, user=user)
    candidates = qs.filter(Q(external_user=user) | Q(pk__in=picked))
    return [e for e in candidates if is_engagement_professional(firm=firm, user=user, engagement=e)]


def onboarding_engagement(*, firm: Firm, membership: Membership, engagement_id) -> Engagement:
    """The engagement if this member may see its onboarding; one 404 for missing, foreign or not theirs."""
    engagement = get_for_firm(Engagement, firm=firm, pk=engagement_id)
    if membership.role == Role.EXTERNAL and not is_engagement_professional(
        firm=firm, user=membership.user, engagement=engagement
    ):
        raise Http404("No engagement here.")
    return engagement


def can_edit_item(*, membership: Membership, item: PlanItem) -> bool:
    """Partners and ops tick anything; everyone else ticks the items they own."""
    if membership.role in MANAGERS:
        return True
    if membership.role == Role.EXTERNAL:
        return item.owner_role == Role.EXTERNAL and item.owner_id in (None, membership.user_id)
    return item.owner_id == membership.user_id


# --- inputs of a plan ----------------------------------------------------------------------


def delegated_tasks(
    *, firm: Firm, engagement: Engagement, limit: int = DELEGATED_LIMIT
) -> list[DelegatedTask]:
    """The outsourceable categories at the top of the engagement's latest hit list."""
    from audit.selectors import hit_list, latest_period  # the audit app is read only through its selectors

    period = latest_period(firm=firm, engagement=engagement)
    if period is None:
        return []
    rows = [
        r for r in hit_list(firm=firm, period=period) if r.bucket == "outsourceable" and r.category != "other"
    ]
    return [DelegatedTask(category=r.category, label=r.label) for r in rows[:limit]]


def professional_for(*, firm: Firm, engagement: Engagement) -> Professional:
    """The selected professional; else the engagement's external account; else a placeholder."""
    selection = current_selection(firm=firm, engagement=engagement)
    if selection is not None:
        pro = selection.professional
        user = pro.user or engagement.external_user
        return Professional(pro.name, pro.email or (user.email if user else ""), pro.time_zone, user, False)
    user = engagement.external_user
    if user is not None:
        return Professional(user.display_name, user.email, user.time_zone or firm.time_zone, user, False)
    return Professional("the outsourced professional", "", firm.time_zone, None, True)


def tools_for(*, firm: Firm, active_only: bool = True) -> list[FirmTool]:
    qs = FirmTool.objects.for_firm(firm)
    return list(qs.filter(is_active=True) if active_only else qs)


def tool_names(firm: Firm) -> list[str]:
    """The names of the firm's active tools (what the vetting phase's role draft lists)."""
    return [t.name for t in tools_for(firm=firm)]


def template_lines(*, firm: Firm) -> list[TemplateLine]:
    """The firm's active template lines, or the built-in default when it has not customised any."""
    rows = list(PlanTemplateItem.objects.for_firm(firm))
    if not rows:
        return [TemplateLine(*row) for row in defaults.TEMPLATE_ROWS]
    rows.sort(key=lambda r: (r.position, r.pk))
    return [
        TemplateLine(
            r.key,
            r.track,
            r.scope,
            r.day,
            r.stagger_days,
            r.repeat_every_days,
            r.owner_role,
            r.milestone,
            r.title,
            r.body,
            r.link,
        )
        for r in rows
        if r.is_active
    ]


def playbooks_for(
    *, firm: Firm, tasks: list[DelegatedTask], engagement: Engagement | None = None
) -> list[Playbook]:
    """Each delegated task with the firm's expectations for it (the firm's edits over the built-in ones).

    The engagement's role definition, when it has one, sets the turnaround it promised the provider.
    """
    targets = role_turnaround_targets(firm=firm, engagement=engagement) if engagement is not None else {}
    saved = {
        p.category: p
        for p in TaskPlaybook.objects.for_firm(firm).filter(category__in=[t.category for t in tasks])
    }
    result = []
    for task in tasks:
        base = defaults.playbook_defaults(task.category, task.label)
        own = saved.get(task.category)
        result.append(
            Playbook(
                category=task.category,
                label=task.label,
                walkthrough_title=(own and own.walkthrough_title) or base.walkthrough_title,
                walkthrough_url=(own and own.walkthrough_url) or "",
                formatting=(own and own.formatting) or base.formatting,
                tone=(own and own.tone) or base.tone,
                turnaround=targets.get(task.category) or (own and own.turnaround) or base.turnaround,
            )
        )
    return result


def playbook_categories(*, firm: Firm) -> dict[str, str]:
    """Task categories to set expectations for: those the firm's plans delegate, then the built-in ones."""
    categories: dict[str, str] = {}
    for delegated in Plan.objects.for_firm(firm).values_list("delegated", flat=True):
        for task in delegated or []:
            categories.setdefault(task["category"], task["label"])
    for slug in [
        *defaults.PLAYBOOKS,
        *TaskPlaybook.objects.for_firm(firm).values_list("category", flat=True),
    ]:
        categories.setdefault(slug, defaults.LABELS.get(slug) or slug.replace("_", " ").capitalize())
    return categories


def shared_hours(
    *, firm: Firm, time_zone: str, day_start: datetime.time, day_end: datetime.time, on: datetime.date
) -> SharedHours:
    return shared_core_hours(
        on=on,
        firm_zone=firm.time_zone,
        firm_start=firm.core_hours_start,
        firm_end=firm.core_hours_end,
        other_zone=time_zone,
        other_start=day_start,
        other_end=day_end,
    )


def plan_shared_hours(*, firm: Firm, plan: Plan) -> SharedHours:
    return shared_hours(
        firm=firm,
        time_zone=plan.professional_time_zone,
        day_start=plan.day_start,
        day_end=plan.day_end,
        on=plan.starts_on,
    )


# --- plans and items -----------------------------------------------------------------------


def plan_for(*, firm: Firm, engagement: Engagement) -> Plan | None:
    return (
        Plan.objects.for_firm(firm).filter(engagement=engagement).select_related("professional_user").first()
    )


def plan_items(*, firm: Firm, plan: Plan) -> list[PlanItem]:
    return list(PlanItem.objects.for_firm(firm).filter(plan=plan).select_related("owner"))


def items_by_week(items: list[PlanItem]) -> OrderedDict[str, list[PlanItem]]:
    """Days 1–7 are week 1, and so on: how the plan reads on the page and in the pack."""
    weeks: OrderedDict[str, list[PlanItem]] = OrderedDict()
    for item in sorted(items, key=lambda i: (i.day, i.position, i.pk or 0)):
        week = (item.day - 1) // 7 + 1
        label = f"Week {week} · days {7 * week - 6}–{min(7 * week, 30)}"
        weeks.setdefault(label, []).append(item)
    return weeks


def items_by_track(items: list[PlanItem]) -> list[tuple[str, list[PlanItem]]]:
    return [(label, [i for i in items if i.track == value]) for value, label in Track.choices]


def plan_progress(*, firm: Firm, plan: Plan) -> dict[str, int]:
    today = firm.today()
    row = (
        PlanItem.objects.for_firm(firm)
        .filter(plan=plan)
        .aggregate(
            n_total=Count("pk"),
            n_done=Count(
                "pk", filter=Q(done=True)
            ),  # not `done=`: an aggregate may not shadow the field it filters
            n_overdue=Count("pk", filter=Q(done=False, due_on__lt=today)),
        )
    )
    counts = {"total": row["n_total"], "done": row["n_done"], "overdue": row["n_overdue"]}
    counts["percent"] = round(100 * counts["done"] / counts["total"]) if counts["total"] else 0
    return counts


def overdue_items(
    *, firm: Firm, today: datetime.date | None = None, limit: int | None = 50
) -> list[PlanItem]:
    """Undone plan items past their due date (the firm's today), oldest first, for the partner's dashboard."""
    today = today or firm.today()
    qs = (
        PlanItem.objects.for_firm(firm)
        .filter(done=False, due_on__lt=today)
        .exclude(plan__engagement__stage=Stage.CLOSED)
        .select_related("plan__engagement", "owner")
        .order_by("due_on", "position")
    )
    return list(qs[:limit] if limit else qs)


def items_due_on(*, firm: Firm, day: datetime.date) -> QuerySet[PlanItem]:
    """Undone items due on a day, with an owner to remind."""
    return (
        PlanItem.objects.for_firm(firm)
        .filter(done=False, due_on=day, owner__isnull=False)
        .exclude(plan__engagement__stage=Stage.CLOSED)
        .select_related("plan__engagement", "owner")
        .order_by("owner_id", "position")
    )


def access_checks(*, firm: Firm, plan: Plan) -> list[AccessCheck]:
    return list(AccessCheck.objects.for_firm(firm).filter(plan=plan))


# --- the guide -----------------------------------------------------------------------------


def guide_for(*, firm: Firm, engagement: Engagement) -> Guide | None:
    return Guide.objects.for_firm(firm).filter(engagement=engagement).first()


def guide_current(*, firm: Firm, guide: Guide) -> GuideVersion | None:
    return (
        GuideVersion.objects.for_firm(firm)
        .filter(guide=guide)
        .select_related("created_by")
        .order_by("-number")
        .first()
    )


def guide_versions(*, firm: Firm, guide: Guide) -> list[GuideVersion]:
    return list(
        GuideVersion.objects.for_firm(firm)
        .filter(guide=guide)
        .select_related("created_by")
        .order_by("-number")
    )


def _first_member(firm: Firm, role: str) -> User | None:
    members = firm_members(firm=firm, roles=(role,))
    return members[0].user if members else None


def role_owner(*, firm: Firm, engagement: Engagement, role: str, professional: User | None) -> User | None:
    """Who does a line owned by a role: the professional, the engagement's partner, or the first member."""
    if role == Role.EXTERNAL:
        return professional
    if role == Role.PARTNER:
        return engagement.owner
    return _first_member(firm, role) or engagement.owner


def contacts(*, firm: Firm, engagement: Engagement, hours: SharedHours | None = None) -> list[Contact]:
    """Key contacts: IT and access questions go to ops, case questions to the attorney and the partner."""
    day = f"{firm.core_hours_start:%H:%M}–{firm.core_hours_end:%H:%M} {firm.time_zone}"
    shared = (
        f" (shared with you: {hours.other_span})"
        if hours and hours.start and hours.other_zone != firm.time_zone
        else ""
    )
    rows = []
    for topic, role, user in (
        ("IT, accounts and access", Role.OPS, _first_member(firm, Role.OPS)),
        ("Case questions", Role.ATTORNEY, _first_member(firm, Role.ATTORNEY)),
        ("Case questions and escalations", Role.PARTNER, engagement.owner),
    ):
        if user is not None:
            rows.append(Contact(topic, user.display_name, Role(role).label, user.email, day + shared))
    return rows


def pack_exports(*, firm: Firm, engagement: Engagement, limit: int = 10) -> list[PackExport]:
    return list(
        PackExport.objects.for_firm(firm).filter(engagement=engagement).select_related("requested_by")[:limit]
    )


def plan_progress_by_engagement(*, firm: Firm, engagement_ids: list[int]) -> dict[int, dict[str, int]]:
    """Each engagement's plan progress (as plan_progress) for many engagements in 1 query."""
    today = firm.today()
    rows = (
        Plan.objects.for_firm(firm)
        .filter(engagement_id__in=engagement_ids)
        .annotate(
            n_total=Count("items"),
            n_done=Count("items", filter=Q(items__done=True)),
            n_overdue=Count("items", filter=Q(items__done=False, items__due_on__lt=today)),
        )
        .values_list("engagement_id", "n_total", "n_done", "n_overdue")
    )
    return {
        engagement_id: {
            "total": total,
            "done": done,
            "overdue": overdue,
            "percent": round(100 * done / total) if total else 0,
        }
        for engagement_id, total, done, overdue in rows
    }


def latest_pack_export(*, firm: Firm, engagement: Engagement) -> PackExport | None:
    return (
        PackExport.objects.for_firm(firm).filter(engagement=engagement).order_by("-created_at", "-pk").first()
    )
