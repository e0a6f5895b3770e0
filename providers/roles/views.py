"""The role page (tick the hit list, edit the role, read its budget) and the job description it produces."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from audit.selectors import CATEGORIES, Bucket
from firmops.forms import add_service_errors
from firmops.models import Engagement, Firm
from firmops.pdf.render import render_pdf, static_roots
from firmops.permissions import has_role, role_required
from firmops.tenancy import get_for_firm
from providers.access import READ, WRITE
from providers.models import RoleDefinition
from providers.roles.forms import PriceAtForm, RoleForm, TickForm
from providers.roles.selectors import (
    audit_figures,
    core_hours_text,
    default_categories,
    engagement_candidates,
    role_budget,
    role_core_hours,
    role_definition_for,
    role_members,
    role_rows,
)
from providers.roles.services import role_draft, role_edits_forget, role_update
from providers.roles.text import lines_of, role_plain_text

PACK_CSS = "onboarding/pack.css"  # the onboarding pack's look, when that app ships it
ROLE_CSS = "providers/role-pdf.css"


def _tick_rows(figures, role: RoleDefinition | None) -> tuple[list[dict], list[tuple[str, str]]]:
    """The hit list with a tick per outsourceable row, then ticked categories the audit did not log."""
    ticked = {r.category for r in role_rows(role)} if role else set(default_categories(figures))
    rows = [
        {
            "category": r.category,
            "label": r.label,
            "outsourceable": r.outsourceable,
            "hours_per_week": r.hours_per_week,
            "attorney_hours_per_week": r.attorney_hours_per_week,
            "recoverable_weekly": r.recoverable_weekly,
            "checked": r.category in ticked,
            "in_audit": True,
        }
        for r in figures.rows
    ]
    logged = {r.category for r in figures.rows}
    for slug in sorted(ticked - logged):
        category = CATEGORIES.get(slug)
        rows.append(
            {"category": slug, "label": category.label if category else slug, "outsourceable": True}
            | {"checked": True, "in_audit": False}
        )
    others = [
        (c.slug, c.label)
        for c in CATEGORIES.values()
        if c.default_bucket == Bucket.OUTSOURCEABLE and c.slug not in logged and c.slug not in ticked
    ]
    return rows, others


def _edited_labels(role: RoleDefinition) -> list[tuple[str, str]]:
    """(name, label) of every field a person edited, for the "hand back to the draft" form."""
    labels = {f.name: f.verbose_name for f in RoleDefinition._meta.fields}
    result = [(n, str(labels.get(n, n)).capitalize()) for n in role.edited_fields]
    for row in role_rows(role):
        result += [(f"{row.category}.{n}", f"{row.label}: {n.replace('_', ' ')}") for n in row.edited_fields]
    return result


@role_required(*READ)
def role_page(request, firm_slug: str, engagement_id: int):
    """Tick the hit list's categories, edit every field of the role, and read what it costs."""
    firm = request.firm
    engagement = get_for_firm(Engagement, firm=firm, pk=engagement_id)
    role = role_definition_for(firm=firm, engagement=engagement)
    can_write = has_role(request, WRITE)
    if request.method == "POST" and not can_write:
        raise PermissionDenied("Your role in this firm cannot edit the role definition.")
    if request.method == "POST" and role is None:
        raise Http404("Draft the role first.")
    form = None
    if role is not None and can_write:
        form = RoleForm(
            request.POST or None, role=role, rows=role_rows(role), members=role_members(firm=firm)
        )
        if request.method == "POST" and form.is_valid():
            fields, categories = form.values()
            try:
                role_update(firm=firm, actor=request.user, role=role, fields=fields, categories=categories)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Role saved. Your edits are kept when the draft is regenerated.")
                return redirect("providers:role", firm_slug=firm_slug, engagement_id=engagement.pk)
    figures = audit_figures(firm=firm, engagement=engagement)
    tick_rows, others = _tick_rows(figures, role)
    context = {
        "engagement": engagement,
        "role": role,
        "figures": figures,
        "tick_rows": tick_rows,
        "others": others,
        "form": form,
        "can_write": can_write,
    }
    if role is not None:
        candidates = engagement_candidates(firm=firm, engagement=engagement)
        price_form = PriceAtForm(request.GET or None, candidates=candidates)
        chosen = price_form.cleaned_data["professional"] if price_form.is_valid() else None
        budget = role_budget(firm=firm, role=role, professional=chosen)
        context |= {
            "budget": budget,
            "price_form": price_form if candidates else None,
            "plain_text": role_plain_text(firm=firm, role=role),
            "edited": _edited_labels(role),
            "jd": job_description_context(firm, role, budget),
        }
    return render(request, "providers/role.html", context, status=400 if form and form.errors else 200)


@require_POST
@role_required(*WRITE)
def role_categories(request, firm_slug: str, engagement_id: int):
    """The partner's ticks on the hit list: new categories are drafted, unticked ones leave the role."""
    engagement = get_for_firm(Engagement, firm=request.firm, pk=engagement_id)
    figures = audit_figures(firm=request.firm, engagement=engagement)
    choices = [(r.category, r.label) for r in figures.rows] + [(c.slug, c.label) for c in CATEGORIES.values()]
    form = TickForm(request.POST, choices=choices)
    if not form.is_valid():
        messages.error(request, "Tick at least one category of work to hand over.")
        return redirect("providers:role", firm_slug=firm_slug, engagement_id=engagement.pk)
    try:
        result = role_draft(
            firm=request.firm,
            actor=request.user,
            engagement=engagement,
            categories=form.cleaned_data["categories"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if result.created:
            messages.success(
                request,
                f"Role drafted from {len(form.cleaned_data['categories'])} categories of the hit list. "
                "Edit any field: your edits are never overwritten.",
            )
        else:
            messages.success(
                request,
                f"Categories saved: {len(result.added)} added, {len(result.removed)} removed. "
                "Fields nobody edited follow the new set.",
            )
    return redirect("providers:role", firm_slug=firm_slug, engagement_id=engagement.pk)


@require_POST
@role_required(*WRITE)
def role_regenerate(request, firm_slug: str, engagement_id: int):
    """Redraft from the latest audit figures, on request only, keeping every edited field."""
    engagement = get_for_firm(Engagement, firm=request.firm, pk=engagement_id)
    try:
        result = role_draft(firm=request.firm, actor=request.user, engagement=engagement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        kept = f" {len(result.kept)} edited field(s) kept as you wrote them." if result.kept else ""
        messages.success(request, f"Draft regenerated: {len(result.refreshed)} field(s) refreshed.{kept}")
    return redirect("providers:role", firm_slug=firm_slug, engagement_id=engagement.pk)


@require_POST
@role_required(*WRITE)
def role_forget(request, firm_slug: str, engagement_id: int):
    """Hand edited fields back to the draft: the next regeneration refreshes them."""
    engagement = get_for_firm(Engagement, firm=request.firm, pk=engagement_id)
    role = role_definition_for(firm=request.firm, engagement=engagement)
    if role is None:
        raise Http404("No role defined yet.")
    count = role_edits_forget(
        firm=request.firm, actor=request.user, role=role, names=request.POST.getlist("fields")
    )
    messages.success(request, f"{count} field(s) handed back to the draft; regenerate to refresh them.")
    return redirect("providers:role", firm_slug=firm_slug, engagement_id=engagement.pk)


def job_description_context(firm: Firm, role: RoleDefinition, budget) -> dict:
    """What the job description templates show; the budget is None for anyone outside the firm."""
    rows = role_rows(role)
    return {
        "firm": firm,
        "role": role,
        "rows": rows,
        "total_hours": sum((r.hours_per_week for r in rows), Decimal("0")),
        "core_hours": core_hours_text(role),
        "core_length": role_core_hours(role),
        "tools": lines_of(role.tools),
        "security": lines_of(role.security),
        "budget": budget,
    }


def _role_or_404(request, engagement_id: int) -> RoleDefinition:
    engagement = get_for_firm(Engagement, firm=request.firm, pk=engagement_id)
    role = role_definition_for(firm=request.firm, engagement=engagement)
    if role is None:
        raise Http404("No role defined for this engagement yet.")
    return role


def _for_provider(request) -> bool:
    return request.GET.get("audience") == "provider"


@role_required(*READ)
def job_description(request, firm_slug: str, engagement_id: int):
    """One printable page; `?audience=provider` leaves the budget out."""
    role = _role_or_404(request, engagement_id)
    budget = None if _for_provider(request) else role_budget(firm=request.firm, role=role)
    context = job_description_context(request.firm, role, budget) | {"engagement": role.engagement}
    return render(request, "providers/job_description.html", context)


def _filename(role: RoleDefinition, ext: str) -> str:
    return f"job-description-{slugify(role.engagement.name)[:60] or role.engagement_id}.{ext}"


def _pdf_css() -> list[str]:
    """The onboarding pack's stylesheet when present, then the role's own."""
    present = any((root / PACK_CSS).is_file() for root in static_roots())
    return [PACK_CSS, ROLE_CSS] if present else [ROLE_CSS]


@role_required(*READ)
def job_description_pdf(request, firm_slug: str, engagement_id: int):
    role = _role_or_404(request, engagement_id)
    budget = None if _for_provider(request) else role_budget(firm=request.firm, role=role)
    pdf = render_pdf(
        "providers/job_description_pdf.html",
        job_description_context(request.firm, role, budget)
        | {"engagement": role.engagement, "css": _pdf_css()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(role, "pdf")}"'
    return response


@role_required(*READ)
def job_description_text(request, firm_slug: str, engagement_id: int):
    """Plain text for a provider's portal or an email; `?audience=firm` adds the budget."""
    role = _role_or_404(request, engagement_id)
    budget = role_budget(firm=request.firm, role=role) if request.GET.get("audience") == "firm" else None
    response = HttpResponse(
        role_plain_text(firm=request.firm, role=role, budget=budget), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(role, "txt")}"'
    return response
