"""Score a provider's answers received by email against the built-in questionnaire or a template."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from providers.questionnaires.questions import builtin_questions, validate_questions
from providers.questionnaires.scoring import InvalidAnswerError, UnknownQuestionError, score_answers


class Command(BaseCommand):
    help = (
        'Reads {"question_key": answer, ...} from FILE.json, or "-" for standard input, and prints '
        '{"question_key": {"score", "vague", "found", "missing", "breakdown"}, ...} as JSON. A free-text '
        "answer is text; a yes/no or choice answer the choice (its key or label); several choices a list; "
        "a number a number; a date YYYY-MM-DD. Scores against the built-in questionnaire unless --questions "
        "names a template's questions (a JSON list, or a template as the API returns it)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", metavar="FILE.json", help='Answers as a JSON object; "-" reads standard input.'
        )
        parser.add_argument(
            "--questions",
            metavar="TEMPLATE.json",
            help="The questions to score against (default: the built-in questionnaire).",
        )

    def handle(self, *args, file: str, questions: str | None = None, **options) -> None:
        answers = _answers(_read(file), file)
        asked = _questions(questions) if questions else builtin_questions()
        try:
            scores = score_answers(answers, questions=asked)
        except UnknownQuestionError as exc:
            known = ", ".join(q["key"] for q in asked)
            raise CommandError(
                f"{file}: unknown question key(s): {', '.join(exc.keys)}. Known keys: {known}."
            ) from exc
        except InvalidAnswerError as exc:
            raise CommandError(f"{file}: the answer to {exc.key}: {exc.problem}") from exc
        result = {
            key: {
                "score": r.score,
                "vague": r.vague,
                "found": r.found,
                "missing": r.missing,
                "breakdown": r.breakdown,
            }
            for key, r in scores.items()
        }
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))


def _read(file: str) -> object:
    """The parsed JSON of a file (or standard input), or a CommandError saying what is wrong with it."""
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CommandError(f"{file}: no such file.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{file}: cannot read it ({exc}).") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{file}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc


def _answers(data: object, file: str) -> dict[str, object]:
    if not isinstance(data, dict):
        raise CommandError(
            f'{file}: expected a JSON object like {{"vetting_process": "answer text"}}, '
            f"got {type(data).__name__}."
        )
    if not data:
        raise CommandError(f"{file}: the object is empty; give at least one answer.")
    return data


def _questions(file: str) -> list[dict]:
    data = _read(file)
    if isinstance(data, dict) and "questions" in data:
        data = data["questions"]  # a template as GET /api/v1/firms/<firm>/vetting/templates/<id>/ gives it
    try:
        return validate_questions(data)
    except ValidationError as exc:
        raise CommandError(f"{file}: " + " ".join(exc.messages)) from exc
