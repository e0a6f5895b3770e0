"""Check-in pages: the schedule, one check-in's agenda and write-up, and the calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from firmops.forms import add_service_errors
from firmops.permissions import role_required
from performance import checkins as svc
from performance import ics
from performance.forms import CheckInRecordForm, PlanForm, RescheduleForm
from performance.models import CheckIn, PerformancePlan
from performance.views._common import (
    CHECKIN_EDITORS,
    EVERYONE,
    engagement_for,
    firm_clock,
    require,
    visible_child,
)


@role_required(*EVERYONE)
@firm_clock
def checkins(request, firm_slug: str, engagement_id: int):
    """The biweekly check-ins: upcoming with their agendas, past with their notes; set the rhythm."""
    engagement = engagement_for(request, engagement_id)
    plan = PerformancePlan.objects.for_firm(request.firm).filter(engagement=engagement).first()
    form = PlanForm(
        request.POST or None,
        initial={"began_on": plan.began_on, "checkin_time": plan.checkin_time} if plan else None,
    )
    if request.method == "POST":
        require(request, CHECKIN_EDITORS)
        if form.is_valid():
            try:
                created = svc.plan_set(
                    firm=request.firm, actor=request.user, engagement=engagement, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Check-in schedule saved; {len(created)} check-in(s) added.")
                return redirect("performance:checkins", firm_slug=firm_slug, engagement_id=engagement.pk)
    rows = list(CheckIn.objects.for_firm(request.firm).filter(engagement=engagement).order_by("scheduled_at"))
    agendas = svc.agendas_for(firm=request.firm, engagement=engagement, checkins=rows)
    now = timezone.now()
    upcoming = [
        (c, agendas[c.pk]) for c in rows if c.status == CheckIn.Status.SCHEDULED and c.scheduled_at >= now
    ]
    past = [
        (c, agendas[c.pk])
        for c in reversed(rows)
        if not (c.status == CheckIn.Status.SCHEDULED and c.scheduled_at >= now)
    ]
    return render(
        request,
        "performance/checkins.html",
        {
            "engagement": engagement,
            "plan": plan,
            "form": form,
            "upcoming": upcoming,
            "past": past,
            "can_edit": request.membership.role in CHECKIN_EDITORS,
            "zone": request.firm.zone_of(request.user).key,
        },
    )


@role_required(*EVERYONE)
@firm_clock
def checkin(request, firm_slug: str, checkin_id: int):
    """One check-in: the three questions, carried-over action items, notes; move or cancel it."""
    obj = visible_child(request, CheckIn, checkin_id)
    agenda = svc.agenda(firm=request.firm, checkin=obj)
    initial = {f: getattr(obj, f) for f in ("what_working", "roadblocks", "improvements", "notes")}
    initial["done"] = [a.pk for a in agenda.carried if a.done_in_id == obj.pk]
    record = CheckInRecordForm(None, carried=agenda.carried, initial=initial)
    move = RescheduleForm(None, initial={"scheduled_at": timezone.localtime(obj.scheduled_at)})
    if request.method == "POST":
        require(request, CHECKIN_EDITORS)
        action = request.POST.get("action", "record")
        try:
            if action == "move":
                move = RescheduleForm(request.POST)
                if move.is_valid():
                    svc.checkin_reschedule(
                        firm=request.firm, actor=request.user, checkin=obj, **move.cleaned_data
                    )
                    messages.success(
                        request,
                        f"Check-in {obj.sequence} moved to "
                        f"{timezone.localtime(obj.scheduled_at):%b %-d at %H:%M}.",
                    )
                    return redirect("performance:checkin", firm_slug=firm_slug, checkin_id=obj.pk)
            elif action == "cancel":
                svc.checkin_cancel(firm=request.firm, actor=request.user, checkin=obj)
                messages.success(
                    request, f"Check-in {obj.sequence} cancelled; its action items wait for the next one."
                )
                return redirect("performance:checkins", firm_slug=firm_slug, engagement_id=obj.engagement_id)
            else:
                record = CheckInRecordForm(request.POST, carried=agenda.carried)
                if record.is_valid():
                    data = record.cleaned_data
                    svc.checkin_record(
                        firm=request.firm,
                        actor=request.user,
                        checkin=obj,
                        what_working=data["what_working"],
                        roadblocks=data["roadblocks"],
                        improvements=data["improvements"],
                        notes=data["notes"],
                        new_actions=data["new_actions"].splitlines(),
                        done_action_ids=data["done"],
                    )
                    messages.success(request, f"Check-in {obj.sequence} written up.")
                    return redirect("performance:checkin", firm_slug=firm_slug, checkin_id=obj.pk)
        except ValidationError as exc:
            add_service_errors(move if action == "move" else record, exc)
    return render(
        request,
        "performance/checkin.html",
        {
            "engagement": obj.engagement,
            "checkin": obj,
            "agenda": agenda,
            "record": record,
            "move": move,
            "raised": obj.raised_items.all(),
            "can_edit": request.membership.role in CHECKIN_EDITORS,
            "zone": request.firm.zone_of(request.user).key,
        },
    )


@role_required(*EVERYONE)
def checkins_ics(request, firm_slug: str, engagement_id: int):
    """The check-ins as an iCalendar file: import it, or re-download to pick up moves."""
    engagement = engagement_for(request, engagement_id)
    rows = list(CheckIn.objects.for_firm(request.firm).filter(engagement=engagement).order_by("scheduled_at"))
    agendas = svc.agendas_for(firm=request.firm, engagement=engagement, checkins=rows)
    for row in rows:
        row.engagement = engagement
    text = ics.calendar(
        name=f"Check-ins: {engagement.name}", events=[(c, agendas[c.pk]) for c in rows], now=timezone.now()
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="checkins-{engagement.pk}.ics"'
    return response
