"""The weekly performance report: the dashboard's figures and charts as a PDF, mailed on Mondays."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from firmops.messaging.notifications import email_opted_out, notification_create
from firmops.messaging.reminders import DELIVERY_KEY_HEADER
from firmops.models import Engagement, Firm, Role
from firmops.pdf.render import render_pdf
from firmops.selectors import firm_members
from firmops.tenancy import firm_scope, firm_transaction
from performance.checkins import ACTIVE_STAGES
from performance.dashboard import engagement_performance
from performance.models import ReportDelivery
from performance.weeks import last_completed_week

log = logging.getLogger(__name__)

SEND_AT = time(8, 0)  # Monday, firm time
CATCH_UP = timedelta(days=3)  # the hourly job keeps sending a week's missed reports until Thursday 08:00
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
    return f"performance-{engagement.pk}-{firm.today(now):%Y-%m-%d}.pdf"


@firm_transaction
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
            headers={DELIVERY_KEY_HEADER: f"{firm.pk}:weekly-report:{engagement.pk}:{week:%Y-%m-%d}"},
        )
        message.attach(f"performance-week-{week:%Y-%m-%d}.pdf", pdf, "application/pdf")
        delivery.recipients, delivery.sent_at = ", ".join(recipients), now
        delivery.save(update_fields=["recipients", "sent_at"])
        if recipients:
            # Sent inside the transaction that records it: a failed send rolls the delivery back and the
            # hourly sweep sends it again; a committed delivery is never sent twice (unique per week).
            message.send()
    return delivery


def report_due(firm: Firm, now: datetime) -> bool:
    """From Monday 08:00 firm time for CATCH_UP: a report a failed hourly run missed goes out later."""
    local = now.astimezone(firm.zone)
    monday_8 = datetime.combine(local.date() - timedelta(days=local.weekday()), SEND_AT, tzinfo=local.tzinfo)
    return timedelta(0) <= local - monday_8 < CATCH_UP


def reports_send_due_all_firms(*, now: datetime | None = None) -> int:
    """The hourly beat job: each firm whose Monday 08:00 has come gets its engagements' reports."""
    now = now or timezone.now()
    sent = 0
    for firm in Firm.objects.all():
        if not report_due(firm, now):
            continue
        with firm_scope(firm):
            engagements = list(Engagement.objects.filter(stage__in=ACTIVE_STAGES))
        for engagement in engagements:
            try:
                sent += report_deliver(firm=firm, engagement=engagement, now=now) is not None
            except Exception:  # one report's failure must not stop the others; the next hour retries it
                log.exception("weekly report failed for firm %s, engagement %s", firm.slug, engagement.pk)
    return sent
