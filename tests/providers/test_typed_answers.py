"""A provider answers a typed, conditional questionnaire: what is saved, what is scored, what is refused."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from firmops.tenancy import firm_scope
from providers.models import Answer, Questionnaire, QuestionnaireTemplate
from providers.questionnaires.services import questionnaire_answer, questionnaire_send, template_create
from tests.providers.test_typed_questions import SOC2


@pytest.fixture
def typed_template(firm, ops):
    return template_create(firm=firm, actor=ops, name="Security first", questions=SOC2)


@pytest.fixture
def sent(firm, ops, platform, typed_template):
    questionnaire, _link = questionnaire_send(
        firm=firm, actor=ops, provider=platform, template=typed_template, notify=False
    )
    return questionnaire


GOOD = {
    "soc2": "yes",
    "soc2_report": "type2",
    "controls": ["mfa", "disk"],
    "response_hours": "3",
    "pentest": (datetime.date.today() - datetime.timedelta(days=30)).isoformat(),  # recent: scores 100
    "vetting": (
        "A background check through Checkr and two reference checks by phone, within 5 business days, "
        "before anyone sees a file."
    ),
}


def _answers(firm, questionnaire) -> dict[str, Answer]:
    with firm_scope(firm):
        return {a.question_key: a for a in Answer.objects.filter(questionnaire=questionnaire)}


def test_typed_answers_are_stored_as_values_and_read_as_words(firm, sent):
    questionnaire_answer(questionnaire=sent, answers=GOOD, submit=False, notify=False)
    saved = _answers(firm, sent)
    assert (saved["soc2"].value, saved["soc2"].text) == ("yes", "Yes")
    assert (saved["controls"].value, saved["controls"].text) == (
        ["mfa", "disk"],
        "Multi-factor authentication; Full-disk encryption",
    )
    assert (saved["response_hours"].value, saved["response_hours"].text) == (3, "3 hours")
    assert saved["vetting"].value is None and saved["vetting"].text.startswith("A background check")


def test_submitting_scores_each_shown_answer_with_its_breakdown_and_the_weighted_total(firm, sent):
    done = questionnaire_answer(questionnaire=sent, answers=GOOD, submit=True, notify=False)
    saved = _answers(firm, sent)
    scores = {k: a.score for k, a in saved.items()}
    assert scores["soc2"] == scores["soc2_report"] == scores["response_hours"] == 100
    assert scores["controls"] == 80 and scores["nda"] == 0  # no document: the optional file scores 0
    assert saved["nda"].breakdown["parts"] == [{"label": "No document provided", "points": 0}]
    assert saved["vetting"].breakdown["found"] == ["Background check", "Reference check"]
    weights = {q["key"]: q["weight"] for q in sent.questions}
    expected = sum(weights[k] * s for k, s in scores.items()) / sum(weights.values())
    assert done.total_score == Decimal(str(expected)).quantize(Decimal("0.01"))


def test_a_no_hides_the_follow_up_its_answer_is_dropped_and_its_weight_leaves_the_total(firm, sent):
    answers = {**GOOD, "soc2": "no"}  # the browser without script still sent "type2"
    done = questionnaire_answer(questionnaire=sent, answers=answers, submit=True, notify=False)
    saved = _answers(firm, sent)
    assert "soc2_report" not in saved
    weights = {q["key"]: q["weight"] for q in sent.questions if q["key"] != "soc2_report"}
    scores = {k: a.score for k, a in saved.items()}
    expected = sum(weights[k] * s for k, s in scores.items()) / sum(weights.values())
    assert done.total_score == Decimal(str(expected)).quantize(Decimal("0.01"))


def test_a_shown_follow_up_must_be_answered_to_submit(firm, sent):
    answers = {k: v for k, v in GOOD.items() if k != "soc2_report"}
    with pytest.raises(ValidationError) as refused:
        questionnaire_answer(questionnaire=sent, answers=answers, submit=True, notify=False)
    assert refused.value.messages == ["Please answer: Which SOC 2 report?"]


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("soc2_report", "type3", "“Which SOC 2 report?”: “type3” is not one of the choices offered"),
        ("response_hours", "400", "“Within how many hours do you answer an urgent request?”: give a number "),
        ("pentest", "31/02/2026", "“When was your last penetration test?”: “31/02/2026” is not a date"),
    ],
)
def test_a_bad_answer_is_named_and_nothing_of_the_request_is_saved(firm, sent, key, raw, message):
    questionnaire_answer(questionnaire=sent, answers=GOOD, submit=False, notify=False)
    before = {k: (a.text, a.value) for k, a in _answers(firm, sent).items()}
    changed = {**GOOD, "vetting": "A different answer that must not be saved.", key: raw}
    with pytest.raises(ValidationError) as refused:
        questionnaire_answer(questionnaire=sent, answers=changed, submit=False, notify=False)
    assert refused.value.message_dict[key][0].startswith(message)
    assert {k: (a.text, a.value) for k, a in _answers(firm, sent).items()} == before  # the draft is kept


def test_the_migration_marks_every_stored_question_as_free_text(firm, ops, platform):
    migration = importlib.import_module("providers.migrations.0006_typed_answers")
    questionnaire, _ = questionnaire_send(firm=firm, actor=ops, provider=platform, notify=False)
    template = template_create(firm=firm, actor=ops, name="Old style")
    untyped = [{k: v for k, v in q.items() if k != "type"} for q in questionnaire.questions]
    with firm_scope(firm):
        Questionnaire.objects.filter(pk=questionnaire.pk).update(questions=untyped)
        QuestionnaireTemplate.objects.filter(pk=template.pk).update(questions=untyped)

    class _Editor:
        pass

    editor = _Editor()
    editor.connection = connection
    migration.text_typed(None, editor)
    with firm_scope(firm):
        for model, pk in ((Questionnaire, questionnaire.pk), (QuestionnaireTemplate, template.pk)):
            stored = model.objects.get(pk=pk).questions
            assert [q["type"] for q in stored] == ["text"] * 7
            assert [{k: v for k, v in q.items() if k != "type"} for q in stored] == untyped
    migration.untyped(None, editor)
    with firm_scope(firm):
        assert Questionnaire.objects.get(pk=questionnaire.pk).questions == untyped


def test_the_api_gives_each_answer_its_value_and_breakdown_and_says_what_was_not_shown(
    firm, sent, client_for, ops
):
    questionnaire_answer(questionnaire=sent, answers={**GOOD, "soc2": "no"}, submit=True, notify=False)
    client = client_for(ops)
    scores = client.get(f"/api/v1/firms/avery/vetting/questionnaires/{sent.pk}/scores/").json()
    by_key = {a["question_key"]: a for a in scores["answers"]}
    assert by_key["soc2_report"]["shown"] is False and by_key["soc2_report"]["score"] is None
    assert by_key["soc2"]["breakdown"]["parts"] == [{"label": "Answered “No”", "points": 0}]
    vetting = by_key["vetting"]["breakdown"]
    assert vetting["found"] == ["Background check", "Reference check"]
    assert sum(p["points"] for p in vetting["parts"]) == by_key["vetting"]["score"]
    answers = client.get(f"/api/v1/firms/avery/vetting/answers/?questionnaire={sent.pk}").json()["results"]
    controls = next(a for a in answers if a["question_key"] == "controls")
    assert controls["value"] == ["mfa", "disk"] and controls["breakdown"]["parts"][0]["points"] == 80


def test_a_hidden_questions_answer_is_ignored_even_when_it_would_not_fit(firm, sent):
    answers = {**GOOD, "soc2": "no", "soc2_report": "not a choice at all"}
    done = questionnaire_answer(questionnaire=sent, answers=answers, submit=True, notify=False)
    assert done.submitted_at is not None
    assert "soc2_report" not in _answers(firm, sent)


def test_answers_scored_before_breakdowns_were_kept_are_explained_by_the_same_scorer(
    firm, ops, platform, client_for, substance
):
    questionnaire, _ = questionnaire_send(firm=firm, actor=ops, provider=platform, notify=False)
    questionnaire_answer(questionnaire=questionnaire, answers=substance, submit=True, notify=False)
    with firm_scope(firm):
        Answer.objects.filter(questionnaire=questionnaire).update(breakdown={})
    page = client_for(ops).get(f"/f/avery/vetting/questionnaires/{questionnaire.pk}/").content.decode()
    assert page.count("How the score of") == 7 and "Rubric items named:" in page


def test_answers_to_questions_the_questionnaire_does_not_have_are_refused_by_name(firm, sent):
    with pytest.raises(ValidationError) as refused:
        questionnaire_answer(
            questionnaire=sent, answers={"zodiac": "Leo", "colour": "blue"}, submit=False, notify=False
        )
    assert refused.value.messages == ["Unknown question(s): colour, zodiac."]
    assert _answers(firm, sent) == {}
