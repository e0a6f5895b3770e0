"""UTBMS codes as evidence: what a time entry's task or activity code says about its category.

E-billing records carry codes from the public UTBMS code sets (litigation L100–L530, activities
A101–A111, bankruptcy B100–B420, counseling C100–C400, project P100–P800; expense codes E101–E124
are known but say nothing about time). `utbms.csv` beside this module lists each code, its label
and its evidence: the categories it points at, with a weight on the scale of the word cues
(audit.classifier.words), so a code tips or settles what the words leave open without outvoting
clear words. A code with no evidence is generic (L120 Analysis/Strategy, the communication codes
A105–A108): the words decide. A code that points at a family of categories (L330 Depositions:
taking one, summarising one, preparing its outline) leaves the choice within it to the words.

Pure Python, read once at import: no Django, no network.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from audit.classifier import words as data

DATA = Path(__file__).with_name("utbms.csv")
_SLUGS = frozenset(slug for slug, _, _ in data.CATEGORY_ROWS)


@dataclass(frozen=True)
class Code:
    """One UTBMS code and the categories it is evidence for."""

    code: str
    code_set: str
    label: str
    evidence: tuple[tuple[str, float], ...]  # (category slug, weight), strongest first

    @property
    def named(self) -> str:
        """As a reason names it: "L320 Document Production"."""
        return f"{self.code} {self.label}"

    def weight_for(self, slug: str) -> float:
        return next((w for s, w in self.evidence if s == slug), 0.0)


def _evidence(spec: str, code: str) -> tuple[tuple[str, float], ...]:
    pairs = []
    for item in spec.split():
        slug, _, weight = item.partition(":")
        if slug not in _SLUGS:
            raise ValueError(f"{DATA.name}: {code} points at unknown category {slug!r}")
        pairs.append((slug, float(weight)))
    return tuple(sorted(pairs, key=lambda p: -p[1]))


def _load() -> dict[str, Code]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = {
        row["code"]: Code(row["code"], row["code_set"], row["label"], _evidence(row["evidence"], row["code"]))
        for row in rows
    }
    if len(codes) != len(rows):
        raise ValueError(f"{DATA.name} lists a code twice")
    return codes


CODES: dict[str, Code] = _load()


@dataclass(frozen=True)
class Evidence:
    """What an entry's codes say together."""

    codes: tuple[Code, ...]  # the known codes given, task code first
    weights: dict[str, float]  # category → summed weight; empty when every code given is generic
    decisive: str | None  # the one category the codes alone point at most, or None on a tie

    def named_for(self, slug: str) -> list[str]:
        """The codes that count for a category, as a reason names them."""
        return [c.named for c in self.codes if c.weight_for(slug)]


def code_of(raw: str) -> Code | None:
    """The known code written in `raw` ("l320 " → L320), or None."""
    return CODES.get("".join(raw.split()).upper()) if raw else None


@lru_cache(maxsize=1024)
def evidence(task_code: str, activity_code: str) -> Evidence | None:
    """The evidence of a task code and an activity code (either may be blank); None when neither is known."""
    known = tuple(c for c in (code_of(task_code), code_of(activity_code)) if c is not None)
    if not known:
        return None
    weights: dict[str, float] = {}
    for code in known:
        for slug, weight in code.evidence:
            weights[slug] = weights.get(slug, 0.0) + weight
    ranked = sorted(weights.values(), reverse=True)
    top = [slug for slug, weight in weights.items() if weight == ranked[0]] if ranked else []
    return Evidence(known, weights, top[0] if len(top) == 1 else None)
