"""Plain rubric phrases ("background check") → tolerant regular expressions, so ops never write regex.

A phrase matches whatever its common wordings are: any case, singular or plural, -ing and -ed forms
("reference checks", "checking references" needs its own phrase: word order is kept), a hyphen, a space
or nothing between words ("background-check"), and a few synonyms a vendor writes instead
("background screening", "non-disclosure agreement" for "NDA"). Answers are lower-cased and have their
dashes straightened before matching (providers.questionnaires.scoring), so patterns here are lower case.
"""

from __future__ import annotations

import re

MAX_PHRASE_CHARS = 120
MAX_PHRASE_WORDS = 8

# Whole phrases a vendor writes for one another; the first is only the name of the group.
_PHRASE_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("nda", "non disclosure agreement", "confidentiality agreement", "non disclosure"),
    ("mfa", "2fa", "multi factor authentication", "two factor authentication", "two step verification"),
    ("sso", "single sign on"),
    ("resume", "résumé", "cv", "curriculum vitae"),
    ("e&o insurance", "errors and omissions insurance", "professional liability insurance"),
    ("soc 2", "soc ii", "soc2"),
    ("role based access", "rbac", "role based permissions"),
    ("24/7", "24 7", "around the clock", "round the clock"),
)
# Single words that stand for one another inside any phrase.
_WORD_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("check", "screen", "verification", "vetting"),
    ("test", "assessment", "exam", "evaluation"),
    ("lawyer", "attorney"),
    ("client", "customer"),
    ("employee", "staff", "personnel"),
    ("agreement", "contract"),
    ("hour", "hr"),
)
# Short words kept exactly as written (an "s" aside): inflecting "sso" or "soc" would only find noise.
_ABBREVIATIONS = frozenset(
    "nda mfa sso soc iso cv hr hrs pto sla vpn api aes tls kyc aml ssn pii phi llc llp usa est pst cst mst"
    " utc gmt pdf ai it".split()
)
_SEPARATOR = r"[\s\-]*"  # "background check", "background-check", "backgroundcheck"
_TOKEN = re.compile(r"[^\s\-]+")
_VOWELS = set("aeiou")


def phrase_tokens(phrase: str) -> list[str]:
    """The words of a phrase as the matcher sees them: lower case, split at spaces and hyphens."""
    return _TOKEN.findall(phrase.lower().replace("\u2019", "'"))


def _stem(word: str) -> str:
    """A word without its plural, -ing or -ed ending, so "checks" and "checking" both mean "check"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS | {"l", "s"}:
                stem = stem[:-1]  # "vetted" → "vet"
            return stem
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _word_pattern(word: str) -> str:
    """A regex for one word and its common forms (plural, -ing, -ed, -er)."""
    if not word.isalpha() or len(word) < 3 or word in _ABBREVIATIONS:
        return re.escape(word) + ("s?" if word.isalpha() else "")  # "nda(s)", "24/7", "2fa"
    stem = _stem(word)
    if stem.endswith("e"):
        return re.escape(stem[:-1]) + r"(?:e|es|ed|er|ers|ing)"  # reference(s), referenced, referencing
    if stem.endswith("y") and stem[-2:-1] not in _VOWELS:
        return re.escape(stem[:-1]) + r"(?:y|ies|ied|ying)"
    last = stem[-1]
    doubled = f"{re.escape(last)}?" if last not in _VOWELS and last.isalpha() else ""
    # An "e" may have gone with the ending ("writing" → "writ"), so it may come back.
    return re.escape(stem) + rf"(?:e?s|es|{doubled}(?:e?d|ing|ers?)|e)?"


def _words_pattern(words: list[str]) -> str:
    """Words in order, each in any of its forms or its synonyms, with or without separators."""
    parts = []
    for word in words:
        group = next((g for g in _WORD_SYNONYMS if _stem(word) in g or word in g), None)
        forms = [_word_pattern(w) for w in group] if group else [_word_pattern(word)]
        parts.append(forms[0] if len(forms) == 1 else "(?:" + "|".join(forms) + ")")
    return _SEPARATOR.join(parts)


def _synonym_at(tokens: list[str], start: int) -> tuple[int, tuple[str, ...]] | None:
    """The longest phrase synonym group one of whose phrases starts at tokens[start]."""
    best = None
    for group in _PHRASE_SYNONYMS:
        for variant in group:
            words = phrase_tokens(variant)
            n = len(words)
            if [_stem(t) for t in tokens[start : start + n]] == [_stem(w) for w in words]:
                if best is None or n > best[0]:
                    best = (n, group)
    return best


def phrase_regex(phrase: str) -> str:
    """The regex source that finds a plain phrase in any of its common wordings."""
    tokens = phrase_tokens(phrase)
    parts, i = [], 0
    while i < len(tokens):
        synonym = _synonym_at(tokens, i)
        if synonym:
            n, group = synonym
            variants = [_words_pattern(phrase_tokens(v)) for v in group]
            parts.append("(?:" + "|".join(variants) + ")")
            i += n
        else:
            parts.append(_words_pattern([tokens[i]]))
            i += 1
    body = _SEPARATOR.join(parts)
    # A word boundary only where the phrase starts or ends with a word character ("24/7" ends in one).
    start = r"\b" if tokens and re.match(r"\w", tokens[0]) else ""
    end = r"\b" if tokens and re.search(r"\w$", tokens[-1]) else ""
    return f"{start}{body}{end}"


def phrase_problem(phrase: object) -> str:
    """Why a phrase cannot be used ("" when it can): plain text of a few words with a letter or digit."""
    if not isinstance(phrase, str) or not phrase.strip():
        return "must be non-blank text"
    if len(phrase) > MAX_PHRASE_CHARS:
        return f"is longer than {MAX_PHRASE_CHARS} characters"
    words = phrase_tokens(phrase)
    if len(words) > MAX_PHRASE_WORDS:
        return f"has more than {MAX_PHRASE_WORDS} words: a rubric phrase is a short wording"
    if not re.search(r"\w", phrase):
        return "needs at least one letter or digit"
    return ""
