"""The built-in starting points a firm edits: plan template items, tools, task playbooks, guide sections.

Template text uses placeholders filled per engagement (see onboarding.plans.PLACEHOLDERS).
"""

from __future__ import annotations

from dataclasses import dataclass

# fmt: off
# (key, track, scope, day, stagger, repeat, owner role, milestone, title, body, link)
TEMPLATE_ROWS: tuple[tuple, ...] = (
    # Systems & Security: nobody gets the keys to the kingdom.
    ("nda-signed", "systems", "once", 1, 0, 0, "ops", True,
     "NDA signed by {professional} before any access",
     "No account is created until the signed NDA is on file with the engagement records.", ""),
    ("named-account", "systems", "per_tool", 1, 0, 0, "ops", False,
     "Named {tool} account for {professional} with role-based permissions",
     "One named account, never a shared login; only the matters and folders the delegated work needs.", ""),
    ("mfa-on", "systems", "per_tool", 2, 0, 0, "ops", False,
     "MFA on for {professional}'s {tool} account",
     "Confirm the authenticator app is enrolled before the first assignment.", ""),
    ("access-checklist", "systems", "once", 3, 0, 0, "ops", False,
     "Access checklist ticked for every system",
     "Named account, NDA, MFA and least privilege for {tools}.", ""),
    ("access-review", "systems", "once", 30, 0, 0, "partner", True,
     "Day-30 access review: remove anything {professional} has not needed",
     "Least privilege is a habit, not a setup step.", ""),
    # Communication cadence: end the email chains before they start.
    ("kickoff", "communication", "once", 1, 0, 0, "partner", True,
     "Kick-off call with {professional}",
     "Introduce the team, walk through this plan and the How We Work guide. "
     "Shared core hours: {core_hours}.", ""),
    ("daily-huddle", "communication", "once", 2, 0, 0, "attorney", False,
     "Daily 10-minute huddle on {chat_tool} at {huddle_time}",
     "Every working day at the start of the shared core hours ({core_hours}): "
     "what is due, what is blocked.", ""),
    ("channels", "communication", "once", 2, 0, 0, "ops", False,
     "Agree the channels: {chat_tool} for quick questions, {email_tool} for drafts, {video_tool} for reviews",
     "Write them into the How We Work guide so nobody guesses.", ""),
    ("working-hours", "communication", "once", 3, 0, 0, "external", False,
     "Confirm your working hours in {time_zone}",
     "Shared core hours for real-time work: {core_hours}. "
     "Outside them, hand off in writing on {chat_tool}.", ""),
    ("weekly-review", "communication", "once", 7, 0, 7, "partner", True,
     "Weekly review with {professional} on {video_tool}",
     "Turnaround, quality, questions. Feedback also goes in comments on the shared documents.", ""),
    # Defining success: what a good job looks like, per delegated task.
    ("success-formatting", "success", "per_task", 4, 2, 0, "attorney", False,
     "Formatting rules for {task}", "{formatting}", ""),
    ("success-tone", "success", "per_task", 4, 2, 0, "attorney", False,
     "Tone for {task}", "{tone}", ""),
    ("success-turnaround", "success", "per_task", 5, 2, 0, "attorney", False,
     "Turnaround for {task}: {turnaround}",
     "Agree it with {professional}, then measure against it from the first assignment.", ""),
    ("first-assignment", "success", "per_task", 8, 2, 0, "attorney", True,
     "First {task} assignment reviewed against the rules",
     "Go through it together: what matched the formatting, tone and turnaround, what did not.", ""),
    ("day-30-review", "success", "once", 30, 0, 0, "partner", True,
     "Day-30 review with {professional}: is the work where it should be?",
     "Compare the delegated work ({tasks}) with the expectations; decide what to hand over next.", ""),
    # Technology onboarding: workflows in the tools, not just logins.
    ("tool-walkthrough", "technology", "per_tool", 3, 1, 0, "paralegal", False,
     "How we use {tool}: live walkthrough for {professional}",
     "Our folders, naming and the steps we follow in {tool}, on a screen share.", ""),
    ("record-video", "technology", "per_task", 2, 1, 0, "paralegal", False,
     "Record the walkthrough: {walkthrough}",
     "A five-minute screen recording beats a 1,000-word document. Add its link to the task playbook.", ""),
    ("watch-video", "technology", "per_task", 4, 2, 0, "external", False,
     "Watch: {walkthrough}",
     "Our workflow for {task} in {case_tool}. Questions go to {chat_tool}.", "{walkthrough_url}"),
)

# (name, kind): a typical US litigation practice; the firm edits the list.
DEFAULT_TOOLS: tuple[tuple[str, str], ...] = (
    ("Clio", "case_management"),
    ("NetDocuments", "documents"),
    ("Outlook", "email"),
    ("Teams", "chat"),
    ("Zoom", "video"),
)

# category -> (walkthrough title, formatting, tone, turnaround)
PLAYBOOKS: dict[str, tuple[str, str, str, str]] = {
    "e_filing": ("How we e-file in this jurisdiction",
                 "Text-searchable PDF, exhibits bookmarked, file named YYYY-MM-DD Matter – Document.",
                 "Filing confirmations go to the responsible attorney, never straight to the client.",
                 "same business day if received before 2 PM"),
    "deposition_summaries": ("How we summarize a deposition",
                             "Page–line summary table, key admissions in bold, 1 page per 50 pages.",
                             "Neutral and factual: no characterising the witness.",
                             "48 hours per 100 transcript pages"),
    "deposition_prep": ("How we build a deposition outline and exhibit set",
                        "Outline by topic with exhibit numbers; exhibits pre-marked and indexed.",
                        "Internal working document: concise, no opinions on credibility.",
                        "3 business days before the deposition"),
    "discovery_drafting": ("How we draft discovery requests and responses",
                           "Firm caption template; definitions section reused; numbered requests.",
                           "Formal; objections stated plainly without adjectives.",
                           "first draft in 2 business days"),
    "document_review": ("How we review and code documents",
                        "Coding panel fields filled for every document; privilege log in the firm template.",
                        "Notes are factual; flag hot documents to the attorney the same day.",
                        "500 documents a day, hot documents flagged the same day"),
    "document_drafting": ("How we draft from our templates",
                          "Start from the firm template; track changes on; no new styles.",
                          "Formal, plain English; no exclamation points.",
                          "first draft in 2 business days"),
    "forms_preparation": ("How we prepare court forms",
                          "Current court version of the form; every field filled or marked N/A.",
                          "Exactly as the court requires.", "1 business day"),
    "legal_research": ("How we write a research memo",
                       "Question presented, short answer, discussion, Bluebook citations.",
                       "Objective: the weak authorities too.", "3 business days"),
    "cite_checking": ("How we cite-check a brief",
                      "Bluebook; table of authorities regenerated; every pin cite verified.",
                      "Comments in the margin, not in the text.", "1 business day"),
    "trial_exhibits": ("How we build trial binders",
                       "Tabbed, indexed, exhibit stickers per the judge's standing order.",
                       "Internal.", "5 business days before trial"),
    "records_requests": ("How we request records and serve subpoenas",
                         "Firm request letter template; HIPAA authorization attached; log every request.",
                         "Courteous and firm with custodians.", "requests out within 1 business day"),
    "medical_summaries": ("How we summarize medical records",
                          "Chronology table: date, provider, visit, diagnosis, page reference.",
                          "Clinical and neutral.", "5 business days per 500 pages"),
    "client_intake": ("How we run intake and conflict checks",
                      "Intake form complete; conflict search saved to the matter.",
                      "Warm and professional; no legal advice.", "same business day"),
    "calendar_scheduling": ("How we calendar deadlines",
                            "Every deadline with its rule and a 7-day warning; two people check court dates.",
                            "Invitations say what the meeting is for.", "same business day"),
    "correspondence": ("How we write to clients",
                       "Firm letterhead; matter reference in the subject line.",
                       "Plain, warm, professional; no exclamation points; no client emails after 7 PM.",
                       "drafts within 1 business day"),
    "billing_time_entry": ("How we enter time and prepare bills",
                           "Task codes on every entry; narrative in past tense.",
                           "Descriptive, never block-billed.", "weekly, by Monday noon"),
    "data_entry": ("How we update the case-management system",
                   "Every field per the matter checklist; no free-text where a picklist exists.",
                   "Internal.", "same business day"),
    "transcription": ("How we transcribe recordings",
                      "Speaker labels, timestamps every 5 minutes.", "Verbatim.",
                      "2 business days per hour of audio"),
    "file_management": ("How we name and file documents",
                        "YYYY-MM-DD Matter – Document type – v1; scanned at 300 dpi, OCR on.",
                        "Internal.", "same business day"),
}
# Names for the categories above when no hit list has named them yet (the audit taxonomy's slugs).
LABELS: dict[str, str] = {
    "e_filing": "E-filing & service", "deposition_summaries": "Deposition summaries",
    "deposition_prep": "Deposition prep", "discovery_drafting": "Discovery drafting",
    "document_review": "Document review & production",
    "document_drafting": "Drafting pleadings, motions & agreements",
    "forms_preparation": "Court forms & routine filings", "legal_research": "Legal research & memos",
    "cite_checking": "Cite checking & proofreading", "trial_exhibits": "Trial exhibits & binders",
    "records_requests": "Records requests & subpoenas", "medical_summaries": "Medical record summaries",
    "client_intake": "Client intake & conflict checks", "calendar_scheduling": "Calendar & scheduling",
    "correspondence": "Correspondence & client updates", "billing_time_entry": "Billing & time entry",
    "data_entry": "Data entry & case-management updates", "transcription": "Transcription",
    "file_management": "File management & scanning",
}
GENERIC_PLAYBOOK = (
    "How we handle {label}",
    "Start from the firm's templates; file names YYYY-MM-DD Matter – Document type – v1.",
    "Plain and professional; no exclamation points.",
    "2 business days unless the attorney sets a date",
)

STYLE_GUIDE = """\
- **Document naming:** `YYYY-MM-DD Matter – Document type – v1`,
  e.g. `2026-03-02 Rivera – Motion to compel – v2`.
- **Formatting:** start from the firm's templates in {docs_tool}; Times New Roman 12, double-spaced pleadings;
  track changes on until the attorney accepts them.
- **Client communication tone:** plain, warm and professional. Short paragraphs. Say what happens next.
"""

UNWRITTEN_RULES = """\
- No exclamation points — in anything a client, a court or opposing counsel will read.
- No client emails after 7 PM ({firm_time_zone}); schedule them for the next morning.
- Nothing goes to a client without an attorney's review.
- A deadline you cannot meet is flagged the day you know, not the day it falls.
- Ask in {chat_tool} before guessing: a two-minute question beats a two-hour redo.
"""

FEEDBACK_LOOP = """\
- **Weekly review** on {video_tool} with {owner}: turnaround, quality, questions.
- **Daily 10-minute huddle** on {chat_tool} at the start of the shared core hours.
- **Comments in the shared document** for line-by-line feedback; resolve them, don't delete them.
"""


@dataclass(frozen=True)
class PlaybookDefaults:
    walkthrough_title: str
    formatting: str
    tone: str
    turnaround: str


def playbook_defaults(category: str, label: str) -> PlaybookDefaults:
    """The built-in expectations for a task category (a generic set for categories without one)."""
    title, formatting, tone, turnaround = PLAYBOOKS.get(category, GENERIC_PLAYBOOK)
    return PlaybookDefaults(title.replace("{label}", label.lower()), formatting, tone, turnaround)
