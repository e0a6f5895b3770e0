"""`manage.py score_answers FILE.json`: for ops who receive a provider's answers by email."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from providers.demo import BUZZWORDS, SUBSTANCE

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    return path


def test_it_prints_a_score_vague_flag_and_elements_per_answer(tmp_path, capsys):
    path = _write(
        tmp_path,
        json.dumps(
            {"data_security": SUBSTANCE["data_security"], "vetting_process": BUZZWORDS["vetting_process"]}
        ),
    )
    call_command("score_answers", str(path))
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["vetting_process", "data_security"]  # questionnaire order
    assert set(result["data_security"]) == {"score", "vague", "found", "missing", "breakdown"}
    assert result["data_security"]["score"] >= 70 and result["data_security"]["vague"] is False
    assert "NDA before access" in result["data_security"]["found"]
    assert result["vetting_process"]["vague"] is True and result["vetting_process"]["score"] < 20
    assert "Skills test" in result["vetting_process"]["missing"]
    breakdown = result["data_security"]["breakdown"]
    assert sum(p["points"] for p in breakdown["parts"]) == result["data_security"]["score"]
    assert breakdown["found"] == result["data_security"]["found"] and breakdown["details"]


def test_it_scores_typed_answers_against_a_templates_questions(tmp_path, capsys):
    from tests.providers.test_typed_questions import SOC2

    questions = tmp_path / "template.json"
    questions.write_text(json.dumps({"name": "Security first", "questions": SOC2}), encoding="utf-8")
    answers = {"soc2": True, "soc2_report": "SOC 2 Type I", "controls": ["mfa"], "response_hours": 2}
    call_command("score_answers", str(_write(tmp_path, json.dumps(answers))), "--questions", str(questions))
    result = json.loads(capsys.readouterr().out)
    assert {k: r["score"] for k, r in result.items()} == {
        "soc2": 100,
        "soc2_report": 50,
        "controls": 40,
        "response_hours": 100,
    }
    assert result["soc2_report"]["breakdown"]["parts"] == [{"label": "Answered “SOC 2 Type I”", "points": 50}]
    assert result["soc2_report"]["breakdown"]["advice"] == ["Scores most: “SOC 2 Type II”."]


def test_an_answer_its_question_cannot_take_is_named(tmp_path):
    from tests.providers.test_typed_questions import SOC2

    questions = tmp_path / "template.json"
    questions.write_text(json.dumps(SOC2), encoding="utf-8")
    with pytest.raises(CommandError, match="the answer to response_hours: give a number from 0 to 168"):
        call_command(
            "score_answers", str(_write(tmp_path, '{"response_hours": 500}')), "--questions", str(questions)
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"vetting_process": "We interview."', "not valid JSON"),
        ('["an answer"]', "expected a JSON object"),
        ('{"favourite_colour": "blue", "vetting_process": "x"}', "unknown question key(s): favourite_colour"),
        ('{"vetting_process": 3}', "must be text"),
        ("{}", "empty"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path, content, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("score_answers", str(_write(tmp_path, content)))


def test_a_missing_file_gets_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("score_answers", "/nonexistent/answers.json")


def test_from_the_shell_bad_input_exits_non_zero_with_the_error_on_stderr_and_good_input_exits_zero(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "firmops.settings"}
    command = [sys.executable, str(ROOT / "manage.py"), "score_answers"]
    bad = subprocess.run(
        [*command, str(_write(tmp_path, '{"nope": "x"}'))], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert bad.returncode != 0
    assert "unknown question key(s): nope" in bad.stderr and bad.stdout == ""
    good = subprocess.run(
        [*command, "-"], input=json.dumps(SUBSTANCE), capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["replacement_guarantee"]["vague"] is False
