"""Audit pages: the quick log (JSON for its script, redirects without), entries, overrides."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from audit import selectors
from audit.classifier import CATEGORIES, category_label
from audit.deletion import deletion_outlook
from audit.forms import EntryForm, OverrideForm
from audit.models import AuditPeriod, Bucket, ClassificationOverride, TaskEntry
from audit.services import (
    audit_entries_delete,
    audit_entry_create,
    audit_entry_delete,
    audit_entry_update,
    audit_override_delete,
    audit_override_set,
    entry_changeable_by,
)
from audit.templatetags.audit_tags import hours_minutes
from firmops.confirm import confirm_json, confirm_page, confirmed
from firmops.forms import add_service_errors
from firmops.models import Role
from firmops.permissions import MANAGERS, STAFF, role_required
from firmops.tenancy import get_for_firm

ENTRIES_PER_PAGE = 100


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


# --- periods ------------------------------------------------------------------------------------


# --- the quick log ------------------------------------------------------------------------------


@role_required(*STAFF)
def log_today(request: HttpRequest, firm_slug: str) -> HttpResponse:
    """Straight to the period open today."""
    today = request.firm.today_for(request.user)
    period = selectors.current_period(firm=request.firm, user=request.user, day=today)
    if period is None:
        messages.info(request, "No audit period is open today. A partner or ops can open one here.")
        return redirect("audit:home", firm_slug=firm_slug)
    return redirect("audit:log", firm_slug=firm_slug, period_id=period.pk)


def _log_day(request: HttpRequest, period: AuditPeriod) -> dt.date:
    today = request.firm.today_for(request.user)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today
    if not period.is_open_on(day):
        day = min(max(today, period.starts_on), period.ends_on)
    return day


def _row_html(request: HttpRequest, entry: TaskEntry) -> str:
    return render_to_string(
        "audit/_entry_row.html", {"e": entry, "firm": request.firm, "me": request.user}, request
    )


def _entry_json(request: HttpRequest, entry: TaskEntry, message: str, status: int = 200) -> JsonResponse:
    return JsonResponse(
        {
            "ok": True,
            "message": message,
            "entry_id": entry.pk,
            "performed_on": f"{entry.performed_on:%Y-%m-%d}",
            "html": _row_html(request, entry),
        },
        status=status,
    )


def _saved_message(entry: TaskEntry, verb: str) -> str:
    said = f"{verb} {hours_minutes(entry.minutes)}: “{entry.description}”"
    if entry.bucket == Bucket.REVIEW:
        return f"{said} → needs review: a partner sorts it."
    return f"{said} → {category_label(entry.category)} ({entry.bucket})."


@role_required(*STAFF)
def log(request: HttpRequest, firm_slug: str, period_id: int) -> HttpResponse:
    """One form, Enter saves, the day's entries below; JSON for the page's script, a redirect without it."""
    firm = request.firm
    period = get_for_firm(AuditPeriod, firm=firm, pk=period_id)
    may_log_for_others = selectors.can_log_for_others(request.membership)
    day = _log_day(request, period)
    form = EntryForm(
        request.POST or None,
        firm=firm,
        period=period,
        may_log_for_others=may_log_for_others,
        initial={"performed_on": day, "performer": request.user.pk},
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = audit_entry_create(
                    firm=firm,
                    actor=request.user,
                    period=period,
                    description=data["description"],
                    minutes=data["minutes"],
                    performed_on=data["performed_on"],
                    performer=data.get("performer") or request.user,
                    matter=data["matter"],
                    billable=data["billable"],
                    actor_membership=request.membership,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                message = _saved_message(entry, "Logged")
                if _wants_json(request):
                    return _entry_json(request, entry, message, status=201)
                messages.success(request, message)
                url = reverse("audit:log", kwargs={"firm_slug": firm_slug, "period_id": period.pk})
                return redirect(f"{url}?day={entry.performed_on:%Y-%m-%d}")
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    minutes_by_day = selectors.day_minutes(firm=firm, period=period, user=request.user)
    days = [period.starts_on + dt.timedelta(days=i) for i in range(period.days)]
    entries = selectors.day_entries(firm=firm, period=period, user=request.user, day=day)
    return render(
        request,
        "audit/log.html",
        {
            "period": period,
            "form": form,
            "day": day,
            "today": firm.today_for(request.user),
            "days": [(d, minutes_by_day.get(d, 0)) for d in days],
            "entries": entries,
            "may_log_for_others": may_log_for_others,
        },
        status=400 if request.method == "POST" else 200,
    )


def _changeable_entry(request: HttpRequest, entry_id: int) -> TaskEntry:
    """The entry if this person may change it; the same 404 otherwise (missing, foreign or someone else's)."""
    entry = get_for_firm(TaskEntry, firm=request.firm, pk=entry_id)
    if not entry_changeable_by(entry=entry, membership=request.membership):
        raise Http404("No entry here.")
    return entry


@role_required(*STAFF)
def entry_edit(request: HttpRequest, firm_slug: str, entry_id: int) -> HttpResponse:
    """Correct an entry (the page's script edits in place and posts here)."""
    entry = _changeable_entry(request, entry_id)
    may_log_for_others = selectors.can_log_for_others(request.membership)
    initial = {
        "description": entry.description,
        "minutes": entry.minutes,
        "performed_on": entry.performed_on,
        "matter": entry.matter,
        "billable": entry.billable,
        "performer": entry.performer_id,
    }
    form = EntryForm(
        request.POST or None,
        firm=request.firm,
        period=entry.period,
        may_log_for_others=may_log_for_others,
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items() if k != "performer" or v is not None}
            try:
                audit_entry_update(firm=request.firm, actor=request.user, entry=entry, **changes)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                message = _saved_message(entry, "Saved")
                if _wants_json(request):
                    return _entry_json(request, entry, message)
                messages.success(request, message)
                url = reverse("audit:log", kwargs={"firm_slug": firm_slug, "period_id": entry.period_id})
                return redirect(f"{url}?day={entry.performed_on:%Y-%m-%d}")
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    return render(
        request,
        "audit/entry_edit.html",
        {"entry": entry, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(*STAFF)
def entry_delete(request: HttpRequest, firm_slug: str, entry_id: int) -> HttpResponse:
    """Delete an entry logged by mistake, once the person has read what it takes off the audit."""
    entry = _changeable_entry(request, entry_id)
    period_id, day, description = entry.period_id, entry.performed_on, entry.description
    back = reverse("audit:log", kwargs={"firm_slug": firm_slug, "period_id": period_id})
    back = f"{back}?day={day:%Y-%m-%d}"
    if not confirmed(request):
        outlook = deletion_outlook([entry])
        if _wants_json(request):  # the quick log's script shows the same words in the row
            return JsonResponse(confirm_json(lead=outlook.lead, consequences=outlook.consequences))
        return confirm_page(
            request,
            title="Delete this entry?",
            lead=outlook.lead,
            consequences=outlook.consequences,
            action_url=request.path,
            button="Delete the entry",
            cancel_url=back,
            cancel_label="Keep it",
        )
    audit_entry_delete(firm=request.firm, actor=request.user, entry=entry)
    message = f"Deleted “{description}”."
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": message, "entry_id": entry_id})
    messages.success(request, message)
    return redirect(back)


def _ticked_ids(request: HttpRequest) -> list[int]:
    return sorted({int(v) for v in request.POST.getlist("entry") if v.isdecimal()})


@require_POST
@role_required(*MANAGERS)
def entries_delete(request: HttpRequest, firm_slug: str, period_id: int) -> HttpResponse:
    """Delete the entries ticked on the entries page, after a page that counts what goes."""
    firm = request.firm
    period = get_for_firm(AuditPeriod, firm=firm, pk=period_id)
    back = reverse("audit:entries", kwargs={"firm_slug": firm_slug, "period_id": period.pk})
    ids = _ticked_ids(request)
    ticked = list(
        selectors.entries_visible_to(firm=firm, membership=request.membership)
        .filter(period=period, pk__in=ids)
        .order_by("performed_on", "created_at", "pk")
    )
    if not ticked:
        messages.error(request, "Tick the entries to delete first: nothing was deleted.")
        return redirect(back)
    if not confirmed(request):
        outlook = deletion_outlook(ticked)
        n = len(ticked)
        return confirm_page(
            request,
            title=f"Delete {n} entr{'y' if n == 1 else 'ies'}?",
            lead=outlook.lead,
            consequences=outlook.consequences,
            details=outlook.entries,
            details_heading="What is deleted",
            action_url=request.path,
            button=f"Delete {n} entr{'y' if n == 1 else 'ies'}",
            cancel_url=back,
            cancel_label="Keep them",
            carry={"entry": [str(e.pk) for e in ticked]},
        )
    try:
        deleted = audit_entries_delete(
            firm=firm, actor=request.user, period=period, entry_ids=[e.pk for e in ticked]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        minutes = sum(e.minutes for e in ticked)
        messages.success(
            request,
            f"Deleted {deleted} entr{'y' if deleted == 1 else 'ies'} ({hours_minutes(minutes)}); "
            "the hit list no longer counts them.",
        )
    return redirect(back)


# --- every entry of a period, and partner overrides ---------------------------------------------


@role_required(*MANAGERS)
def entries(request: HttpRequest, firm_slug: str, period_id: int) -> HttpResponse:
    """Everything logged in a period, with the classifier's reason and a partner's way to correct it."""
    firm = request.firm
    period = get_for_firm(AuditPeriod, firm=firm, pk=period_id)
    qs = selectors.entries_visible_to(firm=firm, membership=request.membership).filter(period=period)
    category = request.GET.get("category", "")
    if category in CATEGORIES:
        qs = qs.filter(category=category)
    bucket = request.GET.get("bucket", "")
    if bucket in Bucket.values:
        qs = qs.filter(bucket=bucket)
    person = request.GET.get("person", "")
    if person.isdecimal():
        qs = qs.filter(performer_id=int(person))
    page = Paginator(qs.order_by("-performed_on", "-created_at", "-pk"), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "audit/entries.html",
        {
            "period": period,
            "page": page,
            "categories": CATEGORIES.values(),
            "category": category,
            "buckets": Bucket.choices,
            "bucket": bucket,
            "people": selectors.participants_of(firm=firm, period=period),
            "person": person,
            "is_partner": request.membership.role == Role.PARTNER,
        },
    )


@role_required(Role.PARTNER)
def entry_override(request: HttpRequest, firm_slug: str, entry_id: int) -> HttpResponse:
    """A partner corrects an entry's bucket or category; the firm's entries with the same pattern follow."""
    entry = get_for_firm(TaskEntry, firm=request.firm, pk=entry_id)
    form = OverrideForm(request.POST or None, initial={"bucket": entry.bucket, "category": entry.category})
    if request.method == "POST" and form.is_valid():
        try:
            result = audit_override_set(
                firm=request.firm, actor=request.user, entry=entry, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            n = result.applied
            messages.success(
                request,
                f"“{entry.description}” is now {category_label(result.override.category)} "
                f"({result.override.bucket}); {n} entr{'y' if n == 1 else 'ies'} of the firm updated, "
                "and later ones with the same words will follow.",
            )
            back = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                return redirect(back)  # the one-click sort on the log or the hit list: back to that page
            return redirect("audit:entries", firm_slug=firm_slug, period_id=entry.period_id)
    return render(request, "audit/entry_override.html", {"entry": entry, "form": form})


@role_required(*MANAGERS)
def overrides(request: HttpRequest, firm_slug: str) -> HttpResponse:
    """The partners' corrections the classifier follows for this firm."""
    return render(
        request,
        "audit/overrides.html",
        {
            "overrides": selectors.overrides_of(firm=request.firm),
            "is_partner": request.membership.role == Role.PARTNER,
        },
    )


def _confirm_override_delete(request: HttpRequest, override: ClassificationOverride) -> HttpResponse:
    """Withdrawing re-sorts every entry the correction decides: the partner reads how many first."""
    n = selectors.override_entry_count(firm=request.firm, override=override)
    entries = f"{n} entr{'y' if n == 1 else 'ies'}"
    return confirm_page(
        request,
        title="Withdraw this override?",
        lead=(
            f"Withdraw the correction that files “{override.example}” as {category_label(override.category)} "
            f"({override.bucket})? It decides {entries} of the firm today."
        ),
        consequences=[
            f"Those {entries} go back to the classifier's own verdict, so their bucket and category may "
            "change, and with them the hit list, the report and the savings figures.",
            "Later entries with the same words are no longer filed this way.",
            "To file them this way again a partner corrects one of them again.",
        ],
        action_url=request.path,
        button="Withdraw the override",
        cancel_url=reverse("audit:overrides", args=[request.firm.slug]),
        cancel_label="Keep it",
    )


@require_POST
@role_required(Role.PARTNER)
def override_delete(request: HttpRequest, firm_slug: str, override_id: int) -> HttpResponse:
    """Withdraw a correction; its entries go back to the classifier's verdict."""
    override = get_for_firm(ClassificationOverride, firm=request.firm, pk=override_id)
    if not confirmed(request):
        return _confirm_override_delete(request, override)
    changed = audit_override_delete(firm=request.firm, actor=request.user, override=override)
    messages.success(
        request, f"Override withdrawn; {changed} entr{'y' if changed == 1 else 'ies'} classified again."
    )
    return redirect("audit:overrides", firm_slug=firm_slug)
