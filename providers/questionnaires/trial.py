"""Trying answers on a questionnaire before sending it: each answer's score and breakdown, and the total.

Nothing is saved; the same scorer, conditions and weights as a real submission are used, so what ops
see here is what a provider answering the same way would get.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from providers.questionnaires.conditions import shown_keys
from providers.questionnaires.scoring import AnswerScore, answer_values, score_answers, weighted_total


@dataclass(frozen=True)
class TriedAnswer:
    question: dict
    shown: bool
    result: AnswerScore | None  # None when the question's condition hid it


@dataclass(frozen=True)
class Trial:
    answers: list[TriedAnswer]
    total: float


def answers_try(*, questions: list[dict], answers: dict[str, object], today: datetime.date) -> Trial:
    """Score answers as a submission would (InvalidAnswerError when one does not fit its question)."""
    values = answer_values(answers, questions=questions)
    shown = shown_keys(questions, values)
    scores = score_answers(answers, questions=questions, today=today)
    total = weighted_total({k: r.score for k, r in scores.items()}, questions=questions, shown=shown)
    return Trial(
        answers=[TriedAnswer(q, q["key"] in shown, scores.get(q["key"])) for q in questions],
        total=round(total, 1),
    )
