"""Words for synthetic load data: task descriptions people actually type, classified once up front.

The labelled descriptions of the classifier's test set (when the checkout has them) plus verb × object
combinations with the abbreviations and typos of real time entries. The classifier runs once over the
few hundred distinct texts; every generated entry reuses one of those verdicts, so loading a million
entries costs no more classification than loading a thousand.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LABELLED = ("tests/audit/data/labelled_tasks.csv", "tests/audit/data/heldout_tasks.csv")
VERBS = (
    "Drafted", "drafting", "Summarized", "summarised", "Reviewed", "E-filed", "efiled", "Prepared",
    "prep'd", "Cite-checked", "Scheduled", "Calendared", "t/c w/", "Negotiated", "Argued", "Researched",
    "Organized", "Indexed", "Scanned", "Followed up on", "Proofread", "Defended", "Advised client on",
)  # fmt: skip
OBJECTS = (
    "RFPs", "rogs", "RFAs", "depo transcript", "deposition summary", "MSJ opp", "TOA", "trial exhibits",
    "exhibit binders", "privilege log", "document production", "medical records", "records request",
    "subpoena duces tecum", "client intake form", "conflict check", "scheduling order deadlines",
    "hearing on motion to compel", "settlement terms", "case strategy memo", "legal research memo",
    "billing entries", "pre-bills", "engagement letter", "witness outline",
)  # fmt: skip
MATTERS = (
    "Hartley v. Grant", "Morales v. City", "Okafor Estate", "Brennan v. Lakeside", "Singh v. Parkline",
    "Delgado v. Metro Transit", "Whitaker v. Harmon", "Ito v. Crestview", "", "", "",
)  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    description: str
    bucket: str
    category: str
    reason: str
    confidence: float
    pattern: str


def _labelled() -> list[str]:
    out = []
    for name in LABELLED:
        path = Path(settings.BASE_DIR) / name
        if path.exists():
            with path.open(newline="") as handle:
                out.extend(row["description"] for row in csv.DictReader(handle))
    return out


def descriptions() -> list[str]:
    """A few hundred distinct, realistic descriptions (labelled set first, then combinations)."""
    combos = [f"{verb} {thing}" for verb in VERBS for thing in OBJECTS[:: 1 + len(VERBS) % 3]]
    seen, out = set(), []
    for text in [*_labelled(), *combos]:
        text = text.strip()[:500]
        if text and text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def classified() -> list[Verdict]:
    """Every description with the classifier's verdict (no firm overrides), computed once."""
    from audit.classifier.firm import FirmRules, verdict_for

    rules = FirmRules(token_rules=(), exact_rules={})
    out = []
    for text in descriptions():
        verdict = verdict_for(text, rules=rules)
        result = verdict.classification
        out.append(
            Verdict(
                text,
                result.bucket,
                result.category,
                result.reason[:300],
                result.confidence,
                verdict.pattern[:300],
            )
        )
    return out
