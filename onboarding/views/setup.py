"""The firm's onboarding setup: plan template lines, tools, and task playbooks (partners and ops)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from firmops.forms import add_service_errors
from firmops.permissions import MANAGERS, role_required
from firmops.tenancy import get_for_firm
from onboarding import defaults, plans, selectors, services
from onboarding.forms import PlaybookForm, TemplateItemForm, ToolForm
from onboarding.models import FirmTool, PlanTemplateItem, TaskPlaybook, Track


@role_required(*MANAGERS)
def templates(request, firm_slug: str):
    """The firm's template lines by track, with the placeholders they may use."""
    services.plan_templates_ensure(firm=request.firm)
    rows = list(PlanTemplateItem.objects.for_firm(request.firm).order_by("position", "pk"))
    context = {
        "tracks": [(label, [r for r in rows if r.track == value]) for value, label in Track.choices],
        "placeholders": plans.PLACEHOLDERS,
        "task_placeholders": plans.TASK_PLACEHOLDERS,
        "tool_placeholders": plans.TOOL_PLACEHOLDERS,
    }
    return render(request, "onboarding/templates.html", context)


def _template_form(request, firm_slug: str, template: PlanTemplateItem | None):
    form = TemplateItemForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in TemplateItemForm.Meta.fields}
        try:
            saved = services.plan_template_save(firm=request.firm, template=template, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Template line “{saved.key}” saved. Regenerate a plan to apply it.")
            return redirect("onboarding:templates", firm_slug=firm_slug)
    context = {
        "form": form,
        "template": template,
        "placeholders": plans.PLACEHOLDERS,
        "task_placeholders": plans.TASK_PLACEHOLDERS,
        "tool_placeholders": plans.TOOL_PLACEHOLDERS,
    }
    return render(request, "onboarding/template_edit.html", context)


@role_required(*MANAGERS)
def template_new(request, firm_slug: str):
    return _template_form(request, firm_slug, None)


@role_required(*MANAGERS)
def template_edit(request, firm_slug: str, plan_template_id: int):
    return _template_form(
        request, firm_slug, get_for_firm(PlanTemplateItem, firm=request.firm, pk=plan_template_id)
    )


@require_POST
@role_required(*MANAGERS)
def templates_reset(request, firm_slug: str):
    """Back to the built-in template (the firm's edits are dropped)."""
    count = services.plan_templates_reset(firm=request.firm)
    messages.success(request, f"Template reset to the built-in {count} lines.")
    return redirect("onboarding:templates", firm_slug=firm_slug)


@role_required(*MANAGERS)
def tools(request, firm_slug: str):
    """The firm's tools: each gets accounts, MFA, a walkthrough and an access checklist row in every plan."""
    services.firm_tools_ensure(firm=request.firm)
    form = ToolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tool = services.firm_tool_add(firm=request.firm, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{tool.name} added. Regenerate plans to include it.")
            return redirect("onboarding:tools", firm_slug=firm_slug)
    rows = selectors.tools_for(firm=request.firm, active_only=False)
    return render(request, "onboarding/tools.html", {"form": form, "tools": rows})


@require_POST
@role_required(*MANAGERS)
def tool_toggle(request, firm_slug: str, firm_tool_id: int):
    tool = get_for_firm(FirmTool, firm=request.firm, pk=firm_tool_id)
    services.firm_tool_set_active(firm=request.firm, tool=tool, active=not tool.is_active)
    messages.success(request, f"{tool.name} {'back in' if tool.is_active else 'left out of'} future plans.")
    return redirect("onboarding:tools", firm_slug=firm_slug)


@role_required(*MANAGERS)
def playbooks(request, firm_slug: str):
    """What good looks like per task category: format, tone, turnaround and the walkthrough video."""
    firm = request.firm
    saved = {p.category: p for p in TaskPlaybook.objects.for_firm(firm)}
    categories = selectors.playbook_categories(firm=firm)
    posted = None
    if request.method == "POST":
        # One form per category on the page: ids carry the category so each label finds its own field.
        posted = PlaybookForm(request.POST, auto_id=f"pb-{request.POST.get('category', '')}-%s")
        if posted.is_valid():
            data = dict(posted.cleaned_data)
            category = data.pop("category")
            if category not in categories:
                messages.error(request, "Unknown task category.")
                return redirect("onboarding:playbooks", firm_slug=firm_slug)
            try:
                services.task_playbook_save(firm=firm, actor=request.user, category=category, **data)
            except ValidationError as exc:
                add_service_errors(posted, exc)
            else:
                messages.success(
                    request, f"Expectations for {categories[category]} saved. Regenerate plans to apply them."
                )
                return redirect("onboarding:playbooks", firm_slug=firm_slug)
    rows = []
    for slug, label in categories.items():
        base = defaults.playbook_defaults(slug, label)
        own = saved.get(slug)
        initial = {
            "category": slug,
            "walkthrough_title": (own and own.walkthrough_title) or base.walkthrough_title,
            "walkthrough_url": (own and own.walkthrough_url) or "",
            "formatting": (own and own.formatting) or base.formatting,
            "tone": (own and own.tone) or base.tone,
            "turnaround": (own and own.turnaround) or base.turnaround,
        }
        form = (
            posted
            if posted is not None and posted.data.get("category") == slug
            else PlaybookForm(initial=initial, auto_id=f"pb-{slug}-%s")
        )
        rows.append({"slug": slug, "label": label, "form": form, "customised": own is not None})
    return render(request, "onboarding/playbooks.html", {"rows": rows})
