"""The firm's view of the classifier: audit.classifier's verdict, with the firm's partner overrides applied.

The classifier stays pure (no database); this module loads a firm's ClassificationOverride rows once
per request or batch and tells the caller which override decided an entry, so the entry can point at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from audit.classifier import Classification, OverrideRule, category_label, classify, pattern_key
from audit.models import ClassificationOverride
from firmops.models import Firm

EXACT_PREFIX = "="  # overrides of a description the classifier has no words for match its exact wording
_CACHE_ATTR = "_audit_firm_rules"


@dataclass(frozen=True)
class FirmRules:
    """A firm's overrides, ready to match: token rules (largest first wins) and exact-wording rules."""

    token_rules: tuple[tuple[frozenset[str], OverrideRule, ClassificationOverride], ...]
    exact_rules: dict[str, tuple[OverrideRule, ClassificationOverride]]

    def __len__(self) -> int:
        return len(self.token_rules) + len(self.exact_rules)


@dataclass(frozen=True)
class FirmVerdict:
    """A classification, the override that decided it (if any) and the description's pattern key."""

    classification: Classification
    override: ClassificationOverride | None
    pattern: str


def normalised(description: str) -> str:
    """Lower case, single spaces: the wording an exact-match override compares."""
    return " ".join(description.lower().split())


def override_pattern(description: str) -> str:
    """The pattern a partner's correction of this description is stored under."""
    key = pattern_key(description)
    return key if key else (EXACT_PREFIX + normalised(description))[:300]


def _label(override: ClassificationOverride) -> str:
    who = override.updated_by or override.created_by
    when = override.updated_at or override.created_at
    by = f"set by {who.display_name}" if who else "set by a partner"
    return f"{by} on {when:%b %-d, %Y}" if when else by


def rules_from_overrides(overrides: Iterable[ClassificationOverride]) -> FirmRules:
    """Build matchable rules; the caller passes the newest first so the newest wins a tie."""
    token_rules = []
    exact_rules: dict[str, tuple[OverrideRule, ClassificationOverride]] = {}
    for override in overrides:
        try:
            rule = OverrideRule(override.pattern, override.bucket, override.category, label=_label(override))
        except ValueError:
            continue  # a category since retired from the taxonomy: the classifier decides again
        if override.pattern.startswith(EXACT_PREFIX):
            exact_rules.setdefault(override.pattern[len(EXACT_PREFIX) :], (rule, override))
        elif override.pattern.strip():
            token_rules.append((frozenset(override.pattern.split()), rule, override))
    return FirmRules(tuple(token_rules), exact_rules)


def firm_rules(*, firm: Firm, fresh: bool = False) -> FirmRules:
    """The firm's overrides in one query, kept on the firm object for the rest of the request or batch."""
    cached = getattr(firm, _CACHE_ATTR, None)
    if cached is not None and not fresh:
        return cached
    overrides = (
        ClassificationOverride.objects.for_firm(firm)
        .select_related("created_by", "updated_by")
        .order_by("-updated_at", "-created_at", "-pk")
    )
    rules = rules_from_overrides(overrides)
    setattr(firm, _CACHE_ATTR, rules)
    return rules


def forget_firm_rules(firm: Firm) -> None:
    """Drop the cached rules after an override changed."""
    if hasattr(firm, _CACHE_ATTR):
        delattr(firm, _CACHE_ATTR)


def _match(tokens: frozenset[str], rules: FirmRules):
    """The token rule with the most tokens all present; the newest wins a tie, as in the classifier."""
    best = None
    size = 0
    for needed, rule, override in rules.token_rules:
        if needed and len(needed) > size and needed <= tokens:
            best, size = (rule, override), len(needed)
    return best


def verdict_for(
    description: str, *, rules: FirmRules, task_code: str = "", activity_code: str = ""
) -> FirmVerdict:
    """Classify with the firm's rules (a partner's override beats the UTBMS codes, which count as
    evidence beside the words); raises ValueError on a blank description."""
    key = pattern_key(description)
    if rules:
        # Exact-wording rules exist only for descriptions without known words (see override_pattern).
        exact = rules.exact_rules.get(normalised(description)) if rules.exact_rules and not key else None
        if exact is not None:
            rule, override = exact
            label = f" ({rule.label})" if rule.label else ""
            result = Classification(
                bucket=rule.bucket,
                category=rule.category,
                reason=(
                    f"matches an override of this exact wording{label} → "
                    f"{category_label(rule.category)} → {rule.bucket}"
                ),
                confidence=1.0,
                overridden=True,
            )
            return FirmVerdict(result, override, key)
        matched = _match(frozenset(key.split()), rules) if key else None
        if matched is not None:
            rule, override = matched
            return FirmVerdict(classify(description, rules=(rule,)), override, key)
    codes = {"task_code": task_code, "activity_code": activity_code}
    return FirmVerdict(classify(description, **codes), None, key)


def classify_for_firm(description: str, *, firm: Firm, rules: FirmRules | None = None) -> Classification:
    """Bucket, category and reason for a description as this firm sees it (its partners' overrides first)."""
    return verdict_for(
        description, rules=rules if rules is not None else firm_rules(firm=firm)
    ).classification
