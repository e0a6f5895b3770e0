"""Writes of the role an engagement hands over: drafting it from the audit's hit list, the firm's edits,
and forgetting edits so a redraft may refresh them.

The guide's "biggest mistake" is a role nobody defined. A draft is made only when someone asks, and a
redraft refreshes only what no person has edited: `edited_fields` on the role and on each category row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.selectors import CATEGORIES, Bucket, category_label
from firmops.models import Engagement, Firm, Role, User
from firmops.tenancy import firm_scope, firm_transaction
from providers.models import RoleCategory, RoleDefinition
from providers.roles.defaults import SECURITY, draft_title, needs_of
from providers.roles.selectors import (
    AuditFigures,
    audit_figures,
    core_hours_text,
    default_categories,
    role_members,
    role_rows,
)

MAX_WEEKLY_HOURS = Decimal("168")
ROLE_FIELDS = (
    "title",
    "summary",
    "tools",
    "time_zone",
    "core_hours_start",
    "core_hours_end",
    "security",
    "assigns_work",
    "answers_questions",
    "reporting_notes",
    "budget_rate",
)
CATEGORY_FIELDS = ("label", "hours_per_week", "attorney_hours_per_week", "skills", "turnaround")
_MEMBER_FIELDS = ("assigns_work", "answers_questions")


# --- the audit's figures --------------------------------------------------------------------------


def _check_categories(categories, figures: AuditFigures) -> list[str]:
    slugs = list(dict.fromkeys(str(c).strip() for c in categories if str(c).strip()))
    if not slugs:
        raise ValidationError({"categories": "Tick at least one category of work to hand over."})
    problems = []
    for slug in slugs:
        row = figures.by_category.get(slug)
        known = CATEGORIES.get(slug)
        if row is None and known is None:
            problems.append(f"“{slug}” is not a task category.")
        elif (row.bucket if row else known.default_bucket) == Bucket.CORE:
            label = row.label if row else known.label
            problems.append(
                f"{label} is core work that stays with the attorneys; if the audit got it wrong, override "
                "its classification there first."
            )
    if problems:
        raise ValidationError({"categories": problems})
    return slugs


# --- drafting --------------------------------------------------------------------------------------


ToolSource = Callable[[Firm], list[str]]
_tool_sources: list[ToolSource] = []


def role_tool_source_register(source: ToolSource) -> None:
    """A later phase that keeps the firm's list of tools (onboarding) offers it to the role's draft:
    vetting comes first on the spine, so it is told rather than reaching forward to ask."""
    if source not in _tool_sources:
        _tool_sources.append(source)


def _firm_tools(firm: Firm) -> list[str]:
    """The names of the firm's tools, from whoever registered a source; none before onboarding is set up."""
    return [name for source in _tool_sources for name in source(firm)]


def _category_draft(slug: str, figures: AuditFigures) -> dict:
    row = figures.by_category.get(slug)
    needs = needs_of(slug)
    return {
        "label": row.label if row else category_label(slug),
        "hours_per_week": row.hours_per_week if row else Decimal("0"),
        "attorney_hours_per_week": row.attorney_hours_per_week if row else Decimal("0"),
        "skills": needs.skills,
        "turnaround": needs.turnaround,
    }


def _hours(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1')).normalize():f}"


def _role_draft(firm: Firm, engagement: Engagement, rows: list[RoleCategory]) -> dict:
    """Every role field but the summary, which is written from the role's final hours and core hours."""
    owner = engagement.owner
    attorney = next((m.user for m in role_members(firm=firm) if m.role == Role.ATTORNEY), owner)
    return {
        "title": draft_title([r.category for r in rows]),
        "tools": "\n".join(_firm_tools(firm)),
        "time_zone": firm.time_zone,
        "core_hours_start": firm.core_hours_start,
        "core_hours_end": firm.core_hours_end,
        "security": "\n".join(SECURITY),
        "assigns_work": owner,
        "answers_questions": attorney,
        "reporting_notes": (
            f"A weekly review with {owner.display_name}. Ask in writing the day a question comes up, "
            "rather than guess."
        ),
        "budget_rate": firm.rate_outsourced,
    }


def _summary(firm: Firm, role: RoleDefinition, rows: list[RoleCategory]) -> str:
    labels = [r.label.lower() for r in rows]
    listed = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else "".join(labels)
    hours = sum((r.hours_per_week for r in rows), Decimal("0"))
    return (
        f"Takes over {listed or 'delegated work'} for {firm.name}'s attorneys: about {_hours(hours)} "
        f"hours a week, as a member of the team, available during {core_hours_text(role)}."
    )


def _plain(value):
    return value.pk if isinstance(value, User) else value


def _current(instance, name: str):
    return getattr(instance, f"{name}_id") if name in _MEMBER_FIELDS else getattr(instance, name)


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except ArithmeticError:
            return False
    return a == b


def _apply_draft(instance, draft: dict) -> list[str]:
    """Set every drafted value a person has not edited; returns the fields it changed."""
    changed = []
    for name, value in draft.items():
        if name in instance.edited_fields or _same(_current(instance, name), _plain(value)):
            continue
        setattr(instance, name, value)
        changed.append(name)
    return changed


def _member_user(firm: Firm, name: str, value) -> User | None:
    if value in (None, ""):
        return None
    user_id = value.pk if isinstance(value, User) else value
    match = next((m.user for m in role_members(firm=firm) if str(m.user_id) == str(user_id)), None)
    if match is None:
        raise ValidationError({name: "Choose a member of the firm's staff."})
    return match


def _validate(instance, prefix: str = "") -> None:
    try:
        instance.full_clean(exclude=["firm", "engagement", "role"], validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError({f"{prefix}{k}": v for k, v in exc.message_dict.items()}) from exc
    if isinstance(instance, RoleDefinition):
        if instance.core_hours_end == instance.core_hours_start:
            raise ValidationError({"core_hours_end": "The core hours must end after they start."})
    elif instance.hours_per_week > MAX_WEEKLY_HOURS or instance.attorney_hours_per_week > MAX_WEEKLY_HOURS:
        raise ValidationError({f"{prefix}hours_per_week": "A week has 168 hours."})


@dataclass(frozen=True)
class DraftResult:
    role: RoleDefinition
    created: bool
    refreshed: list[str]  # fields the draft changed ("category.field" for category rows)
    kept: list[str]  # fields a person edited, left alone
    added: list[str]
    removed: list[str]


def _sync_rows(
    role: RoleDefinition, slugs: list[str] | None, figures: AuditFigures, *, redraft: bool
) -> tuple[list[RoleCategory], list[str], list[str], list[str]]:
    """The role's rows for `slugs` (None keeps the current set): new rows drafted, dropped rows listed."""
    existing = {r.category: r for r in role_rows(role)} if role.pk else {}
    slugs = list(existing) if slugs is None else slugs
    rows, refreshed, added = [], [], []
    for position, slug in enumerate(slugs):
        row = existing.pop(slug, None)
        if row is None:
            row = RoleCategory(firm_id=role.firm_id, category=slug, edited_fields=[])
            added.append(slug)
        if row.pk is None or redraft:
            refreshed += [f"{slug}.{name}" for name in _apply_draft(row, _category_draft(slug, figures))]
        row.position = position
        rows.append(row)
    return rows, refreshed, added, list(existing)


def _save_rows(role: RoleDefinition, rows: list[RoleCategory], removed: list[str]) -> None:
    if removed:
        RoleCategory.objects.for_firm(role.firm_id).filter(role=role, category__in=removed).delete()
    for row in rows:
        row.role = role
        _validate(row, prefix=f"{row.category}.")
        row.save()


def _check_engagement(firm: Firm, engagement: Engagement) -> None:
    if engagement.firm_id != firm.pk:
        raise ValidationError({"engagement": "That engagement belongs to another firm."})


@firm_transaction
def role_draft(
    *, firm: Firm, actor: User | None, engagement: Engagement, categories: list[str] | None = None
) -> DraftResult:
    """Draft the role from the latest hit list, or redraft it on request: never over a person's edits.

    `categories` sets the ticked categories (new ones are drafted, unticked ones go); None keeps the
    ticked set, or ticks the top of the hit list when there is no role yet.
    """
    _check_engagement(firm, engagement)
    with firm_scope(firm):
        figures = audit_figures(firm=firm, engagement=engagement)
        role = RoleDefinition.objects.select_for_update().filter(engagement=engagement).first()
        created = role is None
        if categories is None and created:
            categories = default_categories(figures)
            if not categories:
                raise ValidationError(
                    {"categories": "The audit has no outsourceable work yet: tick the work to hand over."}
                )
        slugs = None if categories is None else _check_categories(categories, figures)
        if created:
            role = RoleDefinition(firm=firm, engagement=engagement, edited_fields=[])
        rows, refreshed, added, removed = _sync_rows(role, slugs, figures, redraft=True)
        refreshed = _apply_draft(role, _role_draft(firm, engagement, rows)) + refreshed
        refreshed += _apply_draft(role, {"summary": _summary(firm, role, rows)})
        role.drafted_from, role.drafted_at, role.updated_by = figures.described, timezone.now(), actor
        _validate(role)
        role.save()
        _save_rows(role, rows, removed)
        kept = list(role.edited_fields) + [f"{r.category}.{name}" for r in rows for name in r.edited_fields]
    return DraftResult(role, created, refreshed, kept, added, removed)


@firm_transaction
def role_update(
    *,
    firm: Firm,
    actor: User | None,
    role: RoleDefinition,
    fields: dict | None = None,
    categories: list[dict] | None = None,
) -> RoleDefinition:
    """A person edits the role: every changed field is marked as theirs, so no redraft overwrites it.

    `categories` (API): a list of {category, and any of label, hours, skills, turnaround}; its
    categories become the ticked set.
    """
    fields = dict(fields or {})
    unknown = set(fields) - set(ROLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if role.firm_id != firm.pk:
        raise ValidationError("That role belongs to another firm.")
    with firm_scope(firm):
        role = RoleDefinition.objects.select_for_update().select_related("engagement__owner").get(pk=role.pk)
        for name, value in fields.items():
            if name in _MEMBER_FIELDS:
                value = _member_user(firm, name, value)
            elif isinstance(value, str):
                value = value.strip()
            if not _same(_current(role, name), _plain(value)):
                setattr(role, name, value)
                if name not in role.edited_fields:
                    role.edited_fields = [*role.edited_fields, name]
        edits = {str(c.get("category", "")).strip(): c for c in categories or []}
        slugs, figures = None, AuditFigures("")
        if categories is not None:
            slugs = list(edits)  # the same set (the form) is only reordered; a new set is checked
            if set(slugs) != {r.category for r in role_rows(role)}:
                figures = audit_figures(firm=firm, engagement=role.engagement)
                slugs = _check_categories(slugs, figures)
        rows, _refreshed, _added, removed = _sync_rows(role, slugs, figures, redraft=False)
        for row in rows:
            for name, value in edits.get(row.category, {}).items():
                if name == "category":
                    continue
                if name not in CATEGORY_FIELDS:
                    raise ValidationError(f"Unknown category field: {name}.")
                value = value.strip() if isinstance(value, str) else value
                if not _same(getattr(row, name), value):
                    setattr(row, name, value)
                    if name not in row.edited_fields:
                        row.edited_fields = [*row.edited_fields, name]
        role.updated_by = actor
        _validate(role)
        role.save()
        _save_rows(role, rows, removed)
    return role


@firm_transaction
def role_edits_forget(*, firm: Firm, actor: User | None, role: RoleDefinition, names: list[str]) -> int:
    """Hand fields back to the draft (the next redraft refreshes them); `category.field` for rows."""
    with firm_scope(firm):
        role = RoleDefinition.objects.select_for_update().get(pk=role.pk)
        role_names = {n for n in names if "." not in n}
        forgotten = len(role_names & set(role.edited_fields))
        role.edited_fields = [n for n in role.edited_fields if n not in role_names]
        role.updated_by = actor
        role.save(update_fields=["edited_fields", "updated_by", "updated_at"])
        for row in role_rows(role):
            mine = {n.split(".", 1)[1] for n in names if n.startswith(f"{row.category}.")}
            if mine & set(row.edited_fields):
                forgotten += len(mine & set(row.edited_fields))
                row.edited_fields = [n for n in row.edited_fields if n not in mine]
                row.save(update_fields=["edited_fields"])
    return forgotten


# --- reads ------------------------------------------------------------------------------------------


# --- for the onboarding plan --------------------------------------------------------------------
