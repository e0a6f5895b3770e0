"""The compact notation the built-in questions are written in, expanded to plain regexes at import."""

from __future__ import annotations

import re

# Pattern conventions (see providers.questionnaires.scoring): patterns are regexes matched against the answer
# lower-cased, with curly quotes straightened and every dash turned into "-". A plain space in a
# pattern matches any run of spaces or hyphens, so "role based" also finds "role-based". A pattern
# that is not a valid regex is matched as a literal phrase, so firms can type plain phrases.
#
# Written compactly below and expanded at import, so the stored data holds plain regexes only:
# in a block, a "key: Label" line starts a rubric element; each line indented by four spaces is one
# regex; a line indented further continues the regex above it (long alternations wrap after "|");
# <NUM>, <UNIT> and <NEG> stand for the regexes in _SHORTHANDS.

_SHORTHANDS = {
    # Spelled-out numbers vendors actually write; longest first so "forty five" wins over "forty".
    "<NUM>": r"(?:\d+(?:\.\d+)?|forty five|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fourteen|fifteen|twenty|thirty|forty|sixty|ninety|a couple of|a|an)",
    "<UNIT>": r"(?:business |working |calendar )?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)",
    "<NEG>": r"(?:never|not|no|won't|will not|don't|do not|cannot|can't|refuse to|decline to)",
}
_PATTERN_INDENT = 4
_ELEMENT_HEADER = re.compile(r"^(\w+): (.+)$", re.MULTILINE)


def _patterns(block: str) -> list[str]:
    """The regexes of a block: one per indented line, joined with any further-indented continuation."""
    patterns: list[str] = []
    for line in block.splitlines():
        text = line.strip()
        if not text:
            continue
        if patterns and len(line) - len(line.lstrip()) > _PATTERN_INDENT:
            patterns[-1] += text
        else:
            patterns.append(text)
    for token, regex in _SHORTHANDS.items():
        patterns = [p.replace(token, regex) for p in patterns]
    return patterns


def _elements(block: str) -> list[dict]:
    """Rubric elements from "key: Label" lines, each followed by the patterns that detect it."""
    parts = _ELEMENT_HEADER.split(block)  # [preamble, key, label, patterns, key, label, patterns, ...]
    return [
        {"key": key, "label": label.strip(), "patterns": _patterns(patterns)}
        for key, label, patterns in zip(parts[1::3], parts[2::3], parts[3::3], strict=True)
    ]


# Assertions without substance that vendors use whatever the question.
_COMMON_VAGUE = r"""
    very secure
    industry standard
    industry best practices
    best practices
    best in class
    top talent
    we take security seriously
    rigorous process
    state of the art
    world class
    highly qualified
    no worries
    we guarantee satisfaction
    satisfaction guaranteed
    100 ?% (?:satisfaction|secure|guaranteed)
    top priority
    cutting edge
    second to none
    peace of mind
    rest assured
    don'?t worry
    seamless(?:ly)?
    hassle free
    white glove
    unmatched
    unparalleled
    industry leading
    we've got you covered
    above and beyond
    trust us
    the best of the best
    only (?:hire|work with|accept|take|recruit) the (?:best|very best|top)
"""


def question(key: str, text: str, help_: str, weight: float, *, elements: str, vague: str) -> dict:
    """One question dict in the shape templates are stored in."""
    return {
        "key": key,
        "type": "text",
        "text": text,
        "help": help_,
        "weight": weight,
        "elements": _elements(elements),
        "vague_markers": _patterns(_COMMON_VAGUE) + _patterns(vague),
    }
