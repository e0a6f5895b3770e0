"""Pages for the data the dashboard measures: delegated work, attorney hours, matters, client surveys."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from firmops.confirm import confirm_page, confirmed
from firmops.forms import add_service_errors
from firmops.models import Role
from firmops.permissions import role_required
from firmops.selectors import firm_members
from performance import selectors, services
from performance.forms import DeliverForm, HourEntryForm, HourImportForm, MatterForm, SurveyForm, WorkItemForm
from performance.models import ClientSurvey, HourEntry, Matter, SurveyResponse, WorkItem
from performance.views._common import (
    EDITORS,
    EVERYONE,
    HOUR_MANAGERS,
    VIEWERS,
    engagement_for,
    firm_clock,
    first_error,
    require,
    visible_child,
)

LIST_LIMIT = 200


# --- delegated work ------------------------------------------------------------------------------


def _items_for(request, engagement):
    items = (
        WorkItem.objects.for_firm(request.firm)
        .filter(engagement=engagement)
        .select_related("professional", "matter")
    )
    return selectors.work_items_visible_to(items, membership=request.membership)


@role_required(*EVERYONE)
@firm_clock
def work_items(request, firm_slug: str, engagement_id: int):
    """Work handed to the professional: add it, see what is open, overdue or delivered."""
    engagement = engagement_for(request, engagement_id)
    context = selectors.engagement_context(firm=request.firm, engagement=engagement)
    matters = Matter.objects.for_firm(request.firm).filter(engagement=engagement)
    form = WorkItemForm(
        request.POST or None,
        hits=context.hit_list,
        matters=matters,
        initial={"assigned_at": timezone.localtime()},
    )
    if request.method == "POST":
        require(request, EDITORS)
        if form.is_valid():
            try:
                item = services.work_item_create(
                    firm=request.firm, actor=request.user, engagement=engagement, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"“{item.title}” handed to {item.professional.name}.")
                return redirect("performance:work_items", firm_slug=firm_slug, engagement_id=engagement.pk)
    show = request.GET.get("show", "open")
    items = _items_for(request, engagement)
    now = timezone.now()
    if show == "open":
        items = items.filter(delivered_at__isnull=True).order_by("due_at", "assigned_at")
    elif show == "overdue":
        items = items.filter(delivered_at__isnull=True, due_at__lt=now).order_by("due_at")
    else:
        show = "all"
    return render(
        request,
        "performance/work_items.html",
        {
            "engagement": engagement,
            "form": form,
            "items": items[:LIST_LIMIT],
            "show": show,
            "now": now,
            "selection": context.selection,
            "can_edit": request.membership.role in EDITORS,
        },
    )


def _confirm_work_item_delete(request, item: WorkItem):
    """Removing a work item takes its delivery and hours out of the figures: say so before it goes."""
    state = (
        f"delivered {timezone.localtime(item.delivered_at):%a %b %-d}, {item.hours:.2f} h"
        if item.delivered_at
        else "not delivered yet"
    )
    return confirm_page(
        request,
        title="Remove this work item?",
        lead=f"Remove “{item.title}” ({state})? A removed work item cannot be restored.",
        consequences=[
            "It leaves the work items list, and its turnaround and hours leave the performance dashboard, "
            "its charts and the weekly report.",
            "If the work was done, record its delivery instead: removing is for an item logged by mistake.",
        ],
        action_url=request.path,
        button="Remove the work item",
        cancel_url=request.path,
        cancel_label="Keep it",
        carry={"action": "delete"},
    )


@role_required(*EVERYONE)
@firm_clock
def work_item(request, firm_slug: str, item_id: int):
    """One work item: record its delivery and hours, or remove it."""
    item = visible_child(request, WorkItem, item_id)
    if request.membership.role == Role.EXTERNAL and item.professional.user_id != request.user.pk:
        raise PermissionDenied("This work item is assigned to someone else.")
    form = DeliverForm(
        request.POST or None, initial={"delivered_at": timezone.localtime(), "hours": item.hours}
    )
    if request.method == "POST":
        require(request, EDITORS)
        if request.POST.get("action") == "delete":
            if not confirmed(request):
                return _confirm_work_item_delete(request, item)
            services.work_item_delete(firm=request.firm, actor=request.user, item=item)
            messages.success(request, f"Removed “{item.title}”.")
            return redirect("performance:work_items", firm_slug=firm_slug, engagement_id=item.engagement_id)
        if form.is_valid():
            try:
                services.work_item_update(
                    firm=request.firm, actor=request.user, item=item, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, f"Delivery of “{item.title}” recorded: {item.turnaround_hours} h turnaround."
                )
                return redirect(
                    "performance:work_items", firm_slug=firm_slug, engagement_id=item.engagement_id
                )
    return render(
        request,
        "performance/work_item.html",
        {
            "item": item,
            "engagement": item.engagement,
            "form": form,
            "can_edit": request.membership.role in EDITORS,
        },
    )


# --- attorney non-billable hours -----------------------------------------------------------------


def _hours_form(request, context, data=None):
    attorneys = None
    if request.membership.role in HOUR_MANAGERS:
        attorneys = [m.user for m in firm_members(firm=request.firm, roles=services.ATTORNEY_ROLES)]
    initial = {"worked_on": timezone.localdate(), "attorney": str(request.user.pk)}
    return HourEntryForm(data, hits=context.hit_list, attorneys=attorneys, initial=initial)


def _hours_page(request, engagement, form, import_form, problems=None, status=200):
    entries = (
        HourEntry.objects.for_firm(request.firm).filter(engagement=engagement).select_related("attorney")
    )
    if request.membership.role not in HOUR_MANAGERS:
        entries = entries.filter(attorney=request.user)
    context = {
        "engagement": engagement,
        "form": form,
        "import_form": import_form,
        "problems": problems or [],
        "entries": entries[:LIST_LIMIT],
        "can_import": request.membership.role in HOUR_MANAGERS,
        "can_log": request.membership.role in (*services.ATTORNEY_ROLES, *HOUR_MANAGERS),
    }
    return render(request, "performance/hours.html", context, status=status)


@role_required(*VIEWERS)
@firm_clock
def hours(request, firm_slug: str, engagement_id: int):
    """Quick log of a day's non-billable hours (as fast as the audit's), and the entries so far."""
    engagement = engagement_for(request, engagement_id)
    context = selectors.engagement_context(firm=request.firm, engagement=engagement)
    form = _hours_form(request, context, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attorney = request.user
        if data.get("attorney"):
            attorney = next(
                (m.user for m in firm_members(firm=request.firm) if str(m.user_id) == data["attorney"]), None
            )
        try:
            if attorney is None:
                raise ValidationError({"attorney": "Pick an attorney of this firm."})
            entry = services.hour_entry_create(
                firm=request.firm,
                actor=request.user,
                engagement=engagement,
                attorney=attorney,
                worked_on=data["worked_on"],
                hours=data["hours"],
                category=data["category"],
                description=data["description"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Logged {entry.hours:.2f} h for {entry.attorney.display_name} on {entry.worked_on:%b %-d}.",
            )
            return redirect("performance:hours", firm_slug=firm_slug, engagement_id=engagement.pk)
    return _hours_page(
        request, engagement, form, HourImportForm(), status=400 if request.method == "POST" else 200
    )


@require_POST
@role_required(*HOUR_MANAGERS)
@firm_clock
def hours_import(request, firm_slug: str, engagement_id: int):
    """Import a CSV of hours: all rows or none, with a report naming each bad row."""
    engagement = engagement_for(request, engagement_id)
    context = selectors.engagement_context(firm=request.firm, engagement=engagement)
    import_form = HourImportForm(request.POST, request.FILES)
    problems = []
    if import_form.is_valid():
        try:
            count = services.hour_entries_import(
                firm=request.firm,
                actor=request.user,
                engagement=engagement,
                text=import_form.cleaned_data["file"],
            )
        except services.ImportRejected as exc:
            problems = exc.problems
            add_service_errors(import_form, exc)
        except ValidationError as exc:
            add_service_errors(import_form, exc)
        else:
            messages.success(request, f"Imported {count} hour entries.")
            return redirect("performance:hours", firm_slug=firm_slug, engagement_id=engagement.pk)
    return _hours_page(request, engagement, _hours_form(request, context), import_form, problems, status=400)


@require_POST
@role_required(*VIEWERS)
def hour_entry_delete(request, firm_slug: str, entry_id: int):
    """Remove a wrong entry, once the person has read which figures it changes."""
    entry = visible_child(request, HourEntry, entry_id)
    if not confirmed(request):
        who = entry.attorney.display_name
        return confirm_page(
            request,
            title="Remove these hours?",
            lead=(
                f"Remove {entry.hours:.2f} h of non-billable time {who} logged for "
                f"{entry.worked_on:%a %b %-d}? A removed entry cannot be restored."
            ),
            consequences=[
                f"That week's attorney non-billable hours drop by {entry.hours:.2f} h on the performance "
                "dashboard, its chart and the weekly report, where they are compared with the audit "
                "baseline.",
                "The audit trail keeps a record of the removal, with your name.",
            ],
            action_url=request.path,
            button="Remove the hours",
            cancel_url=reverse("performance:hours", args=[firm_slug, entry.engagement_id]),
            cancel_label="Keep them",
        )
    try:
        services.hour_entry_delete(firm=request.firm, actor=request.user, entry=entry)
        messages.success(request, "Entry removed.")
    except ValidationError as exc:
        messages.error(request, first_error(exc))
    return redirect("performance:hours", firm_slug=firm_slug, engagement_id=entry.engagement_id)


# --- matters and surveys -------------------------------------------------------------------------


@role_required(*VIEWERS)
def matters(request, firm_slug: str, engagement_id: int):
    """Matters with intake and resolution dates: the raw material of case velocity."""
    engagement = engagement_for(request, engagement_id)
    form = MatterForm(request.POST or None, initial={"intake_on": timezone.localdate()})
    if request.method == "POST":
        require(request, EDITORS)
        if form.is_valid():
            try:
                matter = services.matter_create(
                    firm=request.firm, actor=request.user, engagement=engagement, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Matter {matter.reference} added.")
                return redirect("performance:matters", firm_slug=firm_slug, engagement_id=engagement.pk)
    rows = Matter.objects.for_firm(request.firm).filter(engagement=engagement)
    return render(
        request,
        "performance/matters.html",
        {"engagement": engagement, "form": form, "matters": rows[:LIST_LIMIT]},
    )


@role_required(*VIEWERS)
def matter(request, firm_slug: str, matter_id: int):
    """Correct a matter or record its resolution."""
    obj = visible_child(request, Matter, matter_id)
    form = MatterForm(
        request.POST or None,
        initial={
            f: getattr(obj, f)
            for f in ("reference", "name", "intake_on", "resolved_on", "client_name", "client_email")
        },
    )
    if request.method == "POST":
        require(request, EDITORS)
        if form.is_valid():
            try:
                services.matter_update(firm=request.firm, actor=request.user, matter=obj, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Matter {obj.reference} saved.")
                return redirect("performance:matters", firm_slug=firm_slug, engagement_id=obj.engagement_id)
    return render(
        request, "performance/matter.html", {"engagement": obj.engagement, "matter": obj, "form": form}
    )


@role_required(*VIEWERS)
def surveys(request, firm_slug: str, engagement_id: int):
    """Client satisfaction: a score from 1 to 5 and a comment per matter."""
    engagement = engagement_for(request, engagement_id)
    matters_qs = Matter.objects.for_firm(request.firm).filter(engagement=engagement)
    form = SurveyForm(request.POST or None, matters=matters_qs, initial={"received_on": timezone.localdate()})
    if request.method == "POST":
        require(request, EDITORS)
        if form.is_valid():
            try:
                services.survey_create(
                    firm=request.firm, actor=request.user, engagement=engagement, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Survey response recorded.")
                return redirect("performance:surveys", firm_slug=firm_slug, engagement_id=engagement.pk)
    rows = (
        SurveyResponse.objects.for_firm(request.firm).filter(engagement=engagement).select_related("matter")
    )
    sent = ClientSurvey.objects.for_firm(request.firm).filter(engagement=engagement).select_related("matter")
    return render(
        request,
        "performance/surveys.html",
        {
            "engagement": engagement,
            "form": form,
            "responses": rows[:LIST_LIMIT],
            "sent": sent[:LIST_LIMIT],
            "askable": matters_qs.exclude(client_email="").order_by("reference")[:LIST_LIMIT],
            "can_send": request.membership.role in (Role.PARTNER, Role.OPS),
            "now": timezone.now(),
        },
    )
