"""Score a provider's answers received by email against the built-in questionnaire's rubrics."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.questionnaires.questions import builtin_questions
from providers.questionnaires.scoring import UnknownQuestionError, score_answers


class Command(BaseCommand):
    help = (
        'Reads {"question_key": "answer text", ...} (the built-in questionnaire\'s keys) '
        'from FILE.json, or "-" for '
        'standard input, and prints {"question_key": {"score", "vague", "found", "missing"}, ...} as JSON.'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", metavar="FILE.json", help='Answers as a JSON object; "-" reads standard input.'
        )

    def handle(self, *args, file: str, **options) -> None:
        answers = _read(file)
        questions = builtin_questions()
        try:
            scores = score_answers(answers, questions=questions)
        except UnknownQuestionError as exc:
            known = ", ".join(q["key"] for q in questions)
            raise CommandError(
                f"{file}: unknown question key(s): {', '.join(exc.keys)}. Known keys: {known}."
            ) from exc
        result = {
            key: {"score": r.score, "vague": r.vague, "found": r.found, "missing": r.missing}
            for key, r in scores.items()
        }
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))


def _read(file: str) -> dict[str, str]:
    """The answers object, or a CommandError saying exactly what is wrong with the input."""
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CommandError(f"{file}: no such file.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{file}: cannot read it ({exc}).") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{file}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    if not isinstance(data, dict):
        raise CommandError(
            f'{file}: expected a JSON object like {{"vetting_process": "answer text"}}, '
            f"got {type(data).__name__}."
        )
    if not data:
        raise CommandError(f"{file}: the object is empty; give at least one answer.")
    not_text = sorted(k for k, v in data.items() if not isinstance(v, str))
    if not_text:
        raise CommandError(f"{file}: the answer to {', '.join(not_text)} must be text (a JSON string).")
    return data
