"""The weekly performance report: the dashboard's figures and charts as a PDF, mailed on Mondays."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from firmops.models import Engagement, Firm, Role
from firmops.notifications import email_opted_out, notification_create
from firmops.pdf import render_pdf
from firmops.selectors import firm_members
from firmops.tenancy import firm_scope
from performance.checkins import ACTIVE_STAGES
from performance.dashboard import engagement_performance
from performance.models import ReportDelivery
from performance.weeks import last_completed_week, local_today

log = logging.getLogger(__name__)

SEND_AT = time(8, 0)  # Monday, firm time
REPORT_KIND = "performance.weekly_report"


def report_context(*, firm: Firm, engagement: Engagement, now: datetime) -> dict:
    """What the PDF shows: the dashboard's data and its very charts."""
    perf = engagement_performance(firm=firm, engagement=engagement, now=now)
    week = last_completed_week(firm, now)
    return {
        "firm": firm,
        "engagement": engagement,
        "perf": perf,
        "charts": perf.charts(),
        "week_start": week,
        "week_end": week + timedelta(days=6),
        "generated_at": now.astimezone(firm.zone),
    }


def report_pdf(*, firm: Firm, engagement: Engagement, now: datetime | None = None) -> bytes:
    """The weekly report as PDF bytes, for download any time."""
    with firm_scope(firm), timezone.override(firm.zone):
        return render_pdf(
            "performance/report_pdf.html",
            report_context(firm=firm, engagement=engagement, now=now or timezone.now()),
        )


def report_filename(engagement: Engagement, now: datetime, firm: Firm) -> str:
    return f"performance-{engagement.pk}-{local_today(firm, now):%Y-%m-%d}.pdf"


@transaction.atomic
def report_deliver(
    *, firm: Firm, engagement: Engagement, now: datetime | None = None
) -> ReportDelivery | None:
    """Email last week's report to the partners once per engagement and week; None if it went already."""
    now = now or timezone.now()
    week = last_completed_week(firm, now)
    with firm_scope(firm):
        try:
            with transaction.atomic():
                delivery = ReportDelivery.objects.create(firm=firm, engagement=engagement, week_start=week)
        except IntegrityError:
            return None  # this week's report has gone out (or is going out in a concurrent run)
        partners = [m.user for m in firm_members(firm=firm, roles=(Role.PARTNER,))]
        subject = f"Weekly performance report: {engagement.name}, week of {week:%b %-d}"
        body = (
            f"Attached: how the {engagement.name} engagement performed "
            f"in the week of {week:%B %-d, %Y} — "
            "turnaround, attorney non-billable hours against the audit baseline, case velocity, client "
            "satisfaction, ROI and any signals that it is time to scale.\n"
        )
        path = reverse(
            "performance:dashboard", kwargs={"firm_slug": firm.slug, "engagement_id": engagement.pk}
        )
        note = (
            f"How {engagement.name} performed in the week of {week:%B %-d, %Y}: open the dashboard, "
            "or download the same PDF from it."
        )
        for partner in partners:  # every partner sees it in the app; email only to those who want it
            notification_create(
                firm=firm, recipient=partner, kind=REPORT_KIND, title=subject, body=note, url=path
            )
        opted_out = email_opted_out(user_ids=[p.pk for p in partners])
        recipients = [p.email for p in partners if (p.pk, REPORT_KIND) not in opted_out]
        with timezone.override(firm.zone):
            pdf = render_pdf(
                "performance/report_pdf.html", report_context(firm=firm, engagement=engagement, now=now)
            )
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        )
        message.attach(f"performance-week-{week:%Y-%m-%d}.pdf", pdf, "application/pdf")
        delivery.recipients, delivery.sent_at = ", ".join(recipients), now
        delivery.save(update_fields=["recipients", "sent_at"])
        if recipients:
            transaction.on_commit(message.send)
    return delivery


def report_due(firm: Firm, now: datetime) -> bool:
    """Monday from 08:00 firm time (an hourly job that missed 08:00 still sends that Monday)."""
    local = now.astimezone(firm.zone)
    return local.weekday() == 0 and local.time() >= SEND_AT


def reports_send_due_all_firms(*, now: datetime | None = None) -> int:
    """The hourly beat job: each firm whose Monday 08:00 has come gets its engagements' reports."""
    now = now or timezone.now()
    sent = 0
    for firm in Firm.objects.all():
        if not report_due(firm, now):
            continue
        try:
            with firm_scope(firm):
                engagements = list(Engagement.objects.filter(stage__in=ACTIVE_STAGES))
            for engagement in engagements:
                sent += report_deliver(firm=firm, engagement=engagement, now=now) is not None
        except Exception:  # one firm's failure must not stop the others
            log.exception("weekly report failed for firm %s", firm.slug)
    return sent
