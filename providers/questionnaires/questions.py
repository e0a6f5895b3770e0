"""Questionnaire templates as data: the built-in default and validation of the questions firms edit.

The editor (providers.questionnaires.editor_forms) and the API's JSON both end here, so a template is
checked the same way whoever wrote it; every problem is named with its place ("questions[2].choices[1]").
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import ValidationError

from providers.questionnaires.conditions import condition_problems
from providers.questionnaires.evidence import document_kinds
from providers.questionnaires.rubric import phrase_problem
from providers.questionnaires.scoring import default_questions, invalid_patterns
from providers.questionnaires.types import (
    CHOICE,
    DATE,
    FILE,
    MULTI_CHOICE,
    NUMBER,
    TEXT,
    TYPE_LABELS,
    YES_NO,
    YES_NO_CHOICES,
    question_type,
)

BUILTIN_NAME = "Built-in vetting questionnaire"
MAX_QUESTIONS = 40
MAX_ELEMENTS = 20
MAX_PATTERNS = 60
MAX_PATTERN_CHARS = 400
MAX_CHOICES = 20
MAX_BANDS = 10
MAX_AGE_DAYS = 36500
KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_COMMON_FIELDS = {"key", "type", "text", "help", "weight", "show_if"}
_TYPE_FIELDS = {
    TEXT: {"elements", "vague_markers", "vague_phrases"},
    YES_NO: {"choices"},
    CHOICE: {"choices"},
    MULTI_CHOICE: {"choices"},
    NUMBER: {"min", "max", "unit", "bands"},
    DATE: {"max_age_days"},
    FILE: {"document_kind"},
}
_ELEMENT_FIELDS = {"key", "label", "patterns", "phrases"}
_KEY_RULE = "must be lower-case letters, digits and underscores, starting with a letter"


def builtin_questions() -> list[dict]:
    """A fresh copy of the built-in questions, for sending or for a firm to copy."""
    return default_questions()


def questions_as_text(questions: list[dict]) -> str:
    """Pretty JSON, for scripts that export a template."""
    return json.dumps(questions, indent=2, ensure_ascii=False)


def parse_questions(text: str) -> list[dict]:
    """JSON text → validated questions; a syntax error names its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"The questions are not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    return validate_questions(data)


def _texts(value: Any, where: str, errors: list[str], *, what: str, check=None) -> list[str]:
    """A list of non-blank strings (one string is accepted as a list of one)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        errors.append(f"{where} must be a list of {what}.")
        return []
    out = []
    for i, item in enumerate(value):
        problem = (check(item) if check else "") or (
            "" if isinstance(item, str) and item.strip() else "must be non-blank text"
        )
        if not problem and len(item) > MAX_PATTERN_CHARS:
            problem = f"is longer than {MAX_PATTERN_CHARS} characters"
        if problem:
            errors.append(f"{where}[{i}] {problem}.")
        else:
            out.append(item.strip())
    if len(out) > MAX_PATTERNS:
        errors.append(f"{where} has more than {MAX_PATTERNS} entries.")
    return out


def _unknown_fields(raw: dict, allowed: set[str], where: str, errors: list[str], note: str = "") -> None:
    extra = set(raw) - allowed
    if extra:
        errors.append(
            f"{where} has unknown field(s) {', '.join(sorted(extra))}{note}; allowed: "
            f"{', '.join(sorted(allowed))}."
        )


def _element(raw: Any, where: str, errors: list[str]) -> dict:
    if not isinstance(raw, dict):
        errors.append(f"{where} must be an object with key, label and phrases (or patterns).")
        return {}
    _unknown_fields(raw, _ELEMENT_FIELDS, where, errors)
    key, label = raw.get("key"), raw.get("label")
    if not isinstance(key, str) or not KEY.match(key):
        errors.append(f"{where}.key {_KEY_RULE}.")
    if not isinstance(label, str) or not label.strip():
        errors.append(f"{where}.label must be non-blank text.")
    patterns = _texts(raw.get("patterns", []), f"{where}.patterns", errors, what="text patterns")
    phrases = _texts(raw.get("phrases", []), f"{where}.phrases", errors, what="phrases", check=phrase_problem)
    if not patterns and not phrases:
        errors.append(f"{where} needs at least one phrase (the wording that shows this item is named).")
    return {
        "key": key,
        "label": label.strip() if isinstance(label, str) else "",
        "patterns": patterns,
        "phrases": phrases,
    }


def _score(value: Any, where: str, errors: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        errors.append(f"{where} must be a whole number of points from 0 to 100.")
        return 0
    return int(round(value))


def _choices(raw: Any, kind: str, where: str, errors: list[str]) -> list[dict]:
    """Choices with their points; yes/no questions offer exactly Yes and No."""
    if kind == YES_NO:
        items = raw if isinstance(raw, list) else []
        given = {c["key"]: c for c in items if isinstance(c, dict) and c.get("key") in ("yes", "no")}
        if raw is not None and (not isinstance(raw, list) or len(given) != len(items)):
            errors.append(f"{where} of a yes/no question may only set the points of “yes” and “no”.")
        return [
            {
                **c,
                "score": _score(
                    given.get(c["key"], c).get("score", c["score"]), f"{where}.{c['key']}", errors
                ),
            }
            for c in YES_NO_CHOICES
        ]
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_CHOICES:
        errors.append(f"{where} must list from 2 to {MAX_CHOICES} choices, each with a label and points.")
        return []
    out = []
    for i, choice in enumerate(raw):
        here = f"{where}[{i}]"
        if (
            not isinstance(choice, dict)
            or not isinstance(choice.get("label"), str)
            or not choice["label"].strip()
        ):
            errors.append(f"{here} needs a label: the words the provider chooses.")
            continue
        _unknown_fields(choice, {"key", "label", "score"}, here, errors)
        key = choice.get("key") or slug_key(choice["label"], [c["key"] for c in out], prefix="c")
        if not isinstance(key, str) or not KEY.match(key):
            errors.append(f"{here}.key {_KEY_RULE}.")
        out.append(
            {
                "key": key,
                "label": choice["label"].strip()[:200],
                "score": _score(choice.get("score"), f"{here}.score", errors),
            }
        )
    for attr in ("key", "label"):
        values = [c[attr].lower() if attr == "label" else c[attr] for c in out]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            errors.append(f"{where} repeat the {attr}(s) {', '.join(repeated)}.")
    return out


def _number_or_none(value: Any, where: str, errors: list[str]) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > 10**12:
        errors.append(f"{where} must be a number (or left out).")
        return None
    return value


def _number_fields(raw: dict, where: str, errors: list[str]) -> dict:
    low = _number_or_none(raw.get("min"), f"{where}.min", errors)
    high = _number_or_none(raw.get("max"), f"{where}.max", errors)
    if low is not None and high is not None and low > high:
        errors.append(f"{where}: the smallest allowed number ({low}) is above the largest ({high}).")
    unit = raw.get("unit", "")
    if not isinstance(unit, str) or len(unit) > 30:
        errors.append(f"{where}.unit must be a short word such as “hours” (30 characters at most).")
        unit = ""
    bands_raw = raw.get("bands", [])
    bands = []
    if not isinstance(bands_raw, list) or len(bands_raw) > MAX_BANDS:
        errors.append(f"{where}.bands must be a list of at most {MAX_BANDS} ranges with their points.")
        bands_raw = []
    for i, band in enumerate(bands_raw):
        here = f"{where}.bands[{i}]"
        if not isinstance(band, dict):
            errors.append(f"{here} must be an object with from, to and score.")
            continue
        _unknown_fields(band, {"from", "to", "score"}, here, errors)
        start = _number_or_none(band.get("from"), f"{here}.from", errors)
        end = _number_or_none(band.get("to"), f"{here}.to", errors)
        if start is not None and end is not None and start > end:
            errors.append(f"{here}: the range starts ({start}) above where it ends ({end}).")
        bands.append({"from": start, "to": end, "score": _score(band.get("score"), f"{here}.score", errors)})
    return {"min": low, "max": high, "unit": unit.strip(), "bands": bands}


def _text_fields(raw: dict, where: str, errors: list[str]) -> dict:
    raw_elements = raw.get("elements", [])
    elements = []
    if not isinstance(raw_elements, list):
        errors.append(f"{where}.elements must be a list.")
    elif len(raw_elements) > MAX_ELEMENTS:
        errors.append(f"{where}.elements has more than {MAX_ELEMENTS} entries.")
    else:
        elements = [_element(e, f"{where}.elements[{i}]", errors) for i, e in enumerate(raw_elements)]
        element_keys = [e.get("key") for e in elements]
        duplicated = sorted({k for k in element_keys if isinstance(k, str) and element_keys.count(k) > 1})
        if duplicated:
            errors.append(f"{where}.elements repeat the key(s) {', '.join(duplicated)}.")
    markers = _texts(raw.get("vague_markers", []), f"{where}.vague_markers", errors, what="text patterns")
    phrases = _texts(
        raw.get("vague_phrases", []), f"{where}.vague_phrases", errors, what="phrases", check=phrase_problem
    )
    return {"elements": elements, "vague_markers": markers, "vague_phrases": phrases}


def _typed_fields(raw: dict, kind: str, where: str, errors: list[str]) -> dict:
    if kind == TEXT:
        return _text_fields(raw, where, errors)
    if kind in (YES_NO, CHOICE, MULTI_CHOICE):
        return {"choices": _choices(raw.get("choices"), kind, f"{where}.choices", errors)}
    if kind == NUMBER:
        return _number_fields(raw, where, errors)
    if kind == DATE:
        age = raw.get("max_age_days")
        if age is not None and (
            isinstance(age, bool) or not isinstance(age, int) or not 1 <= age <= MAX_AGE_DAYS
        ):
            errors.append(f"{where}.max_age_days must be a whole number of days from 1 to {MAX_AGE_DAYS}.")
            age = None
        return {"max_age_days": age}
    kinds = document_kinds()
    if not isinstance(raw.get("document_kind"), str) or raw["document_kind"] not in kinds:
        errors.append(f"{where}.document_kind must be one of: {', '.join(kinds)}.")
    return {"document_kind": raw.get("document_kind")}


def _question(raw: Any, where: str, errors: list[str]) -> dict:
    if not isinstance(raw, dict):
        errors.append(f"{where} must be an object.")
        return {}
    kind = question_type(raw)
    if not isinstance(kind, str) or kind not in TYPE_LABELS:
        errors.append(f"{where}.type must be one of: {', '.join(TYPE_LABELS)}.")
        return {}
    _unknown_fields(raw, _COMMON_FIELDS | _TYPE_FIELDS[kind], where, errors, note=f" for a {kind} question")
    key, text, help_ = raw.get("key"), raw.get("text"), raw.get("help", "")
    weight = raw.get("weight", 1)
    if not isinstance(key, str) or not KEY.match(key):
        errors.append(f"{where}.key {_KEY_RULE}.")
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}.text must be the question, as non-blank text.")
    elif len(text) > 1000:
        errors.append(f"{where}.text is longer than 1000 characters.")
    if not isinstance(help_, str):
        errors.append(f"{where}.help must be text.")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 100:
        errors.append(f"{where}.weight must be a number above 0 and at most 100.")
    show_if = raw.get("show_if")
    if show_if is not None and (
        not isinstance(show_if, dict)
        or set(show_if) != {"question", "equals"}
        or not all(isinstance(v, str) for v in show_if.values())
    ):
        errors.append(
            f'{where}.show_if must be {{"question": <an earlier question\'s key>, "equals": <a choice key>}}.'
        )
        show_if = None
    question = {
        "key": key,
        "type": kind,
        "text": text.strip() if isinstance(text, str) else "",
        "help": help_.strip() if isinstance(help_, str) else "",
        "weight": weight,
        **_typed_fields(raw, kind, where, errors),
    }
    if show_if:
        question["show_if"] = dict(show_if)
    return question


def validate_questions(data: Any) -> list[dict]:
    """Check a template's questions and return them tidied; every problem is named with its place."""
    if not isinstance(data, list) or not data:
        raise ValidationError("The questions must be a non-empty JSON list of question objects.")
    if len(data) > MAX_QUESTIONS:
        raise ValidationError(f"A questionnaire can have at most {MAX_QUESTIONS} questions.")
    errors: list[str] = []
    questions = [_question(raw, f"questions[{i}]", errors) for i, raw in enumerate(data)]
    keys = [q.get("key") for q in questions]
    duplicated = sorted({k for k in keys if isinstance(k, str) and keys.count(k) > 1})
    if duplicated:
        errors.append(f"Question keys must be unique; repeated: {', '.join(duplicated)}.")
    if not errors:
        errors += condition_problems(questions)
    if errors:
        raise ValidationError(errors)
    return questions


def slug_key(text: str, taken: list[str], *, prefix: str = "q") -> str:
    """A key from words ("Do you hold SOC 2?" → "do_you_hold_soc_2"), unique among `taken`."""
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40].rstrip("_")
    if not base or not base[0].isalpha():
        base = f"{prefix}_{base}".rstrip("_")
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def literal_patterns(questions: list[dict]) -> list[str]:
    """Patterns that are not valid regular expressions and so are matched as plain phrases."""
    return [f"{q['key']}: {p}" for q in questions for p in invalid_patterns(q)]
