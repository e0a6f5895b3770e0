"""What a role definition starts from: the skills and turnaround each task category needs, security rules.

Data only. The category slugs are the audit's taxonomy (audit/classifier/words.py); the turnaround
defaults match the onboarding playbooks so the plan and the job description say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryNeeds:
    skills: str  # what the job description asks for, comma-separated
    turnaround: str
    # Phrases that, found in a candidate's listed skills, show they have named this kind of work.
    phrases: tuple[str, ...]


GENERIC = CategoryNeeds(
    "Accuracy, clear written English, following the firm's checklists", "as agreed with the attorney", ()
)

NEEDS: dict[str, CategoryNeeds] = {
    "discovery_drafting": CategoryNeeds(
        "Drafting interrogatories, requests for production and admission, discovery responses",
        "first draft in 2 business days",
        ("discovery", "interrogatories", "rfp", "rfa", "request for production"),
    ),
    "deposition_summaries": CategoryNeeds(
        "Deposition digesting (page-line summaries), medical terminology",
        "48 hours per 100 transcript pages",
        ("deposition summary", "depo summary", "deposition digest", "transcript summary", "digesting"),
    ),
    "deposition_prep": CategoryNeeds(
        "Deposition outlines, exhibit sets and indexing",
        "3 business days before the deposition",
        ("deposition outline", "deposition prep", "deposition preparation", "exhibit set"),
    ),
    "document_review": CategoryNeeds(
        "Document review and coding, privilege logs, Bates numbering",
        "500 documents a day, hot documents flagged the same day",
        ("document review", "privilege log", "coding", "bates", "relativity", "ediscovery"),
    ),
    "document_drafting": CategoryNeeds(
        "Drafting pleadings, motions and agreements from the firm's templates",
        "first draft in 2 business days",
        ("pleading", "motion", "agreement", "contract drafting", "brief writing"),
    ),
    "forms_preparation": CategoryNeeds(
        "Court forms and routine filings, local rules",
        "1 business day",
        ("court form", "forms", "routine filing"),
    ),
    "legal_research": CategoryNeeds(
        "Legal research (Westlaw or Lexis), research memos, Bluebook citation",
        "3 business days",
        ("legal research", "research memo", "westlaw", "lexis"),
    ),
    "cite_checking": CategoryNeeds(
        "Bluebook cite checking, tables of authorities, proofreading",
        "1 business day",
        ("cite check", "citation", "bluebook", "proofreading", "table of authorities"),
    ),
    "trial_exhibits": CategoryNeeds(
        "Trial binders, exhibit lists and stickers per the judge's standing order",
        "5 business days before trial",
        ("trial exhibit", "trial binder", "exhibit list", "trial prep", "trial preparation"),
    ),
    "e_filing": CategoryNeeds(
        "E-filing (CM/ECF and state portals), service rules, filing deadlines",
        "same business day if received before 2 PM",
        ("e filing", "efiling", "cm ecf", "ecf", "electronic filing"),
    ),
    "records_requests": CategoryNeeds(
        "Records requests, HIPAA authorizations, subpoenas",
        "requests out within 1 business day",
        ("records request", "subpoena", "hipaa"),
    ),
    "medical_summaries": CategoryNeeds(
        "Medical record review and chronologies, medical terminology",
        "5 business days per 500 pages",
        ("medical record", "medical chronology", "medical summary", "medical terminology"),
    ),
    "client_intake": CategoryNeeds(
        "Client intake interviews, conflict checks",
        "same business day",
        ("intake", "conflict check"),
    ),
    "calendar_scheduling": CategoryNeeds(
        "Docketing and calendaring court deadlines, scheduling",
        "same business day",
        ("calendar", "calendaring", "docketing", "scheduling"),
    ),
    "correspondence": CategoryNeeds(
        "Client correspondence and status updates in plain English",
        "drafts within 1 business day",
        ("correspondence", "client communication", "letter"),
    ),
    "billing_time_entry": CategoryNeeds(
        "Time entry, pre-bills, trust accounting (IOLTA)",
        "weekly, by Monday noon",
        ("billing", "time entry", "trust accounting", "iolta", "invoice"),
    ),
    "data_entry": CategoryNeeds(
        "Case-management data entry, accuracy",
        "same business day",
        ("data entry", "case management"),
    ),
    "transcription": CategoryNeeds(
        "Legal transcription: speaker labels, timestamps",
        "2 business days per hour of audio",
        ("transcription", "transcribing", "dictation"),
    ),
    "file_management": CategoryNeeds(
        "File management, scanning and OCR, naming conventions",
        "same business day",
        ("file management", "scanning", "ocr", "records management"),
    ),
}

SECURITY = (
    "Signs the firm's NDA before any access to client files or firm systems.",
    "Named accounts issued by the firm for every system: no shared logins.",
    "Multi-factor authentication (MFA) on every account.",
    "Access only to the matters and folders the work needs; removed the day the engagement ends.",
)

LITIGATION = {
    "discovery_drafting",
    "deposition_summaries",
    "deposition_prep",
    "document_review",
    "trial_exhibits",
    "e_filing",
    "records_requests",
    "medical_summaries",
}


def needs_of(category: str) -> CategoryNeeds:
    return NEEDS.get(category, GENERIC)


def draft_title(categories: list[str]) -> str:
    """A plain title a provider recognises: litigation work makes it a litigation paralegal."""
    if any(c in LITIGATION for c in categories):
        return "Remote litigation paralegal"
    return "Remote paralegal"


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case, singular words: "Deposition Summaries" and "deposition summary" read the same."""
    return [_stem(w) for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def names_category(skill: str, category: str) -> bool:
    """Does a candidate's listed skill name this kind of work (a phrase of the category, in order)?"""
    tokens = words(skill)
    for phrase in needs_of(category).phrases:
        wanted = words(phrase)
        for start in range(len(tokens) - len(wanted) + 1):
            if tokens[start : start + len(wanted)] == wanted:
                return True
    return False
