"""The classifier: core genius or outsourceable, a task category and the reason, for a description.

`engine` does the reading (pure Python, no Django, no model download); `words` holds its word lists
and weights; `firm` applies a firm's partner overrides to the engine's verdict. The package's face is
the engine's public API, so importing it never loads Django.
"""

from audit.classifier.engine import (
    BUCKETS,
    CATEGORIES,
    MAX_CHARS,
    OTHER,
    REVIEW,
    Category,
    Classification,
    OverrideRule,
    category_label,
    classify,
    classify_many,
    pattern_key,
)

__all__ = [
    "BUCKETS",
    "CATEGORIES",
    "MAX_CHARS",
    "OTHER",
    "REVIEW",
    "Category",
    "Classification",
    "OverrideRule",
    "category_label",
    "classify",
    "classify_many",
    "pattern_key",
]
