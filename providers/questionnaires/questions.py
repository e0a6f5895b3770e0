"""Questionnaire templates as data: the built-in default and validation of the JSON firms edit."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import ValidationError

from providers.questionnaires.scoring import default_questions, invalid_patterns

BUILTIN_NAME = "Built-in vetting questionnaire"
MAX_QUESTIONS = 40
MAX_ELEMENTS = 20
MAX_PATTERNS = 60
MAX_PATTERN_CHARS = 400
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_QUESTION_FIELDS = {"key", "text", "help", "weight", "elements", "vague_markers"}
_ELEMENT_FIELDS = {"key", "label", "patterns"}


def builtin_questions() -> list[dict]:
    """A fresh copy of the built-in questions, for sending or for a firm to copy."""
    return default_questions()


def questions_as_text(questions: list[dict]) -> str:
    """Pretty JSON for the template editor."""
    return json.dumps(questions, indent=2, ensure_ascii=False)


def parse_questions(text: str) -> list[dict]:
    """JSON text from the editor → validated questions; a syntax error names its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"The questions are not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    return validate_questions(data)


def _strings(value: Any, where: str, errors: list[str], *, allow_empty: bool) -> list[str]:
    """A list of non-blank strings (one string is accepted as a list of one)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        errors.append(f"{where} must be a list of text patterns.")
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            errors.append(f"{where}[{i}] must be non-blank text.")
        elif len(item) > MAX_PATTERN_CHARS:
            errors.append(f"{where}[{i}] is longer than {MAX_PATTERN_CHARS} characters.")
        else:
            out.append(item.strip())
    if not out and not allow_empty:
        errors.append(f"{where} needs at least one pattern.")
    if len(out) > MAX_PATTERNS:
        errors.append(f"{where} has more than {MAX_PATTERNS} patterns.")
    return out


def _element(raw: Any, where: str, errors: list[str]) -> dict:
    if not isinstance(raw, dict):
        errors.append(f"{where} must be an object with key, label and patterns.")
        return {}
    extra = set(raw) - _ELEMENT_FIELDS
    if extra:
        errors.append(
            f"{where} has unknown field(s) {', '.join(sorted(extra))}; allowed: key, label, patterns."
        )
    key, label = raw.get("key"), raw.get("label")
    if not isinstance(key, str) or not _KEY.match(key):
        errors.append(
            f"{where}.key must be lower-case letters, digits and underscores, starting with a letter."
        )
    if not isinstance(label, str) or not label.strip():
        errors.append(f"{where}.label must be non-blank text.")
    patterns = _strings(raw.get("patterns"), f"{where}.patterns", errors, allow_empty=False)
    return {
        "key": key,
        "label": (label or "").strip() if isinstance(label, str) else "",
        "patterns": patterns,
    }


def _question(raw: Any, where: str, errors: list[str]) -> dict:
    if not isinstance(raw, dict):
        errors.append(f"{where} must be an object.")
        return {}
    extra = set(raw) - _QUESTION_FIELDS
    if extra:
        errors.append(
            f"{where} has unknown field(s) {', '.join(sorted(extra))}; allowed: "
            f"{', '.join(sorted(_QUESTION_FIELDS))}."
        )
    key, text, help_ = raw.get("key"), raw.get("text"), raw.get("help", "")
    weight = raw.get("weight", 1)
    if not isinstance(key, str) or not _KEY.match(key):
        errors.append(
            f"{where}.key must be lower-case letters, digits and underscores, starting with a letter."
        )
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}.text must be the question, as non-blank text.")
    elif len(text) > 1000:
        errors.append(f"{where}.text is longer than 1000 characters.")
    if not isinstance(help_, str):
        errors.append(f"{where}.help must be text.")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 100:
        errors.append(f"{where}.weight must be a number above 0 and at most 100.")
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
    markers = _strings(raw.get("vague_markers", []), f"{where}.vague_markers", errors, allow_empty=True)
    return {
        "key": key,
        "text": text.strip() if isinstance(text, str) else "",
        "help": help_.strip() if isinstance(help_, str) else "",
        "weight": weight,
        "elements": elements,
        "vague_markers": markers,
    }


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
    if errors:
        raise ValidationError(errors)
    return questions


def literal_patterns(questions: list[dict]) -> list[str]:
    """Patterns that are not valid regular expressions and so are matched as plain phrases."""
    return [f"{q['key']}: {p}" for q in questions for p in invalid_patterns(q)]
