"""Sort a logged task description into core (needs a lawyer) or outsourceable work.

Pure Python, no Django and no model download: a small stemmer, an abbreviation table,
a concept lexicon with weighted cues per category (audit.classifier.words), and a
bounded edit-distance typo fixer. Context is handled by cues that need two concepts
at once, e.g. "summarize + deposition" versus "take + deposition".

Judgement calls, kept consistent across the word lists:
- Deposition prep that names material (outlines, question lists, exhibit sets) is
  outsourceable; taking or defending a deposition and preparing the witness to testify
  are core. A bare "depo prep" or "trial prep" names no material, so it is read as the
  attorney preparing to examine or argue: core.
- First drafts of pleadings, motions, discovery and research memos are outsourceable;
  the attorney's review-and-signature as attorney of record is core (attorney_signoff).
- Preparing for a hearing or trial with no document named counts as court work (core).
- A call or meeting with the client on what their matter is about (custody, the law, the merits)
  is advice (core); one on dates or status is scheduling or a client update (outsourceable).
- A description with no cue strong enough to name a category is not guessed at: it needs review
  (bucket "review"), and stays out of the recoverable dollars until a partner sorts it.
- A UTBMS task or activity code (audit.classifier.codes) adds its weight beside the words and is
  named in the reason; a generic code, or one naming a family, leaves the choice to the words.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from audit.classifier import codes
from audit.classifier import words as data

__all__ = [
    "BUCKETS",
    "REVIEW",
    "CATEGORIES",
    "Category",
    "Classification",
    "OverrideRule",
    "category_label",
    "classify",
    "classify_many",
    "pattern_key",
]

BUCKETS: tuple[str, str] = ("core", "outsourceable")  # what a category, or a partner, decides
REVIEW = "review"  # the verdict when the evidence is too thin to decide: a partner sorts it
MAX_CHARS = 500  # descriptions are one-liners; a pasted email should not cost more
MIN_SCORE = 1.5  # below this the evidence is too thin to name a category
LEAD_BONUS = 1.0  # extra weight for cues built on the first task word of the entry
OTHER = "other"


@dataclass(frozen=True)
class Category:
    """One row of the task taxonomy, with the bucket it falls in unless overridden."""

    slug: str
    label: str
    default_bucket: str

    @property
    def is_core(self) -> bool:
        return self.default_bucket == "core"


@dataclass(frozen=True)
class Classification:
    """The verdict for one description, with a reason a partner can read."""

    bucket: str
    category: str
    reason: str
    confidence: float
    overridden: bool = False


@dataclass(frozen=True)
class OverrideRule:
    """A partner's correction, applied to every description whose key contains its pattern."""

    pattern: str
    bucket: str
    category: str
    label: str = ""

    def __post_init__(self) -> None:
        if self.bucket not in BUCKETS:
            raise ValueError(f"unknown bucket {self.bucket!r}")
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")


CATEGORIES: dict[str, Category] = {
    slug: Category(slug, label, bucket) for slug, label, bucket in data.CATEGORY_ROWS
}


def category_label(slug: str) -> str:
    """Human label for a slug; an unknown slug is echoed so old rows still render."""
    category = CATEGORIES.get(slug)
    return category.label if category else slug


# --- stemming ----------------------------------------------------------------------

_VOWELS = frozenset("aeiouy")
# Derivational endings, longest first; the stem left behind must keep 4+ letters.
_DERIVATIONAL = (
    ("ization", ""),
    ("isation", ""),
    ("ation", "at"),
    ("ition", "it"),
    ("ment", ""),
    ("ence", ""),
    ("ance", ""),
    ("ion", ""),
    ("ize", ""),
    ("ise", ""),
    ("iz", ""),
)


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """Cheap suffix stripper: only has to map a word's forms together, not be pretty."""
    w = word
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    else:
        for suffix in ("ing", "ed"):
            base = w[: -len(suffix)]
            if w.endswith(suffix) and len(base) >= 3 and _VOWELS.intersection(base):
                w = base
                # planned -> plan, but keep billed -> bill and called -> call
                if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                    w = w[:-1]
                break
    for suffix, replacement in _DERIVATIONAL:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)] + replacement
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("y"):
        w = w[:-1]
    return w


# --- lexicon, built once at import ---------------------------------------------------

_RAW_CONCEPT: dict[str, str] = {}  # exact spelling -> concept ("=word" entries)
_STEM_CONCEPT: dict[str, str] = {}  # stem -> concept
for _concept, _words in data.CONCEPT_WORDS.items():
    for _word in _words.split():
        if _word.startswith("="):
            _RAW_CONCEPT[_word[1:]] = _concept
        else:
            _STEM_CONCEPT.setdefault(_stem(_word), _concept)

_STOPWORDS = data.STOPWORDS


def _base_tokens(word: str) -> tuple[str, ...]:
    """A lower-case word after abbreviation expansion, before stemming."""
    if word in data.ABBREVIATIONS:
        return tuple(data.ABBREVIATIONS[word].split())
    return (word,)


def _phrase_key(phrase: str) -> tuple[str, ...]:
    stems: list[str] = []
    for word in phrase.split():
        for base in _base_tokens(word):
            if base not in _STOPWORDS:
                stems.append(_stem(base))
    return tuple(stems)


_PHRASES: dict[tuple[str, ...], str] = {}
for _phrase, _concept in data.PHRASES.items():
    _key = _phrase_key(_phrase)
    if len(_key) < 2:
        raise ValueError(f"phrase {_phrase!r} shrinks to one word; list the word instead")
    _PHRASES[_key] = _concept
_PHRASE_HEADS = frozenset(key[0] for key in _PHRASES)
# Words that only mean something inside a phrase ("new" in "new client").
_PHRASE_ONLY = frozenset(s for key in _PHRASES for s in key) - set(_STEM_CONCEPT)


# --- typo tolerance: symmetric-delete index over the vocabulary --------------------


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of neighbours as one edit; gives up past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _inflections(word: str) -> set[str]:
    """The regular forms a listed word is likely to be typed in."""
    if word.endswith("e"):
        return {word, word + "s", word + "d", word[:-1] + "ing"}
    if word.endswith("y") and word[-2:-1] not in _VOWELS:
        return {word, word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    return {word, word + "s", word + "es", word + "ed", word + "ing"}


_TYPO_TARGETS: dict[str, str] = {}  # a correctly spelled form -> its stem
for _word in data.CONCEPT_WORDS.values():
    for _w in _word.split():
        forms = {_w[1:]} if _w.startswith("=") else _inflections(_w)
        for _form in forms:
            _TYPO_TARGETS.setdefault(_form, _stem(_w.lstrip("=")))
for _phrase in data.PHRASES:
    for _w in _phrase.split():
        if _stem(_w) in _PHRASE_ONLY:
            for _form in _inflections(_w):
                _TYPO_TARGETS.setdefault(_form, _stem(_w))
# The delete index, as one sorted array of (48 bits of the delete's hash, 16 bits of the target's
# number) rather than a dict of lists: ~1 MB instead of ~17 MB in every web and Celery worker
# (issue 9). hash() differs between processes, but each process builds its own index. A collision
# only offers another candidate, which the distance and slip checks judge like any other.
_TARGETS: tuple[str, ...] = tuple(_TYPO_TARGETS)
_LOW = 16
if len(_TARGETS) >= 1 << _LOW:
    raise ValueError(f"{len(_TARGETS)} typo targets do not fit in {_LOW} bits; widen _LOW")
_HASH_MASK = (1 << 48) - 1
_DELETE_INDEX = array(
    "Q",
    sorted(
        (hash(_d) & _HASH_MASK) << _LOW | _n
        for _n, _target in enumerate(_TARGETS)
        if len(_target) >= 5
        for _d in _deletes(_target, 2 if len(_target) >= 9 else 1)
    ),
)


def _targets_of(delete: str) -> Iterator[str]:
    """The vocabulary forms that shrink to `delete` (and, rarely, a hash-collision extra)."""
    key = (hash(delete) & _HASH_MASK) << _LOW
    i = bisect_left(_DELETE_INDEX, key)
    while i < len(_DELETE_INDEX) and _DELETE_INDEX[i] >> _LOW == key >> _LOW:
        yield _TARGETS[_DELETE_INDEX[i] & ((1 << _LOW) - 1)]
        i += 1


def _squeeze(word: str) -> str:
    return "".join(ch for i, ch in enumerate(word) if i == 0 or ch != word[i - 1])


def _slip(typed: str, target: str) -> bool:
    """A missed or doubled letter, or two swapped: the only slips trusted in short words."""
    if _squeeze(typed) == _squeeze(target):
        return True
    if len(typed) + 1 == len(target):
        return any(target[:i] + target[i + 1 :] == typed for i in range(len(target)))
    return len(typed) == len(target) and sorted(typed) == sorted(target)


@lru_cache(maxsize=65536)
def _correct(word: str) -> str | None:
    """Stem of the vocabulary word an unknown word is a likely typo of, or None."""
    if len(word) < 5 or word in data.NEUTRAL_WORDS:
        return None
    # Short words sit one edit from other real words (better/letter), so trust only slips.
    limit = 1 if len(word) < 11 else 2
    best: tuple[int, int, int, str] | None = None
    for d in _deletes(word, limit):
        for target in _targets_of(d):
            dist = _osa_distance(word, target, limit)
            slip = _slip(word, target)
            if dist > limit or (len(word) < 7 and not slip):
                continue
            # fewer edits, then slips over wrong letters ("atended" is "attended", not
            # "amended"), then a matching first letter, then a stable order
            rank = (dist, 0 if slip else 1, 0 if target[0] == word[0] else 1, target)
            if best is None or rank < best:
                best = rank
    return _TYPO_TARGETS[best[3]] if best else None


# --- tokenising ---------------------------------------------------------------------

# Shorthand and two-word verbs folded into one token before splitting. Each rewrite
# names the words that can start it, so an entry without them pays for no regex.
_REWRITE_SPECS: tuple[tuple[str, str, str], ...] = (
    (  # Judicial Council form numbers: FL-150, DE-111
        "fl de fw gc sc dv ch mc ud cm pos civ ji",
        r"\b(?:fl|de|fw|gc|sc|dv|ch|mc|ud|cm|pos|civ|ji)[\s-]?\d{2,4}[a-z]?\b",
        " jcform ",
    ),
    ("t", r"\bt/c\b", " call "),
    ("f", r"\bf/u\b", " followup "),
    ("e", r"\be\s+(?=fil|serv|mail|sign)", "e"),
    ("set", r"\bset[\s-]?up\b", "setup"),
    ("follow followed following follows", r"\bfollow(?:ed|ing|s)?[\s-]?up\b", "followup"),
    ("sign signed signing signs", r"\bsign(?:ed|ing|s)?[\s-]?off\b", "signoff"),
    ("sign signed signing signs", r"\bsign(?:ed|ing|s)?[\s-]?up\b", "signup"),
    ("look looked looking looks", r"\blook(?:ed|ing|s)?\s+(?:up|into)\b", "research"),
    ("went go going walked walk", r"\b(?:went|go|going|walked|walk)\s+over\b", "discussed"),
    ("went go going", r"\b(?:went|go|going)\s+through\b", "reviewed"),
    ("put", r"\bput\s+together\b", "assembled"),
    ("drew draw drawing draws", r"\b(?:drew|draw|drawing|draws)\s+up\b", "drafted"),
    ("hammer hammered hammering hammers", r"\bhammer(?:ed|ing|s)?\s+out\b", "negotiated"),
    ("wrote write writing written", r"\bwr(?:ote|ite|iting|itten)\s+off\b", "writeoff"),
    ("wrote write writing", r"\b(?:wrote|write|writing)\s+to\b", "wrote letter to"),
    ("clean cleaned cleaning", r"\bclean(?:ed|ing)?[\s-]?up\b", "cleanup"),
    ("typed type typing", r"\btyp(?:ed|e|ing)\s+up\b", "transcribed"),
    ("cross", r"\bcross[\s-]?exam\w*", "cross"),
    ("page", r"\bpage[\s/-]?(?:line|ln)\b", "pageline"),
    ("cite", r"\bcite[\s-]?check\w*", "citecheck"),
    ("pre", r"\bpre-(?=[a-z])", "pre"),
    ("counter", r"\bcounter[\s-]offer", "counteroffer"),
    ("voice", r"\bvoice\s+mail", "voicemail"),
)
_REWRITES = tuple(
    (frozenset(triggers.split()), re.compile(pattern, re.IGNORECASE), replacement)
    for triggers, pattern, replacement in _REWRITE_SPECS
)
_TRIGGERS = frozenset().union(*(triggers for triggers, _, _ in _REWRITES))
_LETTER_RUNS = re.compile(r"[a-z]+")
_IT_DESK = re.compile(r"\bIT\b")  # case-sensitive: lower-case "it" is a stop word


def _rewrite(text: str) -> str:
    """Fold shorthand and two-word verbs so the tokenizer sees one word for each."""
    if "IT" in text:
        text = _IT_DESK.sub(" itsupport ", text)
    words = set(_LETTER_RUNS.findall(text.lower()))
    if _TRIGGERS.isdisjoint(words):
        return text
    for triggers, pattern, replacement in _REWRITES:
        if not triggers.isdisjoint(words):
            text = pattern.sub(replacement, text)
    return text


_TOKEN = re.compile(r"\b(?:[eE]-)?[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?|\d+")


@lru_cache(maxsize=65536)
def _lookup(word: str, may_correct: bool) -> tuple[tuple[str, str | None], ...]:
    """(stem, concept) pairs for one lower-case token; empty for noise."""
    word = word.replace("-", "").replace("’", "'").split("'")[0]
    if not word or word in _STOPWORDS or word.isdigit():
        return ()
    out: list[tuple[str, str | None]] = []
    for base in _base_tokens(word):
        if base in _STOPWORDS:
            continue
        if base in _RAW_CONCEPT:
            out.append((_stem(base), _RAW_CONCEPT[base]))
            continue
        stem = _stem(base)
        if stem in _STEM_CONCEPT or stem in _PHRASE_ONLY:
            out.append((stem, _STEM_CONCEPT.get(stem)))
            continue
        fixed = _correct(base) if may_correct else None
        if fixed is not None:
            out.append((fixed, _STEM_CONCEPT.get(fixed)))
    return tuple(out)


@dataclass(frozen=True)
class _Analysis:
    concepts: dict[str, tuple[int, str]]  # concept -> (position, surface words)
    tokens: frozenset[str]  # pattern-key tokens


@lru_cache(maxsize=4096)
def _analyse(text: str) -> _Analysis:
    """Concepts and override-pattern tokens of one (already truncated) description."""
    text = _rewrite(text)
    shouting = text.isupper()  # an all-caps entry says nothing about names
    items: list[tuple[str, str | None, str, bool]] = []  # (stem, concept, surface, after "to")
    after_trigger = after_to = False
    for index, raw in enumerate(_TOKEN.findall(text)):
        lower = raw.lower()
        purpose, after_to = after_to, lower == "to"
        capitalised = not shouting and raw[0].isupper()
        if after_trigger and capitalised:
            continue  # "Dr. Lee", "v. Jones": a name, whatever the word
        after_trigger = lower in data.NAME_TRIGGERS
        # Only fix spelling of lower-case words: capitals are names or acronyms.
        may_correct = not capitalised or (index == 0 and not raw.isupper())
        for stem, concept in _lookup(lower, may_correct):
            items.append((stem, concept, raw, purpose))

    concepts: dict[str, tuple[int, str]] = {}
    tokens: set[str] = set()
    i = 0
    while i < len(items):
        for width in (3, 2) if items[i][0] in _PHRASE_HEADS else ():
            window = items[i : i + width]
            key = tuple(item[0] for item in window)
            if len(window) == width and key in _PHRASES:
                concept = _PHRASES[key]
                surface = " ".join(dict.fromkeys(item[2] for item in window))
                tokens.update(key)
                i += width
                break
        else:
            stem, concept, surface, purpose = items[i]
            i += 1
            if concept is None:
                continue  # phrase-only word outside its phrase
            tokens.add(stem)
            if purpose and concept in data.PURPOSE_VERBS:
                continue  # "drafted discovery to serve": the serving has not happened yet
        concepts.setdefault(concept, (i, surface))
    return _Analysis(concepts, frozenset(tokens))


# --- scoring ------------------------------------------------------------------------

_Cue = tuple[str, tuple[frozenset[str], ...], float]
_CUES: list[_Cue] = []
_CUES_BY_CONCEPT: dict[str, list[int]] = {}
for _slug, _rows in data.CUES.items():
    if _slug not in CATEGORIES:
        raise ValueError(f"cues for unknown category {_slug!r}")
    for _spec, _weight in _rows:
        _groups = tuple(frozenset(g.strip().split("|")) for g in _spec.split("+"))
        for _concept in frozenset().union(*_groups):
            _CUES_BY_CONCEPT.setdefault(_concept, []).append(len(_CUES))
        _CUES.append((_slug, _groups, _weight))


_CATEGORY_ORDER = {slug: index for index, slug in enumerate(CATEGORIES)}


@lru_cache(maxsize=8192)
def _score(
    concepts: frozenset[str], lead: str | None
) -> tuple[tuple[tuple[str, float], ...], dict[str, list[int]]]:
    """Categories by score (ties in display order), and the cues that fired for each."""
    scores: dict[str, float] = {}
    fired: dict[str, list[int]] = {}
    seen: set[int] = set()
    for concept in concepts:
        for cue_id in _CUES_BY_CONCEPT.get(concept, ()):
            if cue_id in seen:
                continue
            seen.add(cue_id)
            slug, groups, weight = _CUES[cue_id]
            if all(not group.isdisjoint(concepts) for group in groups):
                if weight > 0 and any(lead in group for group in groups):
                    weight += LEAD_BONUS
                scores[slug] = scores.get(slug, 0.0) + weight
                fired.setdefault(slug, []).append(cue_id)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], _CATEGORY_ORDER[kv[0]]))
    return tuple(ranked), fired


def _deciding_words(cue_ids: list[int], concepts: dict[str, tuple[int, str]]) -> str:
    """The description's own words behind the strongest cues, in the order typed."""
    ranked = sorted((c for c in cue_ids if _CUES[c][2] > 0), key=lambda c: -_CUES[c][2])
    chosen: dict[str, tuple[int, str]] = {}
    for rank, cue_id in enumerate(ranked):
        if rank and (_CUES[cue_id][2] < 1.5 or len(chosen) >= 3):
            break
        for group in _CUES[cue_id][1]:
            for concept in group:
                if concept in concepts:
                    chosen[concept] = concepts[concept]
    words = [surface for _, surface in sorted(chosen.values())]
    return ", ".join(f"'{w}'" for w in dict.fromkeys(words))


def _confidence(best: float, runner_up: float) -> float:
    """High only when the evidence is both plentiful and one-sided."""
    margin = (best - max(runner_up, 0.0)) / best
    strength = 1.0 - math.exp(-best / 5.0)
    return round(min(0.99, 0.15 + 0.84 * strength * (0.4 + 0.6 * margin)), 2)


@lru_cache(maxsize=4096)
def _verdict(text: str, task_code: str = "", activity_code: str = "") -> Classification:
    """The classifier's own answer for a prepared description and its codes (no overrides)."""
    analysis = _analyse(text)
    concepts = analysis.concepts
    # Entries usually lead with the verb ("negotiated custody schedule"), so cues that use
    # the first concept typed get a nudge.
    lead = min(concepts, key=lambda c: concepts[c][0]) if concepts else None
    ranked, fired = _score(frozenset(concepts), lead)
    found = codes.evidence(task_code, activity_code) if task_code or activity_code else None
    words_decide = bool(ranked) and ranked[0][1] >= MIN_SCORE
    if found is not None and found.weights:
        if not words_decide and found.decisive is None:
            return _unplaced(analysis, found)  # a family code and no words to choose within it
        merged = dict(ranked)
        for slug, weight in found.weights.items():
            merged[slug] = merged.get(slug, 0.0) + weight
        ranked = tuple(sorted(merged.items(), key=lambda kv: (-kv[1], _CATEGORY_ORDER[kv[0]])))
    elif not words_decide:
        return _unplaced(analysis, found)
    slug, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    category = CATEGORIES[slug]
    said = [_deciding_words(fired.get(slug, []), analysis.concepts)]
    if found is not None:
        said = [*found.named_for(slug), *said]
    return Classification(
        bucket=category.default_bucket,
        category=slug,
        reason=f"{' + '.join(s for s in said if s)} → {category.label} → {category.default_bucket}",
        confidence=_confidence(best, runner_up),
    )


def _unplaced(analysis: _Analysis, found: codes.Evidence | None = None) -> Classification:
    """Too little evidence for any category: say what was read and leave the call to a partner."""
    known = [surface for _, surface in sorted(analysis.concepts.values())]
    read = f"only {', '.join(f'{w!r}' for w in dict.fromkeys(known))}" if known else "no task words it knows"
    if found is not None:
        read += f" and {' + '.join(c.named for c in found.codes)}, too general to decide"
    return Classification(
        bucket=REVIEW,
        category=OTHER,
        reason=f"{read} → {CATEGORIES[OTHER].label} → needs review: a partner decides core or outsourceable",
        confidence=0.2,
    )


# --- overrides ----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _rule_tokens(pattern: str) -> frozenset[str]:
    return frozenset(pattern.split())


def _match_rule(tokens: frozenset[str], rules: Sequence[OverrideRule]) -> OverrideRule | None:
    """The matching rule with the most tokens; the first given wins a tie."""
    best: OverrideRule | None = None
    best_size = 0
    for rule in rules:
        needed = _rule_tokens(rule.pattern)
        if needed and len(needed) > best_size and needed <= tokens:
            best, best_size = rule, len(needed)
    return best


def _overridden(rule: OverrideRule) -> Classification:
    by = f" ({rule.label})" if rule.label else ""
    return Classification(
        bucket=rule.bucket,
        category=rule.category,
        reason=f"matches override '{rule.pattern}'{by} → {category_label(rule.category)} → {rule.bucket}",
        confidence=1.0,
        overridden=True,
    )


# --- public entry points ------------------------------------------------------------


def _prepared(description: str) -> str:
    if not description or not description.strip():
        raise ValueError("description is empty")
    return description.strip()[:MAX_CHARS]


def classify(
    description: str, *, rules: Sequence[OverrideRule] = (), task_code: str = "", activity_code: str = ""
) -> Classification:
    """Bucket, category, reason and confidence for one logged task description (and its UTBMS
    task and activity codes, when the records carry them)."""
    text = _prepared(description)
    rule = _match_rule(_analyse(text).tokens, rules) if rules else None
    if rule:
        return _overridden(rule)
    return _verdict(text, task_code, activity_code) if task_code or activity_code else _verdict(text)


def classify_many(descriptions: Iterable[str], *, rules: Sequence[OverrideRule] = ()) -> list[Classification]:
    """classify() over many descriptions, e.g. a week of time entries."""
    rules = tuple(rules)
    return [classify(d, rules=rules) for d in descriptions]


def pattern_key(description: str) -> str:
    """Content signature used by override rules: sorted known stems, names and numbers dropped."""
    if not description or not description.strip():
        return ""
    return " ".join(sorted(_analyse(description.strip()[:MAX_CHARS]).tokens))
