"""Questionnaire scoring: strong answers beat buzzwords, and reviewers see why."""

import json
from pathlib import Path

import pytest

from providers.questionnaires.defaults import DEFAULT_QUESTIONNAIRE
from providers.questionnaires.scoring import (
    AnswerScore,
    UnknownQuestionError,
    default_questions,
    invalid_patterns,
    score_answer,
    score_answers,
    weighted_total,
)

PAIRS = json.loads((Path(__file__).parent / "data" / "answer_pairs.json").read_text(encoding="utf-8"))
HELDOUT = PAIRS.pop("heldout")
QUESTIONS = {q["key"]: q for q in default_questions()}

# The guide's own examples ("The Questions That Expose the Pretenders").
GUIDE_WEAK_SECURITY = "Our platform is very secure."
GUIDE_STRONG_SECURITY = (
    "All professionals sign NDAs before they even see a firm's name. We facilitate secure access to your "
    "systems using role-based permissions and advise on best practices, like using encrypted communication "
    "channels."
)


# Held-out weak answers the scorer does not flag as vague. Found after tuning and left unfixed on
# purpose, so the held-out figure stays honest; strict, so a fix shows up as XPASS.
HELDOUT_NOT_FLAGGED_VAGUE = {
    "vetting_process-02": "'fewer than 2% of applicants' counts as a concrete percentage",
    "references-00": "'law firm clients' matches the named-firm pattern 'law firm'",
}


def _cases(pairs: dict[str, list[dict]], known_misses: dict[str, str] | None = None) -> list:
    """One pytest param per strong/weak pair, named by question and index."""
    cases = []
    for key, items in pairs.items():
        for i, pair in enumerate(items):
            case_id = f"{key}-{i:02d}"
            reason = (known_misses or {}).get(case_id)
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            cases.append(pytest.param(key, pair, id=case_id, marks=marks))
    return cases


def _explain(key: str, pair: dict, strong: AnswerScore, weak: AnswerScore) -> str:
    """The pair and both scores, so a failure reads without a debugger."""
    return (
        f"\n[{key}]\nSTRONG ({strong.score}, vague={strong.vague}, found={strong.found}, "
        f"specifics={strong.specifics}):\n  {pair['strong']}\nWEAK ({weak.score}, vague={weak.vague}, "
        f"found={weak.found}, specifics={weak.specifics}):\n  {pair['weak']}"
    )


def _score_pair(key: str, pair: dict) -> tuple[AnswerScore, AnswerScore]:
    return (
        score_answer(pair["strong"], question=QUESTIONS[key]),
        score_answer(pair["weak"], question=QUESTIONS[key]),
    )


# --- the answer pairs --------------------------------------------------------------------------


def test_every_default_question_has_at_least_twenty_pairs_and_five_heldout():
    assert set(PAIRS) == set(QUESTIONS)
    assert set(HELDOUT) == set(QUESTIONS)
    for key in QUESTIONS:
        assert len(PAIRS[key]) >= 20, key
        assert len(HELDOUT[key]) >= 5, key


@pytest.mark.parametrize(("key", "pair"), _cases(PAIRS))
def test_strong_answer_outscores_weak_answer(key, pair):
    strong, weak = _score_pair(key, pair)
    assert strong.score > weak.score, _explain(key, pair, strong, weak)


@pytest.mark.parametrize(("key", "pair"), _cases(PAIRS))
def test_weak_answer_is_flagged_vague_and_strong_answer_is_not(key, pair):
    strong, weak = _score_pair(key, pair)
    assert weak.vague, _explain(key, pair, strong, weak)
    assert not strong.vague, _explain(key, pair, strong, weak)


@pytest.mark.parametrize(("key", "pair"), _cases(HELDOUT))
def test_heldout_strong_answer_outscores_weak_answer(key, pair):
    strong, weak = _score_pair(key, pair)
    assert strong.score > weak.score, _explain(key, pair, strong, weak)


@pytest.mark.parametrize(("key", "pair"), _cases(HELDOUT, HELDOUT_NOT_FLAGGED_VAGUE))
def test_heldout_weak_answer_is_flagged_vague_and_strong_answer_is_not(key, pair):
    strong, weak = _score_pair(key, pair)
    assert weak.vague, _explain(key, pair, strong, weak)
    assert not strong.vague, _explain(key, pair, strong, weak)


# --- the guide's examples -------------------------------------------------------------------------


def test_guides_weak_security_answer_is_vague_and_scores_low():
    result = score_answer(GUIDE_WEAK_SECURITY, question=QUESTIONS["data_security"])
    assert result.vague
    assert result.score < 25
    assert result.found == []


def test_guides_strong_security_answer_scores_high_and_is_not_vague():
    result = score_answer(GUIDE_STRONG_SECURITY, question=QUESTIONS["data_security"])
    assert not result.vague
    assert result.score >= 60
    assert result.found == ["NDA before access", "Role-based permissions", "Encryption"]


# --- what reviewers see ----------------------------------------------------------------------------


def test_found_and_missing_list_element_labels_in_rubric_order():
    answer = "Each candidate has a video interview, and we call two references before placing anyone."
    result = score_answer(answer, question=QUESTIONS["vetting_process"])
    assert result.found == ["Interview", "Reference check"]
    assert result.missing == ["Resume screen", "Skills test", "Background check"]


@pytest.mark.parametrize(
    ("key", "answer", "label"),
    [
        (
            "data_security",
            "Each contractor signs a non-disclosure agreement on day one.",
            "NDA before access",
        ),
        (
            "data_security",
            "A confidentiality agreement is signed before they see any firm data.",
            "NDA before access",
        ),
        ("data_security", "Every login requires two-factor authentication.", "Multi-factor authentication"),
        ("data_security", "We enforce 2FA on email and the document system.", "Multi-factor authentication"),
        ("data_security", "Multi-factor sign-in is mandatory for all staff.", "Multi-factor authentication"),
        ("replacement_guarantee", "We swap them out for free within 2 weeks.", "Replacement"),
        ("replacement_guarantee", "We swap them out for free within 2 weeks.", "No extra cost"),
        ("replacement_guarantee", "We swap them out for free within 2 weeks.", "Time limit stated"),
        ("vetting_process", "Background screening is done by Checkr for every hire.", "Background check"),
        (
            "timezone_communication",
            "She keeps 9am-5pm Eastern and is on Slack all day.",
            "US time zone coverage",
        ),
    ],
)
def test_paraphrase_is_recognised_as_rubric_element(key, answer, label):
    assert label in score_answer(answer, question=QUESTIONS[key]).found


@pytest.mark.parametrize(
    ("key", "answer", "label"),
    [
        ("vetting_process", "We don't run background checks on freelancers.", "Background check"),
        ("data_security", "Honestly, we do not require NDAs from our staff.", "NDA before access"),
        (
            "data_security",
            "We never use multi-factor authentication; it slows people down.",
            "Multi-factor authentication",
        ),
    ],
)
def test_element_the_answer_denies_is_not_counted(key, answer, label):
    assert label not in score_answer(answer, question=QUESTIONS[key]).found


@pytest.mark.parametrize(
    ("key", "answer", "label"),
    [
        ("data_security", "Nobody touches a client file without signing an NDA first.", "NDA before access"),
        (
            "vetting_process",
            "We won't place anyone until two references have called us back.",
            "Reference check",
        ),
        (
            "replacement_guarantee",
            "If you're not satisfied within the first week, we replace them.",
            "Time limit stated",
        ),
    ],
)
def test_double_negative_or_condition_still_counts_the_element(key, answer, label):
    assert label in score_answer(answer, question=QUESTIONS[key]).found


def test_specifics_show_concrete_details_as_the_provider_wrote_them():
    answer = (
        "Files are encrypted with AES-256, we are SOC 2 Type II audited, logins go through Okta, and access "
        "is revoked within 48 hours of an engagement ending."
    )
    specifics = score_answer(answer, question=QUESTIONS["data_security"]).specifics
    for detail in ("AES-256", "SOC 2 Type II", "Okta", "within 48 hours"):
        assert detail in specifics


def test_marketing_percentage_is_not_a_specific():
    result = score_answer("We only accept the top 1% of applicants.", question=QUESTIONS["vetting_process"])
    assert result.specifics == []
    assert result.vague


def test_scoring_ignores_case_and_curly_punctuation():
    shouted = GUIDE_STRONG_SECURITY.upper().replace("'", "\u2019").replace("-", "\u2013")
    question = QUESTIONS["data_security"]
    assert (
        score_answer(shouted, question=question).score
        == score_answer(GUIDE_STRONG_SECURITY, question=question).score
    )


def test_very_short_answer_scores_low_however_dense():
    result = score_answer("NDA, MFA, AES-256.", question=QUESTIONS["data_security"])
    assert result.score < 40


def test_empty_answer_scores_zero_is_vague_and_misses_every_element():
    labels = [e["label"] for e in QUESTIONS["data_security"]["elements"]]
    for answer in ("", "   \n ", None):
        result = score_answer(answer, question=QUESTIONS["data_security"])
        assert result == AnswerScore(score=0, vague=True, found=[], missing=labels, specifics=[])


# --- questionnaire-level functions --------------------------------------------------------------


def test_score_answers_scores_only_answered_questions_in_questionnaire_order():
    answers = {"references": "We have many happy clients.", "vetting_process": "We only hire the best."}
    results = score_answers(answers, questions=default_questions())
    assert list(results) == ["vetting_process", "references"]
    assert all(isinstance(r, AnswerScore) for r in results.values())


def test_unknown_question_key_raises_and_names_the_keys():
    with pytest.raises(UnknownQuestionError) as excinfo:
        score_answers({"vetting_process": "x", "favourite_colour": "blue"}, questions=default_questions())
    assert excinfo.value.keys == ("favourite_colour",)


def test_weighted_total_weights_each_question_and_counts_unanswered_as_zero():
    questions = [{"key": "a", "weight": 3}, {"key": "b", "weight": 1}, {"key": "c", "weight": 2}]
    # (3 * 80 + 1 * 50 + 2 * 0) / (3 + 1 + 2) = 290 / 6
    assert weighted_total({"a": 80, "b": 50}, questions=questions) == pytest.approx(48.3333, abs=1e-3)


def test_weighted_total_spans_zero_to_one_hundred_on_the_default_questionnaire():
    questions = default_questions()
    assert weighted_total({}, questions=questions) == 0.0
    assert weighted_total({q["key"]: 100 for q in questions}, questions=questions) == pytest.approx(100.0)


def test_weighted_total_rejects_unknown_keys_and_out_of_range_scores():
    questions = [{"key": "a", "weight": 1}]
    with pytest.raises(UnknownQuestionError):
        weighted_total({"b": 10}, questions=questions)
    with pytest.raises(ValueError):
        weighted_total({"a": 140}, questions=questions)


# --- the default questionnaire as data -----------------------------------------------------------


def test_default_questionnaire_has_every_required_question_and_is_json_serialisable():
    required = {
        "vetting_process",
        "data_security",
        "replacement_guarantee",
        "timezone_communication",
        "pricing_billing",
        "references",
        "conflicts_of_interest",
    }
    questions = default_questions()
    assert required <= {q["key"] for q in questions}
    assert json.loads(json.dumps(questions)) == questions
    for q in questions:
        assert q["text"] and q["help"] and q["weight"] > 0 and q["vague_markers"]
        assert all(e["key"] and e["label"] and e["patterns"] for e in q["elements"])


def test_security_and_vetting_weigh_most():
    weights = {q["key"]: q["weight"] for q in default_questions()}
    top = max(weights.values())
    assert weights["data_security"] == weights["vetting_process"] == top
    assert all(w < top for k, w in weights.items() if k not in {"data_security", "vetting_process"})


def test_every_default_pattern_is_a_valid_regex():
    for question in default_questions():
        assert invalid_patterns(question) == [], question["key"]


def test_default_questions_returns_a_copy_the_caller_can_edit():
    mine = default_questions()
    mine[0]["weight"] = 99
    mine[1]["elements"][0]["patterns"].append("anything at all")
    mine.pop()
    fresh = default_questions()
    assert fresh == DEFAULT_QUESTIONNAIRE
    assert fresh[0]["weight"] != 99
    assert "anything at all" not in fresh[1]["elements"][0]["patterns"]


# --- firm-edited templates --------------------------------------------------------------------------


def test_edited_template_is_scored_with_its_new_patterns():
    question = default_questions()[1]  # data_security
    answer = "Our reviewers sign a Bar Association secrecy pledge on day one."
    before = score_answer(answer, question=question)
    question["elements"][0]["patterns"].append("secrecy pledge")
    after = score_answer(answer, question=question)
    assert "NDA before access" not in before.found
    assert "NDA before access" in after.found


def test_phrase_that_is_not_a_valid_regex_is_matched_literally():
    question = {
        "key": "certs",
        "weight": 1,
        "elements": [{"key": "soc", "label": "SOC 2 report", "patterns": ["SOC 2 (Type II"]}],
        "vague_markers": [],
    }
    assert invalid_patterns(question) == ["SOC 2 (Type II"]
    result = score_answer("We hold a SOC 2 (Type II report from 2024.", question=question)
    assert result.found == ["SOC 2 report"]


def test_question_without_a_rubric_is_scored_on_concrete_detail():
    question = {"key": "insurance", "weight": 1, "elements": [], "vague_markers": ["fully covered"]}
    detailed = score_answer(
        "We carry $2,000,000 in E&O cover, renewed every 12 months since 2019.", question=question
    )
    fluffy = score_answer(
        "Don't worry, we're fully covered for anything that could happen.", question=question
    )
    assert detailed.score > fluffy.score
    assert fluffy.vague and not detailed.vague


# --- typed questions changed nothing for the stored free-text questionnaires ------------------------

BEFORE = json.loads(
    (Path(__file__).parent / "data" / "scores_before_typed_questions.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("group", ["pairs", "heldout"])
def test_every_labelled_answer_scores_exactly_as_before_typed_questions(group):
    answers = {"pairs": PAIRS, "heldout": HELDOUT}[group]
    changed = []
    for key, items in answers.items():
        for i, pair in enumerate(items):
            for side in ("strong", "weak"):
                r = score_answer(pair[side], question=QUESTIONS[key])
                now = [r.score, r.vague, r.found, r.missing, r.specifics]
                if now != BEFORE[group][key][i][side]:
                    changed.append(f"{key}[{i}].{side}: {BEFORE[group][key][i][side]} → {now}")
    assert sum(len(v) for v in answers.values()) * 2 >= 70
    assert not changed, "\n".join(changed)
