"""Typed and conditional questions: what each answer scores, what is shown, and what counts in the total."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from providers.questionnaires.questions import validate_questions
from providers.questionnaires.scoring import (
    InvalidAnswerError,
    score_answers,
    score_value,
    weighted_total,
)

SOC2 = [
    {"key": "soc2", "type": "yes_no", "text": "Do you hold a SOC 2 report?", "weight": 2},
    {
        "key": "soc2_report",
        "type": "choice",
        "text": "Which SOC 2 report?",
        "weight": 2,
        "show_if": {"question": "soc2", "equals": "yes"},
        "choices": [
            {"key": "type2", "label": "SOC 2 Type II", "score": 100},
            {"key": "type1", "label": "SOC 2 Type I", "score": 50},
        ],
    },
    {
        "key": "controls",
        "type": "multi_choice",
        "text": "Which controls do you enforce?",
        "weight": 1,
        "choices": [
            {"key": "mfa", "label": "Multi-factor authentication", "score": 40},
            {"key": "disk", "label": "Full-disk encryption", "score": 40},
            {"key": "dlp", "label": "Data loss prevention", "score": 40},
        ],
    },
    {
        "key": "response_hours",
        "type": "number",
        "text": "Within how many hours do you answer an urgent request?",
        "weight": 1,
        "unit": "hours",
        "min": 0,
        "max": 168,
        "bands": [{"from": 0, "to": 4, "score": 100}, {"from": 4.01, "to": 24, "score": 60}],
    },
    {
        "key": "pentest",
        "type": "date",
        "text": "When was your last penetration test?",
        "weight": 1,
        "max_age_days": 365,
    },
    {"key": "nda", "type": "file", "text": "Upload your standard NDA.", "weight": 1, "document_kind": "nda"},
    {
        "key": "vetting",
        "type": "text",
        "text": "How do you vet people?",
        "weight": 3,
        "elements": [
            {"key": "background", "label": "Background check", "phrases": ["background check"]},
            {"key": "references", "label": "Reference check", "phrases": ["reference check"]},
        ],
        "vague_phrases": ["best practices"],
    },
]
TODAY = datetime.date(2026, 6, 1)


def _questions():
    return validate_questions(SOC2)


def test_a_template_with_every_type_validates_and_keeps_its_types():
    questions = _questions()
    assert [q["type"] for q in questions] == [
        "yes_no", "choice", "multi_choice", "number", "date", "file", "text"
    ]  # fmt: skip
    assert questions[0]["choices"] == [
        {"key": "yes", "label": "Yes", "score": 100},
        {"key": "no", "label": "No", "score": 0},
    ]


def test_each_typed_answer_scores_what_the_question_gives_it():
    scores = score_answers(
        {
            "soc2": "yes",
            "soc2_report": "SOC 2 Type I",  # a label is understood as well as a key
            "controls": ["mfa", "disk", "dlp"],
            "response_hours": "6",
            "pentest": "2026-01-15",
            "nda": "nda.pdf",
        },
        questions=_questions(),
        today=TODAY,
    )
    got = {k: r.score for k, r in scores.items()}
    assert got == {
        "soc2": 100,
        "soc2_report": 50,
        "controls": 100,  # 3 × 40, capped at 100
        "response_hours": 60,
        "pentest": 100,
        "nda": 100,
    }


def test_a_stale_date_and_a_number_in_no_range_score_zero_and_say_why():
    questions = {q["key"]: q for q in _questions()}
    stale = score_value("2024-01-01", question=questions["pentest"], today=TODAY)
    assert stale.score == 0
    assert "within the last 365 days" in stale.breakdown["advice"][0]
    slow = score_value(48, question=questions["response_hours"], today=TODAY)
    assert slow.score == 0
    assert slow.breakdown["parts"] == [{"label": "48 hours: in no scoring range", "points": 0}]
    assert slow.breakdown["advice"] == ["Scores most (100): a number from 0 to 4."]


def test_a_hidden_conditional_question_is_not_scored_and_does_not_count_against_the_provider():
    questions = _questions()
    answers = {"soc2": "no", "soc2_report": "type2", "vetting": "x"}  # the report answer came from no-JS
    scores = score_answers(answers, questions=questions, today=TODAY)
    assert "soc2_report" not in scores
    assert scores["soc2"].score == 0
    from providers.questionnaires.conditions import shown_keys

    shown = shown_keys(questions, {"soc2": "no"})
    assert "soc2_report" not in shown and "soc2" in shown
    # Unanswered shown questions count 0; the hidden one's weight leaves the total.
    total = weighted_total({"soc2": 0, "vetting": 100}, questions=questions, shown=shown)
    shown_weight = 2 + 1 + 1 + 1 + 1 + 3
    assert total == pytest.approx(300 / shown_weight)
    assert weighted_total({"soc2": 0, "vetting": 100}, questions=questions) == pytest.approx(300 / 11)


def test_a_shown_conditional_question_left_unanswered_counts_zero():
    questions = _questions()
    shown = {"soc2", "soc2_report"}
    assert weighted_total({"soc2": 100}, questions=questions[:2], shown=shown) == pytest.approx(50.0)


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("soc2_report", "SOC 3", "is not one of the choices offered (SOC 2 Type II; SOC 2 Type I)"),
        ("controls", ["mfa", "firewall"], "“firewall” is not one of the choices offered"),
        ("response_hours", "200", "give a number from 0 to 168"),
        ("response_hours", "soon", "give a number, such as 12 or 2.5"),
        ("pentest", "2026-02-30", "is not a date: write it as YYYY-MM-DD"),
        ("soc2", "maybe", "is not one of the choices offered (Yes; No)"),
    ],
)
def test_an_answer_the_question_cannot_take_is_refused_with_what_is_wrong(key, raw, message):
    with pytest.raises(InvalidAnswerError) as refused:
        score_answers({key: raw}, questions=_questions())
    assert refused.value.key == key
    assert message in refused.value.problem


def test_free_text_with_plain_phrases_finds_their_common_wordings():
    questions = {q["key"]: q for q in _questions()}
    result = score_value(
        "Every candidate goes through background-screening and two reference checks by our staff.",
        question=questions["vetting"],
    )
    assert result.found == ["Background check", "Reference check"]
    assert result.breakdown["missing"] == []


def test_missing_nothing_but_no_detail_says_why_it_is_not_one_hundred():
    questions = {q["key"]: q for q in _questions()}
    result = score_value(
        "We run a background check and a reference check on each and every candidate we ever place.",
        question=questions["vetting"],
    )
    assert result.missing == [] and result.score == 70
    assert "No concrete detail: add numbers, named tools or time limits." in result.breakdown["advice"]
    assert sum(p["points"] for p in result.breakdown["parts"]) == result.score


def test_vague_phrases_cost_points_and_are_quoted_as_written():
    questions = {q["key"]: q for q in _questions()}
    result = score_value(
        "We follow Best Practices for vetting, always, for every single candidate we place with firms.",
        question=questions["vetting"],
    )
    assert result.breakdown["vague_wording"] == ["Best Practices"]
    assert result.vague
    assert sum(p["points"] for p in result.breakdown["parts"]) == result.score


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"show_if": {"question": "controls", "equals": "mfa"}}, "must be an earlier question"),
        ({"show_if": {"question": "soc2", "equals": "perhaps"}}, "does not offer"),
        ({"choices": [{"label": "Only one", "score": 10}]}, "from 2 to 20 choices"),
        ({"choices": [{"label": "A", "score": 10}, {"label": "a", "score": 120}]}, "from 0 to 100"),
        ({"type": "essay"}, "type must be one of"),
    ],
)
def test_a_bad_question_definition_is_named_with_its_place(change, message):
    broken = [dict(q) for q in SOC2]
    broken[1] = {**broken[1], **change}
    with pytest.raises(ValidationError) as refused:
        validate_questions(broken)
    assert any(message in m and m.startswith("questions[1]") for m in refused.value.messages), (
        refused.value.messages
    )


def test_a_question_can_only_depend_on_a_yes_no_or_choice_question():
    broken = [dict(q) for q in SOC2]
    broken[4] = {**broken[4], "show_if": {"question": "response_hours", "equals": "4"}}
    with pytest.raises(ValidationError) as refused:
        validate_questions(broken)
    assert "only yes/no and choice questions can show or hide another question" in refused.value.messages[0]


def test_a_number_range_that_ends_before_it_starts_is_refused():
    broken = [dict(q) for q in SOC2]
    broken[3] = {**broken[3], "min": 10, "max": 1}
    with pytest.raises(ValidationError) as refused:
        validate_questions(broken)
    assert "the smallest allowed number (10) is above the largest (1)" in refused.value.messages[0]
