"""Audit pages: the audit home, opening a period, its participants and re-pricing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit import selectors
from audit.forms import ParticipantsForm, PeriodForm
from audit.models import AuditPeriod
from audit.services import (
    DEFAULT_PARTICIPANT_ROLES,
    audit_participants_set,
    audit_period_open,
    audit_period_recost,
)
from firmops.forms import add_service_errors
from firmops.models import Role
from firmops.permissions import MANAGERS, STAFF, role_required
from firmops.selectors import firm_members
from firmops.tenancy import get_for_firm


@role_required(*STAFF)
def home(request: HttpRequest, firm_slug: str) -> HttpResponse:
    """The firm's audit periods and, when one is open today, the way into the quick log."""
    today = request.firm.today_for(request.user)
    return render(
        request,
        "audit/home.html",
        {
            "periods": selectors.periods_overview(firm=request.firm),
            "current": selectors.current_period(firm=request.firm, user=request.user, day=today),
            "is_manager": request.membership.role in MANAGERS,
            "today": today,
        },
    )


@role_required(*MANAGERS)
def period_new(request: HttpRequest, firm_slug: str) -> HttpResponse:
    """Open an audit period (which puts the engagement in the audit stage)."""
    firm = request.firm
    initial = {
        "starts_on": firm.today_for(request.user),
        "days": 7,
        "participants": [m.user_id for m in firm_members(firm=firm, roles=DEFAULT_PARTICIPANT_ROLES)],
        "engagement": request.GET.get("engagement") or None,
    }
    form = PeriodForm(request.POST or None, firm=firm, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = audit_period_open(
                firm=firm,
                actor=request.user,
                engagement=data["engagement"],
                starts_on=data["starts_on"],
                days=data["days"],
                participants=data["participants"],
                historical=data["historical"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Audit period opened for “{period.engagement.name}”: {period}.")
            return redirect("audit:period", firm_slug=firm_slug, period_id=period.pk)
    return render(request, "audit/period_new.html", {"form": form})


@role_required(*MANAGERS)
def period_detail(request: HttpRequest, firm_slug: str, period_id: int) -> HttpResponse:
    """A period at a glance, and who takes part in it."""
    firm = request.firm
    period = get_for_firm(AuditPeriod, firm=firm, pk=period_id)
    participants = selectors.participants_of(firm=firm, period=period)
    form = ParticipantsForm(
        request.POST or None, firm=firm, initial={"participants": [u.pk for u in participants]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit_participants_set(
                firm=firm, actor=request.user, period=period, users=form.cleaned_data["participants"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{len(form.cleaned_data['participants'])} participants saved.")
            return redirect("audit:period", firm_slug=firm_slug, period_id=period.pk)
    return render(
        request,
        "audit/period_detail.html",
        {
            "period": period,
            "participants": participants,
            "form": form,
            "totals": selectors.period_totals(firm=firm, period=period),
            "weeks_averaged": selectors.weeks_averaged(period),
        },
    )


@require_POST
@role_required(Role.PARTNER)
def period_recost(request: HttpRequest, firm_slug: str, period_id: int) -> HttpResponse:
    """Apply today's rates to a period's entries (after a partner corrected a rate)."""
    period = get_for_firm(AuditPeriod, firm=request.firm, pk=period_id)
    changed = audit_period_recost(firm=request.firm, actor=request.user, period=period)
    messages.success(
        request, f"Re-priced {changed} entr{'y' if changed == 1 else 'ies'} at the current rates."
    )
    return redirect("audit:period", firm_slug=firm_slug, period_id=period.pk)
