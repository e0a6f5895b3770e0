"""The 30-day plan pages: the list, one plan, generating it, ticking items, access checklist, calendar."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from firmops.forms import add_service_errors
from firmops.models import Role
from firmops.permissions import MANAGERS, STAFF, role_required
from firmops.tenancy import get_for_firm
from onboarding import ics, selectors, services
from onboarding.exits import exit_checklists
from onboarding.forms import AccessCheckForm, GenerateForm, ItemUpdateForm
from onboarding.models import AccessCheck, PlanItem, Track
from onboarding.views._common import engagement_or_404
from providers.selectors import access_standing


def index(request, firm_slug: str):
    """Every engagement's onboarding at a glance; the professional sees only their own."""
    firm, membership = request.firm, request.membership
    rows = []
    for engagement in selectors.engagements_for_member(firm=firm, membership=membership):
        plan = selectors.plan_for(firm=firm, engagement=engagement)
        rows.append(
            {
                "engagement": engagement,
                "plan": plan,
                "progress": plan and selectors.plan_progress(firm=firm, plan=plan),
            }
        )
    if membership.role == Role.EXTERNAL and len(rows) == 1 and rows[0]["plan"]:
        return redirect("onboarding:plan", firm_slug=firm_slug, engagement_id=rows[0]["engagement"].pk)
    return render(request, "onboarding/index.html", {"rows": rows, "can_manage": membership.role in MANAGERS})


def plan(request, firm_slug: str, engagement_id: int):
    """The plan by week, with who owns what and what is done; managers (re)generate it here."""
    firm, membership = request.firm, request.membership
    engagement = engagement_or_404(request, engagement_id)
    plan = selectors.plan_for(firm=firm, engagement=engagement)
    items = selectors.plan_items(firm=firm, plan=plan) if plan else []
    track = request.GET.get("track", "")
    mine = request.GET.get("mine") == "1"
    shown = [
        i for i in items if (not track or i.track == track) and (not mine or i.owner_id == request.user.pk)
    ]
    for item in shown:
        item.editable = selectors.can_edit_item(membership=membership, item=item)
    initial = {"day_start": plan.day_start, "day_end": plan.day_end} if plan else {}
    context = {
        "engagement": engagement,
        "plan": plan,
        "weeks": selectors.items_by_week(shown),
        "progress": plan and selectors.plan_progress(firm=firm, plan=plan),
        "hours": plan and selectors.plan_shared_hours(firm=firm, plan=plan),
        "today": firm.today(),
        "tracks": Track.choices,
        "track": track,
        "mine": mine,
        "can_manage": membership.role in MANAGERS,
        "is_staff": membership.role in STAFF,
        "generate_form": GenerateForm(initial=initial),
        "delegated_now": selectors.delegated_tasks(firm=firm, engagement=engagement)
        if membership.role in MANAGERS
        else [],
    }
    return render(request, "onboarding/plan.html", context)


@require_POST
@role_required(*MANAGERS)
def plan_generate(request, firm_slug: str, engagement_id: int):
    """Build or rebuild the plan; ticks and notes of items that remain are kept."""
    engagement = engagement_or_404(request, engagement_id)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("onboarding:plan", firm_slug=firm_slug, engagement_id=engagement.pk)
    try:
        result = services.plan_generate(
            firm=request.firm, actor=request.user, engagement=engagement, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Plan generated: {result.added} items added, {result.updated} updated, "
            f"{result.removed} removed. "
            "Ticks and notes on the others are kept.",
        )
        if result.plan.placeholder:
            messages.warning(
                request,
                "No professional is selected yet: the plan uses placeholders. Regenerate after selection.",
            )
    return redirect("onboarding:plan", firm_slug=firm_slug, engagement_id=engagement.pk)


@require_POST
def item_update(request, firm_slug: str, plan_item_id: int):
    """Tick an item done or undone, or save its notes."""
    item = get_for_firm(PlanItem, firm=request.firm, pk=plan_item_id)
    engagement = engagement_or_404(request, item.plan.engagement_id)
    form = ItemUpdateForm(request.POST)
    target = (
        reverse("onboarding:plan", kwargs={"firm_slug": firm_slug, "engagement_id": engagement.pk})
        + f"#item-{item.pk}"
    )
    if not form.is_valid():
        messages.error(
            request,
            "That change could not be saved: " + " ".join(e for es in form.errors.values() for e in es),
        )
        return redirect(target)
    try:
        services.plan_item_update(
            firm=request.firm,
            actor=request.user,
            membership=request.membership,
            item=item,
            done=form.cleaned_data["done"],
            notes=form.cleaned_data["notes"] if "notes" in request.POST else None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if form.cleaned_data["done"] is not None:
            messages.success(request, f"“{item.title}” marked {'done' if item.done else 'not done'}.")
        else:
            messages.success(request, "Notes saved.")
    return redirect(target)


@role_required(*STAFF)
def access(request, firm_slug: str, engagement_id: int):
    """The per-system access checklist of the engagement's professional."""
    engagement = engagement_or_404(request, engagement_id)
    plan = selectors.plan_for(firm=request.firm, engagement=engagement)
    checks = selectors.access_checks(firm=request.firm, plan=plan) if plan else []
    rows = [
        (check, AccessCheckForm(initial=AccessCheckForm.initial_for(check), prefix=f"c{check.pk}"))
        for check in checks
    ]
    context = {
        "engagement": engagement,
        "plan": plan,
        "rows": rows,
        "standing": access_standing(firm=request.firm, engagement=engagement),
        "can_manage": request.membership.role in MANAGERS,
        "exits": exit_checklists(firm=request.firm, engagement=engagement),
    }
    return render(request, "onboarding/access.html", context)


@require_POST
@role_required(*MANAGERS)
def access_check(request, firm_slug: str, access_check_id: int):
    """Tick one system's checks; the NDA comes before the account."""
    check = get_for_firm(AccessCheck, firm=request.firm, pk=access_check_id)
    form = AccessCheckForm(request.POST, prefix=f"c{check.pk}")
    target = reverse(
        "onboarding:access", kwargs={"firm_slug": firm_slug, "engagement_id": check.plan.engagement_id}
    )
    if not form.is_valid():
        messages.error(request, "Those ticks could not be saved.")
        return redirect(target)
    data = form.cleaned_data
    try:
        services.access_check_update(
            firm=request.firm,
            actor=request.user,
            check=check,
            notes=data["notes"],
            override_reason=request.POST.get("override_reason", "")[:2000],
            **{n: data[n] for n in AccessCheck.CHECKS},
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        messages.error(request, " ".join(exc.messages))
    else:
        state = "complete" if check.complete else "saved"
        messages.success(request, f"Access checklist for {check.system} {state}.")
    return redirect(target)


def calendar(request, firm_slug: str, engagement_id: int):
    """The plan's milestones (or every item with ?all=1) as an .ics file for Outlook."""
    engagement = engagement_or_404(request, engagement_id)
    plan = selectors.plan_for(firm=request.firm, engagement=engagement)
    if plan is None:
        messages.error(request, "There is no plan to put in a calendar yet.")
        return redirect("onboarding:plan", firm_slug=firm_slug, engagement_id=engagement.pk)
    items = selectors.plan_items(firm=request.firm, plan=plan)
    if request.GET.get("all") != "1":
        items = [i for i in items if i.milestone]
    url = settings.SITE_URL + reverse(
        "onboarding:plan", kwargs={"firm_slug": firm_slug, "engagement_id": engagement.pk}
    )
    body = ics.plan_calendar(
        plan=plan,
        items=items,
        firm_name=request.firm.name,
        host=f"{firm_slug}.{urlsplit(settings.SITE_URL).hostname}",
        url=url,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(engagement.name) or "plan"}-onboarding.ics"'
    )
    return response
