"""A realistic audit week for the demo engagement: ~60 tasks of an attorney, a paralegal and a partner.

Enough variety that the demo hit list is meaningful: attorney hours on deposition summaries, discovery
drafting, cite-checking and e-filing float to the top, while court work and advice stay core.
"""

from __future__ import annotations

import datetime as dt

from audit.models import AuditPeriod, TaskEntry
from audit.services import audit_entry_create, audit_override_set, audit_period_open
from firmops.models import Role

# (description, minutes) as people actually type them.
ATTORNEY_TASKS = [
    ("Summarized Dr. Patel deposition transcript (142 pages)", 150),
    ("Drafted first set of interrogatories and RFPs - Hartley v. Grant", 120),
    ("E-filed opposition to motion to compel and served opposing counsel", 35),
    ("Cite-checked MSJ brief and built table of authorities", 110),
    ("Prepared trial exhibit binders for Morales trial", 95),
    ("Reviewed 600 pages of produced documents for privilege", 180),
    ("Legal research memo on spoliation sanctions", 140),
    ("Scheduled depositions with opposing counsel and court reporter", 30),
    ("Entered last week's time into billing system", 25),
    ("Client call re settlement options - Hartley", 40),
    ("Negotiated settlement terms with defense counsel", 60),
    ("Defended deposition of client's CFO", 210),
    ("Strategy meeting on Morales trial theme", 45),
    ("Drafted records request to St. Mary's hospital", 20),
    ("Prepared deposition outline and exhibit set for Dr. Kim", 90),
    ("Summarized depo of plaintiff's treating physician", 100),
    ("Drafted responses to rogs and RFAs", 130),
    ("Formatted and e-filed motion in limine", 40),
    ("Indexed trial exhibits and made witness binders", 80),
    ("Reviewed medical records and built treatment chronology", 120),
    ("Took deposition of defendant's safety manager", 180),
    ("Drafted meet and confer letter re discovery deficiencies", 45),
    ("Advised client on risks of going to trial", 50),
    ("Calendared new deadlines from amended scheduling order", 15),
    ("Proofread reply brief and fixed citations", 60),
]
PARALEGAL_TASKS = [
    ("Organized document production and Bates-stamped PDFs", 75),
    ("Client intake call for new PI matter, ran conflict check", 30),
    ("Calendared hearing dates from scheduling order", 20),
    ("Scanned and indexed client medical records", 60),
    ("Prepared medical chronology for Morales", 120),
    ("E-filed notice of appearance", 15),
    ("Sent HIPAA authorizations and records requests to three providers", 25),
    ("Proofread and formatted opposition brief", 45),
    ("Updated case management system with new deadlines", 20),
    ("Drafted subpoena for employment records", 30),
    ("Transcribed voicemail from client and sent to attorney", 15),
    ("Prepared exhibit stickers and copies for hearing", 40),
    ("Followed up with client for missing tax returns", 20),
    ("Entered billing time and prepared pre-bills", 35),
    ("Scheduled mediation with all counsel", 25),
    ("Summarized deposition of Officer Grant", 110),
    ("Drafted first draft of RFPs for Morales", 70),
    ("Filed and served proof of service", 15),
    ("Saved emails and correspondence to client file", 30),
    ("New client intake questionnaire and engagement letter", 40),
    ("Cite check on appellate brief", 90),
    ("Pulled court docket and downloaded filings", 20),
]
PARTNER_TASKS = [
    ("Argued motion to compel at hearing", 90),
    ("Reviewed and signed discovery responses", 30),
    ("Advised client on settlement range", 45),
    ("Reviewed pre-bills and approved invoices", 40),
    ("Rescheduled client meetings and managed calendar", 25),
    ("Proofread associate's brief for typos", 50),
    ("Case strategy session for Hartley", 60),
    ("Negotiated mediation terms with insurer", 75),
    ("Prepared witness for trial testimony", 90),
    ("Reviewed document production for responsiveness", 120),
    ("Summarized expert deposition for trial team", 80),
    ("Drafted engagement letter for new client", 30),
    ("E-filed trial brief after paralegal left", 25),
    ("Worked up the Morales numbers for Dana", 35),  # no task words: waits for a partner on the hit list
]

OVERRIDDEN = "Reviewed pre-bills and approved invoices"  # a partner's correction: billing is not core work


def _days(period: AuditPeriod, today: dt.date) -> list[dt.date]:
    """The period's days before today, weekdays first choice (people rarely log weekends)."""
    past = [period.starts_on + dt.timedelta(days=i) for i in range(period.days)]
    past = [d for d in past if d < today]
    weekdays = [d for d in past if d.weekday() < 5]
    return weekdays if len(weekdays) >= 3 else past


def seed(demo) -> None:
    """Open the demo audit week and log its tasks; does nothing if the engagement already has one."""
    firm, users = demo.firm, demo.users
    if AuditPeriod.objects.filter(engagement=demo.engagement).exists():
        return
    partner = users[Role.PARTNER]
    today = firm.today_for(partner)
    period = audit_period_open(
        firm=firm,
        actor=partner,
        engagement=demo.engagement,
        starts_on=today - dt.timedelta(days=5),
        days=7,
        participants=[users[Role.PARTNER], users[Role.ATTORNEY], users[Role.PARALEGAL]],
    )
    days = _days(period, today)
    for role, tasks in (
        (Role.ATTORNEY, ATTORNEY_TASKS),
        (Role.PARALEGAL, PARALEGAL_TASKS),
        (Role.PARTNER, PARTNER_TASKS),
    ):
        person = users[role]
        for index, (description, minutes) in enumerate(tasks):
            audit_entry_create(
                firm=firm,
                actor=person,
                period=period,
                description=description,
                minutes=minutes,
                performed_on=days[index % len(days)],
                matter="Hartley v. Grant"
                if index % 3 == 0
                else ("Morales v. City" if index % 3 == 1 else ""),
                billable=index % 4 != 0,
            )
    corrected = TaskEntry.objects.filter(period=period, description=OVERRIDDEN).first()
    if corrected is not None:
        audit_override_set(
            firm=firm, actor=partner, entry=corrected, bucket="outsourceable", category="billing_time_entry"
        )
