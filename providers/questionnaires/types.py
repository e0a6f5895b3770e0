"""Question types: what a provider's answer to each may be, how it reads, and how it scores.

A question without a "type" is free text, as every question was before typed questions existed.
Typed answers are stored as plain JSON values:

    text          the answer as written                 yes_no, choice  the chosen choice's key
    multi_choice  a list of chosen keys                 number          a number
    date          "YYYY-MM-DD"                          file            {"document": id, "name": file name}
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal, InvalidOperation

from providers.questionnaires.breakdown import typed_breakdown

TEXT, YES_NO, CHOICE, MULTI_CHOICE, NUMBER, DATE, FILE = (
    "text",
    "yes_no",
    "choice",
    "multi_choice",
    "number",
    "date",
    "file",
)
TYPE_LABELS = {
    TEXT: "Free text (scored by its rubric)",
    YES_NO: "Yes / no",
    CHOICE: "One choice",
    MULTI_CHOICE: "Several choices",
    NUMBER: "Number",
    DATE: "Date",
    FILE: "File upload (a document)",
}
# Questions whose answer another question can depend on ("shown only if … is Yes").
CONDITION_TYPES = (YES_NO, CHOICE, MULTI_CHOICE)
# A submission may leave these empty: "none of these" and "no such document" are answers too.
OPTIONAL_TYPES = (MULTI_CHOICE, FILE)
YES_NO_CHOICES = ({"key": "yes", "label": "Yes", "score": 100}, {"key": "no", "label": "No", "score": 0})
MAX_NUMBER = 10**12


class AnswerProblem(ValueError):
    """An answer a question cannot take; the message reads after the question's text."""


def question_type(question: dict) -> str:
    return question.get("type") or TEXT


def choices_of(question: dict) -> list[dict]:
    """The choices offered, with their scores; yes/no questions always offer Yes and No."""
    if question_type(question) == YES_NO:
        scores = {c.get("key"): c.get("score") for c in question.get("choices") or ()}
        return [{**c, "score": scores.get(c["key"], c["score"])} for c in YES_NO_CHOICES]
    return list(question.get("choices") or ())


def _choice_key(question: dict, raw: object) -> str:
    """The key of the choice a raw answer names: its key or its label, in any case."""
    if question_type(question) == YES_NO and isinstance(raw, bool):
        return "yes" if raw else "no"
    wanted = str(raw).strip().lower()
    for choice in choices_of(question):
        if wanted in (choice["key"].lower(), choice["label"].strip().lower()):
            return choice["key"]
    offered = "; ".join(c["label"] for c in choices_of(question))
    raise AnswerProblem(f"“{str(raw)[:60]}” is not one of the choices offered ({offered}).")


def _number(question: dict, raw: object) -> float | int:
    if isinstance(raw, bool):
        raise AnswerProblem("give a number.")
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise AnswerProblem("give a number, such as 12 or 2.5.") from None
    if not value.is_finite() or abs(value) > MAX_NUMBER:
        raise AnswerProblem("give a number, such as 12 or 2.5.")
    low, high = question.get("min"), question.get("max")
    if (low is not None and value < Decimal(str(low))) or (high is not None and value > Decimal(str(high))):
        raise AnswerProblem(f"give a number {_band_label({'from': low, 'to': high})}.")
    return int(value) if value == value.to_integral_value() else float(value)


def _date(raw: object) -> str:
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    try:
        value = datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise AnswerProblem(f"“{str(raw)[:40]}” is not a date: write it as YYYY-MM-DD.") from None
    if not 1900 <= value.year <= 2200:
        raise AnswerProblem("give a date between the years 1900 and 2200.")
    return value.isoformat()


def coerce(question: dict, raw: object) -> object:
    """The stored value of a raw answer (None when blank); AnswerProblem says what is wrong with it."""
    kind = question_type(question)
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        return None
    if kind == TEXT:
        if not isinstance(raw, str):
            raise AnswerProblem("the answer must be text.")
        return raw.strip()
    if kind in (YES_NO, CHOICE):
        if isinstance(raw, list | dict):
            raise AnswerProblem("choose one of the choices offered.")
        return _choice_key(question, raw)
    if kind == MULTI_CHOICE:
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, list | tuple):
            raise AnswerProblem("choose any of the choices offered.")
        keys = {_choice_key(question, item) for item in items if str(item).strip()}
        return [c["key"] for c in choices_of(question) if c["key"] in keys]  # in the order offered
    if kind == NUMBER:
        return _number(question, raw)
    if kind == DATE:
        return _date(raw)
    if kind == FILE:
        if isinstance(raw, dict) and raw.get("document"):
            return {"document": raw["document"], "name": str(raw.get("name", ""))}
        return {"document": None, "name": str(raw)[:200]}  # scored as provided (scripts name a file)
    raise AnswerProblem(f"this question has an unknown type {kind!r}.")


def _plain(number: object) -> str:
    """12.0 → "12", 2.5 → "2.5"; None stays "None" for the caller to replace."""
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def display(question: dict, value: object) -> str:
    """An answer as a reviewer reads it: the chosen labels, the number with its unit, the file's name."""
    kind = question_type(question)
    if value is None:
        return ""
    if kind in (YES_NO, CHOICE, MULTI_CHOICE):
        labels = {c["key"]: c["label"] for c in choices_of(question)}
        keys = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(k, k) for k in keys)
    if kind == NUMBER:
        return f"{_plain(value)} {question.get('unit', '')}".strip()
    if kind == FILE:
        return value.get("name", "") if isinstance(value, dict) else str(value)
    return str(value)


def _band_label(band: dict) -> str:
    low, high = band.get("from"), band.get("to")
    if low is None and high is None:
        return "any number"
    if low is None:
        return f"up to {_plain(high)}"
    if high is None:
        return f"of {_plain(low)} or more"
    return f"from {_plain(low)} to {_plain(high)}"


def _in_band(value: float, band: dict) -> bool:
    low, high = band.get("from"), band.get("to")
    return (low is None or value >= low) and (high is None or value <= high)


def _best_choices(question: dict) -> str:
    top = max((c["score"] for c in choices_of(question)), default=0)
    return _quoted_labels([c for c in choices_of(question) if c["score"] == top])


def _quoted_labels(choices: list[dict]) -> str:
    return " or ".join(f"“{c['label']}”" for c in choices)


def score_typed(question: dict, value: object, *, today: datetime.date | None = None) -> tuple[int, dict]:
    """A typed answer's score 0..100 and its breakdown (free text is scored by the rubric instead)."""
    kind = question_type(question)
    if kind in (YES_NO, CHOICE):
        choice = next((c for c in choices_of(question) if c["key"] == value), None)
        score = int(choice["score"]) if choice else 0
        label = f"Answered {_quoted_labels([choice])}" if choice else "Not answered"
        advice = [] if score == 100 else [f"Scores most: {_best_choices(question)}."]
        return score, typed_breakdown(score=score, label=label, advice=advice)
    if kind == MULTI_CHOICE:
        chosen = [c for c in choices_of(question) if c["key"] in (value or [])]
        score = min(100, sum(int(c["score"]) for c in chosen))
        label = f"Chose {_quoted_labels(chosen)}" if chosen else "Chose none of the choices"
        advice = [] if score == 100 else ["Each choice adds its points, up to 100."]
        return score, typed_breakdown(score=score, label=label.replace("” or “", "”, “"), advice=advice)
    if kind == NUMBER:
        bands = question.get("bands") or []
        if value is None:
            return 0, typed_breakdown(score=0, label="No number given", advice=["Not answered."])
        band = next((b for b in bands if _in_band(float(value), b)), None)
        shown = display(question, value)
        if not bands:
            return 100, typed_breakdown(score=100, label=f"Gave a number: {shown}", advice=[])
        score = int(band["score"]) if band else 0
        label = f"{shown}: {_band_label(band)}" if band else f"{shown}: in no scoring range"
        top = max(bands, key=lambda b: b["score"])
        advice = [] if score == 100 else [f"Scores most ({top['score']}): a number {_band_label(top)}."]
        return score, typed_breakdown(score=score, label=label, advice=advice)
    if kind == DATE:
        if value is None:
            return 0, typed_breakdown(score=0, label="No date given", advice=["Not answered."])
        max_age = question.get("max_age_days")
        age = ((today or datetime.date.today()) - datetime.date.fromisoformat(value)).days
        if max_age is not None and age > max_age:
            advice = [f"A date within the last {max_age} days scores 100; this one is {age} days old."]
            return 0, typed_breakdown(score=0, label=f"{value}: older than {max_age} days", advice=advice)
        return 100, typed_breakdown(score=100, label=f"Gave a date: {value}", advice=[])
    if kind == FILE:
        if value:
            return 100, typed_breakdown(score=100, label=f"Provided: {display(question, value)}", advice=[])
        return 0, typed_breakdown(score=0, label="No document provided", advice=["Upload the document."])
    raise AnswerProblem(f"this question has an unknown type {kind!r}.")


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
