"""Writes of onboarding: templates and tools, generating the plan, ticking items and access, the guide."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from firmops.messaging.outbox import enqueue_on_commit
from firmops.models import Engagement, Firm, Membership, User
from firmops.tenancy import firm_transaction
from onboarding import defaults, selectors
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
    ToolKind,
)
from onboarding.packs import PROGRESS, inputs_digest, pack_html, pack_needs_build
from onboarding.plans import DelegatedTask, PlanInputs, Tool, draft_items, validate_template_text
from onboarding.tasks import build_pack
from providers.selectors import access_standing, role_delegated_categories
from providers.services import evidence_override_reason

GUIDE_SECTION_LIMIT = 20_000  # characters per section: a guide, not a manual


# --- the firm's templates, tools and task playbooks ---------------------------------------------


@firm_transaction
def plan_templates_ensure(*, firm: Firm) -> int:
    """Copy the built-in template into the firm's own editable rows, once; returns how many were added."""
    if PlanTemplateItem.objects.for_firm(firm).exists():
        return 0
    rows = [
        PlanTemplateItem(
            firm=firm,
            key=key,
            track=track,
            scope=scope,
            day=day,
            stagger_days=stagger,
            repeat_every_days=repeat,
            owner_role=owner,
            milestone=milestone,
            title=title,
            body=body,
            link=link,
            position=index * 10,
        )
        for index, (
            key,
            track,
            scope,
            day,
            stagger,
            repeat,
            owner,
            milestone,
            title,
            body,
            link,
        ) in enumerate(defaults.TEMPLATE_ROWS)
    ]
    PlanTemplateItem.objects.bulk_create(rows)
    return len(rows)


@firm_transaction
def plan_templates_reset(*, firm: Firm) -> int:
    """Throw away the firm's edits and start again from the built-in template."""
    PlanTemplateItem.objects.for_firm(firm).delete()
    return plan_templates_ensure(firm=firm)


@firm_transaction
def plan_template_save(*, firm: Firm, template: PlanTemplateItem | None = None, **fields) -> PlanTemplateItem:
    """Create or edit a template line; placeholders are checked against the line's scope."""
    plan_templates_ensure(firm=firm)
    template = template or PlanTemplateItem(firm=firm)
    for name, value in fields.items():
        setattr(template, name, value)
    validate_template_text(
        scope=template.scope, texts={"title": template.title, "body": template.body, "link": template.link}
    )
    if PlanTemplateItem.objects.for_firm(firm).filter(key=template.key).exclude(pk=template.pk).exists():
        raise ValidationError({"key": f"The key {template.key!r} is used by another line."})
    template.full_clean(exclude=["firm"], validate_constraints=False)
    template.save()
    return template


@firm_transaction
def firm_tools_ensure(*, firm: Firm) -> int:
    """Give a firm the usual tools to edit, once."""
    if FirmTool.objects.for_firm(firm).exists():
        return 0
    FirmTool.objects.bulk_create(
        FirmTool(firm=firm, name=name, kind=kind, position=i)
        for i, (name, kind) in enumerate(defaults.DEFAULT_TOOLS)
    )
    return len(defaults.DEFAULT_TOOLS)


@firm_transaction
def firm_tool_add(*, firm: Firm, name: str, kind: str = ToolKind.OTHER) -> FirmTool:
    """Add a system the professional will work in; it gets accounts, training and an access checklist."""
    firm_tools_ensure(firm=firm)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the tool."})
    existing = FirmTool.objects.for_firm(firm).filter(name__iexact=name).first()
    if existing is not None:
        existing.is_active, existing.kind = True, kind
        existing.save(update_fields=["is_active", "kind"])
        return existing
    position = FirmTool.objects.for_firm(firm).count()
    tool = FirmTool(firm=firm, name=name, kind=kind, position=position)
    tool.full_clean(exclude=["firm"], validate_constraints=False)
    tool.save()
    return tool


@firm_transaction
def firm_tool_set_active(*, firm: Firm, tool: FirmTool, active: bool) -> FirmTool:
    """Retire a tool from future plans (or bring it back); existing plans keep it until regenerated."""
    tool.is_active = active
    tool.save(update_fields=["is_active"])
    return tool


@firm_transaction
def task_playbook_save(*, firm: Firm, actor: User, category: str, **fields) -> TaskPlaybook:
    """The firm's own format, tone, turnaround and walkthrough video for one task category."""
    playbook = TaskPlaybook.objects.for_firm(firm).filter(category=category).first() or TaskPlaybook(
        firm=firm, category=category
    )
    for name, value in fields.items():
        setattr(playbook, name, value.strip() if isinstance(value, str) else value)
    if playbook.walkthrough_url and not playbook.walkthrough_url.lower().startswith("https://"):
        raise ValidationError({"walkthrough_url": "Use an https:// link to the recording."})
    playbook.updated_by = actor
    playbook.full_clean(exclude=["firm"], validate_constraints=False)
    playbook.save()
    return playbook


# --- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanResult:
    plan: Plan
    added: int
    updated: int
    removed: int


def _inputs(firm: Firm, engagement: Engagement, plan: Plan, tasks: Sequence[DelegatedTask]) -> PlanInputs:
    hours = selectors.plan_shared_hours(firm=firm, plan=plan)
    return PlanInputs(
        professional=plan.professional_name,
        time_zone=plan.professional_time_zone,
        firm=firm.name,
        firm_time_zone=firm.time_zone,
        engagement=engagement.name,
        owner=engagement.owner.display_name,
        core_hours=str(hours),
        huddle_time=hours.huddle_time,
        tasks=selectors.playbooks_for(firm=firm, tasks=list(tasks), engagement=engagement),
        tools=[Tool(t.name, t.kind) for t in selectors.tools_for(firm=firm)],
    )


@firm_transaction
def plan_generate(
    *,
    firm: Firm,
    actor: User | None,
    engagement: Engagement,
    delegated: Sequence[DelegatedTask] | None = None,
    starts_on: datetime.date | None = None,
    day_start: datetime.time | None = None,
    day_end: datetime.time | None = None,
) -> PlanResult:
    """Build or rebuild the 30-day plan from the firm's templates and the engagement's facts.

    `delegated` defaults to the top of the hit list; a role definition can pass its own. Items that
    still exist after regeneration keep their done flag and notes; items no longer produced go.
    """
    if delegated is None:
        # The role definition (issue 10) names the delegated work; without one, the hit list's top.
        delegated = [
            DelegatedTask(category=c.category, label=c.label)
            for c in role_delegated_categories(firm=firm, engagement=engagement)
        ] or selectors.delegated_tasks(firm=firm, engagement=engagement)
    firm_tools_ensure(firm=firm)
    pro = selectors.professional_for(firm=firm, engagement=engagement)
    plan = selectors.plan_for(firm=firm, engagement=engagement) or Plan(
        firm=firm, engagement=engagement, starts_on=starts_on or firm.today()
    )
    if starts_on:
        plan.starts_on = starts_on
    if day_start and day_end:
        if day_end <= day_start:
            raise ValidationError({"day_end": "The professional's working day must end after it starts."})
        plan.day_start, plan.day_end = day_start, day_end
    plan.professional_name, plan.professional_time_zone = pro.name, pro.time_zone
    plan.professional_user, plan.placeholder = pro.user, pro.placeholder
    plan.delegated = [{"category": t.category, "label": t.label} for t in delegated]
    plan.core_hours = str(selectors.plan_shared_hours(firm=firm, plan=plan))[:200]
    plan.generated_at, plan.generated_by = timezone.now(), actor
    plan.save()

    drafts = draft_items(selectors.template_lines(firm=firm), _inputs(firm, engagement, plan, delegated))
    existing = {i.key: i for i in PlanItem.objects.for_firm(firm).filter(plan=plan)}
    owners = {
        role: selectors.role_owner(firm=firm, engagement=engagement, role=role, professional=pro.user)
        for role in {d.owner_role for d in drafts}
    }
    added = updated = 0
    new_items, changed = [], []
    for draft in drafts:
        fields = {
            "track": draft.track,
            "title": draft.title,
            "body": draft.body,
            "link": draft.link,
            "day": draft.day,
            "due_on": plan.starts_on + datetime.timedelta(days=draft.day - 1),
            "owner_role": draft.owner_role,
            "owner": owners[draft.owner_role],
            "milestone": draft.milestone,
            "position": draft.position,
        }
        item = existing.pop(draft.key, None)
        if item is None:
            new_items.append(PlanItem(firm=firm, plan=plan, key=draft.key, **fields))
            added += 1
        elif any(getattr(item, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(item, k, v)  # done, done_at, done_by and notes are never touched here
            changed.append(item)
            updated += 1
    PlanItem.objects.bulk_create(new_items)
    if changed:
        now = timezone.now()
        for item in changed:
            item.updated_at = now  # bulk_update skips auto_now
        PlanItem.objects.bulk_update(changed, [*fields, "updated_at"])
    removed = len(existing)
    if existing:
        PlanItem.objects.for_firm(firm).filter(pk__in=[i.pk for i in existing.values()]).delete()
    _access_checks_sync(firm=firm, plan=plan)
    guide_ensure(firm=firm, actor=actor, engagement=engagement, plan=plan)
    return PlanResult(plan, added, updated, removed)


def _access_checks_sync(*, firm: Firm, plan: Plan) -> None:
    """One access checklist row per active tool; ticks on rows that remain are kept."""
    tools = selectors.tools_for(firm=firm)
    rows = {c.system: c for c in AccessCheck.objects.for_firm(firm).filter(plan=plan)}
    for position, tool in enumerate(tools):
        row = rows.pop(tool.name, None)
        if row is None:
            AccessCheck.objects.create(firm=firm, plan=plan, system=tool.name, position=position)
        elif row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    untouched = [
        c.pk for c in rows.values() if not any(getattr(c, n) for n in AccessCheck.CHECKS) and not c.notes
    ]
    AccessCheck.objects.for_firm(firm).filter(
        pk__in=untouched
    ).delete()  # a retired tool with ticks stays on record


@firm_transaction
def plan_item_update(
    *,
    firm: Firm,
    actor: User,
    membership: Membership,
    item: PlanItem,
    done: bool | None = None,
    notes: str | None = None,
) -> PlanItem:
    """Tick an item done or undone and keep notes on it; only someone allowed to edit it may."""
    if not selectors.can_edit_item(membership=membership, item=item):
        raise PermissionDenied("Only the item's owner, a partner or ops staff can change it.")
    fields = []
    if done is not None and done != item.done:
        item.done = done
        item.done_at, item.done_by = (timezone.now(), actor) if done else (None, None)
        fields += ["done", "done_at", "done_by"]
    if notes is not None and notes.strip() != item.notes:
        if len(notes) > 5000:
            raise ValidationError({"notes": "Keep notes under 5,000 characters."})
        item.notes = notes.strip()
        fields.append("notes")
    if fields:
        item.save(update_fields=[*fields, "updated_at"])
    return item


@firm_transaction
def access_check_update(
    *,
    firm: Firm,
    actor: User,
    check: AccessCheck,
    notes: str | None = None,
    override_reason: str = "",
    **ticks: bool,
) -> AccessCheck:
    """Tick off a system's access checklist. The account is granted only once the NDA is on file (an
    evidence document) and the firm's required evidence is valid, or with an override and its reason;
    the NDA that covered it, or the override, is kept on the row (and so in the audit trail)."""
    for name in ticks:
        if name not in AccessCheck.CHECKS:
            raise ValidationError({name: "Not an access check."})
    if bool(ticks.get("named_account")) and not check.named_account:  # granting: checked before any change
        standing = access_standing(firm=firm, engagement=check.plan.engagement)
        reason = evidence_override_reason(
            standing=standing, reason=override_reason, action=f"grant {check.system} access"
        )
        check.nda_document = standing.nda
        check.override_reason, check.override_gaps = reason, [str(g) for g in standing.gaps]
        check.override_by, check.override_at = (actor, timezone.now()) if reason else (None, None)
    for name, value in ticks.items():
        setattr(check, name, bool(value))
    if notes is not None:
        check.notes = notes.strip()[:500]
    check.updated_by = actor
    check.save()
    return check


# --- the How We Work guide -----------------------------------------------------------------


def _default_sections(*, firm: Firm, engagement: Engagement, plan: Plan | None) -> dict[str, str]:
    tools = {t.kind: t.name for t in reversed(selectors.tools_for(firm=firm))}
    values = {
        "docs_tool": tools.get(ToolKind.DOCUMENTS, "the document system"),
        "chat_tool": tools.get(ToolKind.CHAT, "chat"),
        "video_tool": tools.get(ToolKind.VIDEO, "a video call"),
        "firm_time_zone": firm.time_zone,
        "owner": engagement.owner.display_name,
    }
    hours = selectors.plan_shared_hours(firm=firm, plan=plan) if plan else None
    lines = ["| Question | Ask | Hours |", "|---|---|---|"]
    for c in selectors.contacts(firm=firm, engagement=engagement, hours=hours):
        lines.append(f"| {c.topic} | {c.name} ({c.role}), {c.email} | {c.hours} |")
    return {
        "key_contacts": "\n".join(lines) + "\n",
        "style_guide": defaults.STYLE_GUIDE.format(**values),
        "unwritten_rules": defaults.UNWRITTEN_RULES.format(**values),
        "feedback_loop": defaults.FEEDBACK_LOOP.format(**values),
    }


@firm_transaction
def guide_ensure(
    *, firm: Firm, actor: User | None, engagement: Engagement, plan: Plan | None = None
) -> Guide:
    """The engagement's guide, started from the firm's defaults (version 1) if it has none."""
    guide, created = Guide.objects.for_firm(firm).get_or_create(
        engagement=engagement, defaults={"firm": firm}
    )
    if created:
        plan = plan or selectors.plan_for(firm=firm, engagement=engagement)
        GuideVersion.objects.create(
            firm=firm,
            guide=guide,
            number=1,
            created_by=actor,
            **_default_sections(firm=firm, engagement=engagement, plan=plan),
        )
    return guide


@firm_transaction
def guide_save(*, firm: Firm, actor: User, guide: Guide, **sections: str) -> GuideVersion | None:
    """Save the guide as a new version (every version is kept); None when nothing changed."""
    names = [name for name, _ in GuideVersion.SECTIONS]
    unknown = set(sections) - set(names)
    if unknown:
        raise ValidationError({name: "Not a guide section." for name in unknown})
    # Lock the guide so two editors saving at once get versions n and n+1, not a clash.
    Guide.objects.for_firm(firm).select_for_update().filter(pk=guide.pk).first()
    current = selectors.guide_current(firm=firm, guide=guide)
    values = {name: (current.sections()[name] if current else "") for name in names}
    for name, text in sections.items():
        text = (text or "").replace("\r\n", "\n").strip()
        text = text + "\n" if text else ""
        if len(text) > GUIDE_SECTION_LIMIT:
            raise ValidationError({name: f"Keep each section under {GUIDE_SECTION_LIMIT:,} characters."})
        values[name] = text
    if current is not None and values == current.sections():
        return None
    return GuideVersion.objects.create(
        firm=firm, guide=guide, number=(current.number + 1 if current else 1), created_by=actor, **values
    )


@firm_transaction
def pack_export_request(
    *, firm: Firm, actor: User | None, engagement: Engagement, enqueue: bool = True
) -> tuple[PackExport, bool]:
    """Queue a PDF build, or return the stored pack when nothing it depends on changed; (export, reused)."""
    html = pack_html(firm=firm, engagement=engagement)
    digest = inputs_digest(html)
    export, created = PackExport.objects.for_firm(firm).get_or_create(
        engagement=engagement,
        inputs_digest=digest,
        defaults={"firm": firm, "requested_by": actor, "html": html},
    )
    queue = created
    if not created and pack_needs_build(export, timezone.now()):
        export.status, export.progress, export.error = PackExport.Status.QUEUED, PROGRESS["queued"], ""
        export.created_at, export.started_at, export.requested_by = timezone.now(), None, actor
        export.save(update_fields=["status", "progress", "error", "created_at", "started_at", "requested_by"])
        queue = True
    elif created:
        export.progress = PROGRESS["queued"]
        export.save(update_fields=["progress"])
    if queue and enqueue:
        enqueue_on_commit(build_pack, firm_id=firm.pk, export_id=export.pk)
    return export, not queue
