"""The engagement performance dashboard, its PDF, and the scaling signals."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from firmops.engagements.selectors import engagements_visible_to
from firmops.pdf.render import RenderFailed
from firmops.permissions import role_required
from performance import report
from performance.charts import PAGE_WIDTH
from performance.dashboard import engagement_performance
from performance.models import ScalingSignal
from performance.scaling import signal_acknowledge, signal_dismiss, signals_evaluate
from performance.surveys.views import SURVEY_MANAGERS
from performance.views._common import (
    SIGNAL_DECIDERS,
    VIEWERS,
    engagement_for,
    firm_clock,
    first_error,
    visible_child,
)


@role_required(*VIEWERS)
def index(request, firm_slug: str):
    """Which engagements have performance figures to look at."""
    engagements = engagements_visible_to(firm=request.firm, membership=request.membership).order_by(
        "-started_on", "-pk"
    )
    return render(request, "performance/index.html", {"engagements": engagements[:100]})


@role_required(*VIEWERS)
@firm_clock
def dashboard(request, firm_slug: str, engagement_id: int):
    """Is outsourcing paying off, and is it time to scale? One page, a fixed number of queries."""
    engagement = engagement_for(request, engagement_id, with_plan=True)
    perf = engagement_performance(firm=request.firm, engagement=engagement, now=timezone.now())
    return render(
        request,
        "performance/dashboard.html",
        {
            "engagement": engagement,
            "perf": perf,
            "charts": perf.charts(width=PAGE_WIDTH),
            "can_edit_surveys": request.membership.role in SURVEY_MANAGERS,
        },
    )


@role_required(*VIEWERS)
def report_pdf(request, firm_slug: str, engagement_id: int):
    """The weekly report, built now: the same figures and charts as the dashboard."""
    engagement = engagement_for(request, engagement_id)
    now = timezone.now()
    try:
        pdf = report.report_pdf(firm=request.firm, engagement=engagement, now=now)
    except RenderFailed as exc:  # a clear word on the dashboard, not an error page
        messages.error(request, f"The weekly report {exc} Try again in a minute.")
        return redirect("performance:dashboard", firm_slug, engagement.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{report.report_filename(engagement, now, request.firm)}"'
    )
    return response


@role_required(*VIEWERS)
@firm_clock
def signals(request, firm_slug: str, engagement_id: int):
    """Every scaling signal of the engagement with the evidence behind it; partners can check now."""
    engagement = engagement_for(request, engagement_id)
    if request.method == "POST":
        if request.membership.role not in SIGNAL_DECIDERS:
            messages.error(request, "Only a partner can run the scaling check.")
        else:
            raised = signals_evaluate(firm=request.firm, engagement=engagement)
            messages.success(
                request,
                f"Scaling check done: {len(raised)} new signal(s)."
                if raised
                else "Scaling check done: nothing new.",
            )
        return redirect("performance:signals", firm_slug=firm_slug, engagement_id=engagement.pk)
    rows = [
        (signal, json.dumps(signal.evidence, indent=2, sort_keys=True))
        for signal in ScalingSignal.objects.for_firm(request.firm)
        .filter(engagement=engagement)
        .select_related("acted_by")
    ]
    return render(request, "performance/signals.html", {"engagement": engagement, "rows": rows})


@require_POST
@role_required(*SIGNAL_DECIDERS)
def signal_act(request, firm_slug: str, signal_id: int):
    """Acknowledge or dismiss one signal."""
    signal = visible_child(request, ScalingSignal, signal_id)
    action = request.POST.get("action")
    try:
        if action == "acknowledge":
            signal_acknowledge(firm=request.firm, actor=request.user, signal=signal)
            messages.success(request, "Signal acknowledged.")
        elif action == "dismiss":
            signal_dismiss(firm=request.firm, actor=request.user, signal=signal)
            messages.success(request, "Signal dismissed.")
        else:
            messages.error(request, "Choose acknowledge or dismiss.")
    except ValidationError as exc:
        messages.error(request, first_error(exc))
    return redirect("performance:signals", firm_slug=firm_slug, engagement_id=signal.engagement_id)
