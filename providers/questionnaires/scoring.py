"""Score a provider's questionnaire answers against each question's rubric, without Django.

Free text is scored on rubric coverage and concrete detail; typed answers (yes/no, choices, numbers,
dates, files) by the points the question gives them (providers.questionnaires.types). Every score
comes with its breakdown (providers.questionnaires.breakdown).
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from providers.questionnaires import breakdown as explain
from providers.questionnaires.conditions import shown_keys
from providers.questionnaires.defaults import DEFAULT_QUESTIONNAIRE
from providers.questionnaires.rubric import phrase_regex
from providers.questionnaires.types import TEXT, AnswerProblem, coerce, question_type, score_typed

# Points: covering the rubric is most of the score; concrete detail earns the rest.
COVERAGE_POINTS = 70
SPECIFICITY_POINTS = 30
POINTS_PER_SPECIFIC = 10
POINTS_PER_VAGUE_MARKER = 10
MAX_VAGUE_PENALTY = 30
# Below this many words an answer cannot earn full marks, however dense: "NDA, MFA." is not an answer.
FULL_CREDIT_WORDS = 15
# Substance = elements found + specifics; buzzwords with this little behind them read as vague.
VAGUE_SUBSTANCE_MAX = 2
MAX_SPECIFICS_SHOWN = 12


class UnknownQuestionError(ValueError):
    """Answers or scores name questions the questionnaire does not have."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = tuple(sorted(keys))
        super().__init__(f"unknown question key(s): {', '.join(self.keys)}")


class InvalidAnswerError(ValueError):
    """An answer its question cannot take (a choice not offered, a number out of range, a bad date)."""

    def __init__(self, key: str, problem: str) -> None:
        self.key, self.problem = key, problem
        super().__init__(f"{key}: {problem}")


@dataclass(frozen=True)
class AnswerScore:
    """How one answer measured up against its question's rubric."""

    score: int  # 0..100
    vague: bool
    found: list[str]  # element labels found
    missing: list[str]  # element labels missing
    specifics: list[str]  # concrete details detected, as written by the provider — shown to reviewers
    # What built the score (providers.questionnaires.breakdown); not part of equality, it only explains.
    breakdown: dict = field(default_factory=explain.empty, compare=False)


# --- text and pattern preparation -------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# One character for one: curly quotes straightened, dashes to "-", any whitespace to " ".
_CHAR_MAP = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'}
    | {dash: "-" for dash in _DASHES}
    | {chr(i): " " for i in range(0x3001) if chr(i).isspace()}
)


def _normalise(text: str) -> str:
    """Lower-case and straighten quotes and dashes, keeping every character's position."""
    # Same length as the input, so a match's span also locates the provider's own words.
    text = text.translate(_CHAR_MAP)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # Rare letters ("İ") lower-case to two characters; leave those as they are.
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _regex_source(pattern: str) -> str:
    """Lower-case a pattern's literals and let each space match any run of spaces or hyphens."""
    # Answers are lower-cased already; lower-casing the pattern too is several times faster
    # than re.IGNORECASE. Escaped letters are kept, so "\S" still means non-space.
    pattern = pattern.strip().translate(_CHAR_MAP)
    out, in_class, escaped = [], False, False
    for i, char in enumerate(pattern):
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == " " and not in_class:
            # " ?" stays optional: a quantifier after the space applies to the separator.
            quantified = pattern[i + 1 : i + 2] in ("?", "*", "+", "{")
            out.append(r"[\s\-]" if quantified else r"[\s\-]+")
        else:
            in_class = (in_class or char == "[") and char != "]"
            out.append(char.lower())
    return "".join(out)


def _compile(pattern: str) -> re.Pattern[str]:
    """Compile a rubric pattern; one that is not a valid regex is matched as a plain phrase."""
    try:
        return re.compile(_regex_source(pattern))
    except re.error:
        # Firms type phrases like "SOC 2 (Type II" into templates; treat those literally.
        return re.compile(_regex_source(" ".join(re.escape(word) for word in pattern.split())))


def invalid_patterns(question: dict) -> list[str]:
    """Patterns in a question that are not valid regexes, so a template editor can warn about them."""
    _key, elements, (markers, _phrases) = _signature(question)
    bad = []
    for pattern in [p for _label, patterns, _phrases in elements for p in patterns] + list(markers):
        if not isinstance(pattern, str):
            bad.append(repr(pattern))
            continue
        try:
            re.compile(_regex_source(pattern))
        except re.error:
            bad.append(pattern)
    return bad


def _as_list(patterns: object) -> list[str]:
    """Accept one pattern string or a list of them, as templates edited by hand contain both."""
    return [patterns] if isinstance(patterns, str) else list(patterns or ())


def _compile_all(patterns: Iterable[object]) -> tuple[re.Pattern[str], ...]:
    """Compile the usable patterns of a list, skipping blanks a template editor left behind."""
    return tuple(_compile(p) for p in patterns if isinstance(p, str) and p.strip())


def _compile_phrases(phrases: Iterable[object]) -> tuple[re.Pattern[str], ...]:
    """Plain phrases an ops person typed, each compiled to match its common wordings."""
    return tuple(re.compile(phrase_regex(p)) for p in phrases if isinstance(p, str) and p.strip())


@dataclass(frozen=True)
class _CompiledQuestion:
    elements: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]  # (label, patterns)
    vague_markers: tuple[re.Pattern[str], ...]


def _signature(question: dict) -> tuple:
    """The parts of a question that scoring depends on, as a hashable cache key."""
    elements = tuple(
        (
            str(e.get("label") or e.get("key", "")),  # an element without a label is reported by its key
            tuple(_as_list(e.get("patterns"))),
            tuple(_as_list(e.get("phrases"))),
        )
        for e in question.get("elements") or ()
    )
    markers = (tuple(_as_list(question.get("vague_markers"))), tuple(_as_list(question.get("vague_phrases"))))
    return (question.get("key"), elements, markers)


@lru_cache(maxsize=512)
def _compiled_for(signature: tuple) -> _CompiledQuestion:
    """Compile a question's patterns and phrases once per distinct rubric."""
    _key, elements, (markers, marker_phrases) = signature
    return _CompiledQuestion(
        elements=tuple(
            (label, _compile_all(patterns) + _compile_phrases(phrases))
            for label, patterns, phrases in elements
        ),
        vague_markers=_compile_all(markers) + _compile_phrases(marker_phrases),
    )


def _compiled(question: dict) -> _CompiledQuestion:
    """Compiled patterns for a question dict, cached by its key and rubric content."""
    # Keyed on content, not id(): templates come out of a JSONField as fresh dicts on every
    # request, and an id() can be reused by another dict once the first is collected.
    return _compiled_for(_signature(question))


# --- negation -----------------------------------------------------------------------------------

_CLAUSE_BREAK = _compile(
    r"[.;:!?,()\n]|\b(?:but|however|although|though|whereas|and|plus|yet|so|because|instead)\b"
)
# Phrases that contain a negator but do not deny what follows them.
_NOT_A_NEGATION = _compile(
    r"\b(?:not only|not just|no matter|no (?:later|more|less|longer) than|not later than|no questions asked"
    r"|no exceptions|no conflicts?)\b"
    r"|\b(?:no|not|never|without|n't)(?: any)?(?: \w+)? (?:charge|bill|invoice|cost|fee|extra|additional)\w*"
    r"|(?:not|n't) (?:\w+ )?(?:satisfied|happy|a fit|a good fit|working|work out|pleased|right|clicking"
    r"|click)\b"
)
_NEGATOR = _compile(r"\b(?:no one|nobody|nothing|none|neither|nor|never|without|cannot|not|no)\b|n't\b")
_CONDITIONAL = _compile(r"\b(?:if|unless|when|whenever|should|in case)\b")
# After a negator these turn it into a requirement: "we won't place anyone until references call back".
_REQUIREMENT = _compile(r"\b(?:until|unless|before|except)\b")


def _negated(text: str, start: int) -> bool:
    """Whether the clause leading up to `start` denies what is found there ("we don't run X")."""
    clause_start = 0
    for brk in _CLAUSE_BREAK.finditer(text, 0, start):
        clause_start = brk.end()
    clause = _NOT_A_NEGATION.sub(" ", text[clause_start:start])
    negators = list(_NEGATOR.finditer(clause))
    if not negators:
        return False
    if _CONDITIONAL.search(clause, 0, negators[0].start()):
        return False  # "if you're not satisfied within the first week" names the window, it doesn't deny it
    requirements = len(_REQUIREMENT.findall(clause, negators[0].end()))
    # "Nobody gets access without an NDA" denies twice, which affirms.
    return (len(negators) + requirements) % 2 == 1


def _affirmed_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of `pattern` that the answer does not negate."""
    return (m for m in pattern.finditer(text) if m.group().strip() and not _negated(text, m.start()))


# --- specifics: concrete details, whatever the question ----------------------------------------

_NUM = (
    r"(?:\d+(?:\.\d+)?|forty five|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen"
    r"|fifteen|twenty|thirty|forty|sixty|ninety)"
)
_SPECIFIC_PATTERNS = [
    # durations and deadlines: "within 48 hours", "30 days", "the first two weeks"
    r"\b(?:(?:within|in under|in less than|under|no later than|up to|inside|the first|first"
    rf"|every) )?{_NUM}\+?"
    r" (?:business |working |calendar )?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs)\b",
    r"within (?:a|an|one) (?:business |working )?(?:hour|day|week|month)\b",
    r"\b(?:the )?first (?:week|month|day|fortnight)\b",
    r"\bsame (?:business )?day\b",
    r"\bnext business day\b",
    # money, percentages, clock times, time zones, payment terms
    r"\$ ?\d[\d,]*(?:\.\d+)?(?: ?k)?(?: ?(?:/|per|an|a) ?(?:hour|hr|month|mo|week|year|matter|page"
    r"|document))?",
    r"\b\d[\d,]* (?:dollars|usd)\b",
    r"\b\d+(?:\.\d+)? ?(?:%|percent)",
    r"\b\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)",
    r"\b\d{1,2}:\d{2}\b",
    r"\b(?:est|edt|cst|cdt|mst|mdt|pst|pdt|utc|gmt)\b",
    r"\b(?:eastern|central|pacific|mountain) (?:standard |daylight )?time\b",
    r"\bnet ?(?:7|10|14|15|30|45|60)\b",
    # counts of concrete things: "three references", "12 law firms"
    rf"\b{_NUM}\+? (?:references|clients|firms|law firms|attorneys?|lawyers?|paralegals|professionals|matters"
    r"|cases|case studies|placements|rounds|interviews|partners?|hours of overlap)\b",
    r"\bsince (?:19|20)\d\d\b",
    # named standards, algorithms and rules
    r"\bsoc ?(?:2|ii|1)(?: type ?(?:ii|2|i|1))?\b",
    r"\biso(?: ?/ ?iec)? ?\d{4,5}\b",
    r"\b(?:hipaa|gdpr|ccpa|cjis|fedramp|cmmc|pci(?: dss)?)\b",
    r"\bnist(?: sp)?(?: 800 ?\d+| csf)?\b",
    r"\baes ?(?:128|192|256)\b",
    r"\btls ?1\.[0-3]\b",
    r"\bfips ?140(?: ?\d)?\b",
    r"\b(?:aba )?model rules? \d\.\d+",
    r"\brule \d\.\d+\b",
    # named tools and products
    r"\b(?:okta|duo|yubikeys?|1password|lastpass|bitwarden|bitlocker|filevault|crowdstrike|sentinelone|jamf"
    r"|intune|citrix|docusign|clio|mycase|practicepanther|smokeball|filevine|litify|netdocuments|imanage"
    r"|worldox|relativity|everlaw|westlaw|lexisnexis|lexis|slack|zoom|asana|trello|basecamp|clickup|jira"
    r"|checkr|hireright|goodhire|sterling|quickbooks|calendly|loom|toggl|ringcentral|whatsapp|sharepoint"
    r"|onedrive|dropbox|intapp|azure ad|entra id|google workspace|microsoft 365|office 365|m365|google meet"
    r"|microsoft teams|ms teams|e verify)\b",
    # named controls
    r"\bndas?\b",
    r"\bnon disclosure agreements?\b",
    r"\bconfidentiality agreements?\b",
    r"\brole based (?:access(?: controls?)?|permissions?)\b",
    r"\brbac\b",
    r"\bleast privilege\b",
    r"\b(?:mfa|2fa)\b",
    r"\b(?:two|multi) factor authentication\b",
    r"\bsso\b|\bsingle sign on\b",
    r"\bvpn\b",
    r"\bencrypt\w* (?:at rest|in transit)\b",
    r"\bend to end encrypt\w*",
    r"\bfull disk encryption\b",
    r"\bpen(?:etration)? ?test\w*",
    r"\bethical walls?\b",
    r"\bconflicts? (?:database|software)\b",
]
_SPECIFICS = tuple(_compile(p) for p in _SPECIFIC_PATTERNS)
# Ordered steps ("first ... then ... finally") are a specific in their own right.
_SEQUENCE_WORD = _compile(
    r"\b(?:first(?:ly)?(?! (?:week|month|day|fortnight|\d|two|three|thirty|sixty|ninety))|to start|we start"
    r"|we begin|begins? with|starts? with|second(?:ly)?|third(?:ly)?|then|next|after that|afterwards?"
    r"|followed by|finally|lastly|step (?:one|two|three|four|\d))\b"
    r"|(?:^|\s)\(?[1-9][.)](?=\s)"
)
_SEQUENCE_MIN = 3
_WORD = re.compile(r"\w+")


def _spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two [start, end) spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def _specifics(text: str, original: str, exclude: list[tuple[int, int]]) -> list[str]:
    """Concrete details in the answer, in reading order, as the provider wrote them."""
    candidates = [
        m.span()
        for pattern in _SPECIFICS
        for m in _affirmed_matches(pattern, text)
        if not any(_spans_overlap(m.span(), span) for span in exclude)
    ]
    # Longest first, so "within 48 hours" wins over "48 hours"; then drop what it already covers.
    chosen: list[tuple[int, int]] = []
    for span in sorted(candidates, key=lambda s: (s[0] - s[1], s[0])):
        if not any(_spans_overlap(span, other) for other in chosen):
            chosen.append(span)
    seen: set[str] = set()
    details = []
    for start, end in sorted(chosen):
        shown = original[start:end].strip(" .,;:")
        if shown.lower() not in seen:
            seen.add(shown.lower())
            details.append(shown)
    steps = [m.group().strip() for m in _SEQUENCE_WORD.finditer(text)]
    if len(steps) >= _SEQUENCE_MIN:
        details.append("steps in sequence: " + " → ".join(steps))
    return details


# --- scoring --------------------------------------------------------------------------------------


def score_answer(answer: str, *, question: dict) -> AnswerScore:
    """Score one free-text answer 0..100 on rubric coverage and concrete detail, flagging buzzwords."""
    compiled = _compiled(question)
    original = answer or ""
    text = _normalise(original)
    words = len(_WORD.findall(text))
    if words == 0:
        missing = [label for label, _ in compiled.elements]
        return AnswerScore(
            score=0, vague=True, found=[], missing=missing, specifics=[], breakdown=explain.no_answer(missing)
        )

    found, missing, denied = [], [], []
    for label, patterns in compiled.elements:
        hit = any(next(_affirmed_matches(p, text), None) for p in patterns)
        (found if hit else missing).append(label)
        if not hit and any(p.search(text) for p in patterns):
            denied.append(label)
    marker_hits = [hits for p in compiled.vague_markers if (hits := [m.span() for m in p.finditer(text)])]
    markers = len(marker_hits)
    # A percentage inside "top 1%" or "100% satisfaction" is marketing, not a detail.
    specifics = _specifics(text, original, exclude=[span for hits in marker_hits for span in hits])

    n_elements = len(compiled.elements)
    if n_elements:
        # Diminishing returns: half the rubric earns two-thirds of the coverage points.
        coverage = COVERAGE_POINTS * 2 * len(found) / (len(found) + n_elements)
    else:
        # A firm's own question without a rubric is judged on concrete detail alone.
        coverage = COVERAGE_POINTS * min(1.0, len(specifics) / 3)
    specificity = min(SPECIFICITY_POINTS, POINTS_PER_SPECIFIC * len(specifics))
    substance = len(found) + len(specifics)
    # Buzzwords cost most when nothing stands behind them; a substantive answer keeps a quarter.
    penalty = min(MAX_VAGUE_PENALTY, POINTS_PER_VAGUE_MARKER * markers) * max(0.25, 1 - substance / 4)
    brevity = min(1.0, words / FULL_CREDIT_WORDS)
    raw = (coverage + specificity) * brevity - penalty
    vague = substance == 0 or (markers > 0 and substance <= VAGUE_SUBSTANCE_MAX)
    score = max(0, min(100, round(raw)))
    wording = list(dict.fromkeys(original[hits[0][0] : hits[0][1]].strip() for hits in marker_hits))
    return AnswerScore(
        score=score,
        vague=vague,
        found=found,
        missing=missing,
        specifics=specifics[:MAX_SPECIFICS_SHOWN],
        breakdown=explain.text_breakdown(
            score=score,
            found=found,
            missing=missing,
            denied=denied,
            details=specifics[:MAX_SPECIFICS_SHOWN],
            vague_wording=wording,
            coverage=coverage,
            coverage_max=COVERAGE_POINTS,
            detail_points=specificity,
            detail_max=SPECIFICITY_POINTS,
            points_per_detail=POINTS_PER_SPECIFIC,
            brevity=brevity,
            words=words,
            full_credit_words=FULL_CREDIT_WORDS,
            penalty=penalty,
        ),
    )


def score_value(value: object, *, question: dict, today: datetime.date | None = None) -> AnswerScore:
    """Score one stored answer of any type (see providers.questionnaires.types for the values)."""
    if question_type(question) == TEXT:
        return score_answer(value if isinstance(value, str) else "", question=question)
    score, parts = score_typed(question, value, today=today)
    return AnswerScore(score=score, vague=False, found=[], missing=[], specifics=[], breakdown=parts)


def answer_values(answers: dict[str, object], *, questions: list[dict]) -> dict[str, object]:
    """Raw answers (text, "yes", a choice's key or label, a number, a date) → stored values, by key.

    Unknown keys raise UnknownQuestionError; an answer its question cannot take, InvalidAnswerError.
    """
    by_key = {q["key"]: q for q in questions}
    unknown = set(answers) - set(by_key)
    if unknown:
        raise UnknownQuestionError(unknown)
    values = {}
    for key, raw in answers.items():
        try:
            values[key] = coerce(by_key[key], raw)
        except AnswerProblem as exc:
            raise InvalidAnswerError(key, str(exc)) from exc
    return values


def score_answers(
    answers: dict[str, object], *, questions: list[dict], today: datetime.date | None = None
) -> dict[str, AnswerScore]:
    """Score each answered question that was shown, in questionnaire order.

    Unknown keys are an error, not skipped; the answer to a question its condition hid is ignored.
    """
    values = answer_values(answers, questions=questions)
    shown = shown_keys(questions, values)
    return {
        q["key"]: score_value(values[q["key"]], question=q, today=today)
        for q in questions
        if q["key"] in answers and q["key"] in shown
    }


def weighted_total(scores: dict[str, int], *, questions: list[dict], shown: set[str] | None = None) -> float:
    """Weighted mean score 0..100; an unanswered question counts as 0, one not shown does not count."""
    by_key = {q["key"]: float(q.get("weight", 1)) for q in questions}
    unknown = set(scores) - set(by_key)
    if unknown:
        raise UnknownQuestionError(unknown)
    out_of_range = {k: s for k, s in scores.items() if not 0 <= s <= 100}
    if out_of_range:
        raise ValueError(f"scores must be 0..100: {out_of_range}")
    if shown is not None:
        by_key = {k: w for k, w in by_key.items() if k in shown}
    total_weight = sum(by_key.values())
    if total_weight <= 0:
        return 0.0
    return sum(weight * scores.get(key, 0) for key, weight in by_key.items()) / total_weight


def default_questions() -> list[dict]:
    """A private copy of the built-in questionnaire, safe for a firm to edit."""
    return copy.deepcopy(DEFAULT_QUESTIONNAIRE)
