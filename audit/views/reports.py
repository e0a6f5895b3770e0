"""Audit pages for partners and ops: the hit list (page, chart, CSV) and members' own rates."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from audit import selectors
from audit.forms import RateForm
from audit.models import AuditPeriod
from audit.selectors import HitListRow
from audit.services import audit_member_rate_set
from firmops.models import Membership, Role
from firmops.permissions import MANAGERS, STAFF, role_required
from firmops.selectors import firm_members
from firmops.spreadsheets import SafeWriter
from firmops.tenancy import get_for_firm

HIT_LIST_COLUMNS = (
    "rank",
    "category",
    "label",
    "bucket",
    "hours",
    "attorney_hours",
    "attorney_share",
    "days",
    "entries",
    "recoverable_period",
    "recoverable_weekly",
    "recoverable_annual",
)


def _chart(rows: list[HitListRow]) -> dict:
    """Bars of recoverable dollars per week, each as a share of the largest (HTML rows, so labels wrap)."""
    ranked = [r for r in rows if r.recoverable_weekly > 0]
    top = max((r.recoverable_weekly for r in ranked), default=Decimal("0"))
    return {"bars": [{"row": r, "pct": f"{max(r.recoverable_weekly / top * 100, 1):.1f}"} for r in ranked]}


@role_required(*MANAGERS)
def hit_list(request: HttpRequest, firm_slug: str, period_id: int) -> HttpResponse:
    """The ranked outsourcing hit list: where attorney time goes on work that needs no JD, in dollars;
    apart, the tasks the classifier could not place, for a partner to sort in one click."""
    firm = request.firm
    period = get_for_firm(AuditPeriod, firm=firm, pk=period_id)
    rows = selectors.hit_list(firm=firm, period=period)
    top_hours = max((r.hours for r in rows), default=Decimal("0"))
    table = [{"row": r, "hours_pct": f"{(r.hours / top_hours * 100) if top_hours else 0:.0f}"} for r in rows]
    unsorted = selectors.unsorted_entries(firm=firm, period=period) if rows.unsorted else []
    return render(
        request,
        "audit/hit_list.html",
        {
            "period": period,
            "rows": table,
            "unsorted": rows.unsorted,
            "unsorted_entries": unsorted,
            "is_partner": request.membership.role == Role.PARTNER,
            "totals": selectors.hit_list_totals(rows),
            "chart": _chart(rows),
            "outsourced_rate": firm.rate_outsourced,
            "weeks_averaged": selectors.weeks_averaged(period),
        },
    )


@role_required(*MANAGERS)
def hit_list_csv(request: HttpRequest, firm_slug: str, period_id: int) -> HttpResponse:
    """The hit list as a spreadsheet (built in memory: one row per category, then the unsorted one)."""
    period = get_for_firm(AuditPeriod, firm=request.firm, pk=period_id)
    rows = selectors.hit_list(firm=request.firm, period=period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hit-list-{period.starts_on:%Y-%m-%d}.csv"'
    writer = SafeWriter(response)
    writer.writerow(HIT_LIST_COLUMNS)
    for rank, r in enumerate(rows.with_unsorted(), start=1):
        writer.writerow(
            [
                rank if r is not rows.unsorted else "",  # not ranked: it saves nothing until sorted
                r.category,
                r.label,
                r.bucket,
                r.hours,
                r.attorney_hours,
                r.attorney_share,
                r.days,
                r.entries,
                r.recoverable_period,
                r.recoverable_weekly,
                r.recoverable_annual,
            ]
        )
    return response


@role_required(Role.PARTNER)
def rates(request: HttpRequest, firm_slug: str) -> HttpResponse:
    """Members' own hourly cost, where it differs from the firm's rate for their role."""
    firm = request.firm
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = get_for_firm(Membership, firm=firm, pk=form.cleaned_data["membership"])
        try:
            audit_member_rate_set(
                firm=firm,
                actor=request.user,
                membership=membership,
                hourly_rate=form.cleaned_data["hourly_rate"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            rate = form.cleaned_data["hourly_rate"]
            who = membership.user.display_name
            messages.success(
                request,
                f"{who} now costs ${rate}/h." if rate is not None else f"{who} now costs the firm's rate.",
            )
        return redirect("audit:rates", firm_slug=firm_slug)
    people = [
        {"m": m, "firm_rate": firm.rate_for(m.role), "rate": m.effective_rate(firm)}
        for m in firm_members(firm=firm, roles=STAFF)
    ]
    return render(
        request, "audit/rates.html", {"people": people, "form_errors": form.errors if request.POST else None}
    )
