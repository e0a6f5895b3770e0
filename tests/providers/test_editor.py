"""The questionnaire editor ops use: questions built, reordered and tried in forms, no JSON, no regex."""

import pytest

from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.models import Answer, QuestionnaireTemplate
from providers.questionnaires.questions import builtin_questions
from providers.questionnaires.scoring import score_answer
from providers.questionnaires.services import template_create
from tests.providers.form_pages import form_data
from tests.providers.test_scoring import PAIRS

BASE = "/f/avery/vetting/templates"


@pytest.fixture
def copy(firm, ops):
    """A firm's copy of the built-in questionnaire."""
    return template_create(firm=firm, actor=ops, name="Avery vetting")


def _stored(firm, template) -> list[dict]:
    with firm_scope(firm):
        return QuestionnaireTemplate.objects.get(pk=template.pk).questions


def _add(client, template, kind: str, **fields):
    """Open "Add a question" for a type, fill the form as the page offers it, and save."""
    page = client.get(f"{BASE}/{template.pk}/questions/new/?type={kind}").content.decode()
    return client.post(f"{BASE}/{template.pk}/questions/new/", form_data(page, "text", **fields))


def _add_soc2(client, template):
    """A yes/no question and the follow-up asked only after a Yes."""
    _add(client, template, "yes_no", text="Do you hold a SOC 2 report?")
    return _add(
        client,
        template,
        "choice",
        text="Which SOC 2 report?",
        show_if="do_you_hold_a_soc_2_report=yes",
        **{"choices-0-label": "SOC 2 Type II", "choices-0-score": "100"},
        **{"choices-1-label": "SOC 2 Type I", "choices-1-score": "40"},
    )


def test_ops_builds_yes_no_choice_file_and_free_text_questions_in_forms(firm, ops, client_for, copy):
    client = client_for(ops)
    saved = _add(client, copy, "yes_no", text="Do you hold a SOC 2 report?", weight="2", no_score="10")
    assert saved.status_code == 302 and saved["Location"].endswith("#q-do_you_hold_a_soc_2_report")
    _add(
        client,
        copy,
        "choice",
        text="Which SOC 2 report?",
        show_if="do_you_hold_a_soc_2_report=yes",
        **{"choices-0-label": "SOC 2 Type II", "choices-0-score": "100"},
        **{"choices-1-label": "SOC 2 Type I", "choices-1-score": "40"},
    )
    _add(client, copy, "file", text="Upload your insurance certificate.", document_kind="liability_insurance")
    _add(
        client,
        copy,
        "text",
        text="How do you screen your people?",
        vague_phrases="best practices\nrigorous process",
        **{"rubric-0-label": "Background check", "rubric-1-label": "Reference check"},
        **{"rubric-1-phrases": "referees called\nreferences verified"},
    )
    added = _stored(firm, copy)[7:]
    assert [q["type"] for q in added] == ["yes_no", "choice", "file", "text"]
    assert added[0]["choices"][1] == {"key": "no", "label": "No", "score": 10} and added[0]["weight"] == 2
    assert added[1]["show_if"] == {"question": "do_you_hold_a_soc_2_report", "equals": "yes"}
    assert [(c["label"], c["score"]) for c in added[1]["choices"]] == [
        ("SOC 2 Type II", 100),
        ("SOC 2 Type I", 40),
    ]
    assert added[2]["document_kind"] == "liability_insurance"
    assert added[3]["elements"] == [
        {
            "key": "background_check",
            "label": "Background check",
            "patterns": [],
            "phrases": ["Background check"],
        },
        {
            "key": "reference_check",
            "label": "Reference check",
            "patterns": [],
            "phrases": ["referees called", "references verified"],
        },
    ]
    assert added[3]["vague_phrases"] == ["best practices", "rigorous process"]
    page = client.get(f"{BASE}/{copy.pk}/").content.decode()
    assert "Only if the answer to “Do you hold a SOC 2 report?” is “Yes”" in page


def test_ops_previews_the_questionnaire_and_tries_an_answer_before_sending(firm, ops, client_for, copy):
    client = client_for(ops)
    _add_soc2(client, copy)
    preview = client.get(f"{BASE}/{copy.pk}/preview/").content.decode()
    assert 'type="radio" name="do_you_hold_a_soc_2_report" value="yes"' in preview
    assert 'data-show-if="do_you_hold_a_soc_2_report" data-show-if-value="yes"' in preview
    keys = [q["key"] for q in _stored(firm, copy)]
    answers = {k: "" for k in keys} | {
        "vetting_process": PAIRS["vetting_process"][0]["strong"],
        "do_you_hold_a_soc_2_report": "no",
        "which_soc_2_report": "soc_3",  # sent anyway by a browser without script: ignored, even not offered
    }
    tried = client.post(f"{BASE}/{copy.pk}/preview/", answers).content.decode()
    assert "Scores of these answers" in tried and "not shown: does not count" in tried
    assert "Rubric items named: 5 of 5" in tried  # the breakdown of the strong vetting answer
    expected = score_answer(PAIRS["vetting_process"][0]["strong"], question=builtin_questions()[0]).score
    assert f'<span class="score score-hi">{expected}</span>' in tried
    with firm_scope(firm):
        assert not Answer.objects.exists()  # trying answers saves nothing


def test_a_bad_answer_in_the_preview_is_named_with_its_question(ops, client_for, copy):
    client = client_for(ops)
    _add(client, copy, "number", text="How many hours of overlap a day?", min="0", max="12", unit="hours")
    tried = client.post(f"{BASE}/{copy.pk}/preview/", {"how_many_hours_of_overlap_a_day": "30"})
    assert "How many hours of overlap a day?: Give a number from 0 to 12." in tried.content.decode()


def test_a_question_moves_up_and_down_but_never_above_what_it_depends_on(firm, ops, client_for, copy):
    client = client_for(ops)
    _add_soc2(client, copy)
    client.post(f"{BASE}/{copy.pk}/questions/do_you_hold_a_soc_2_report/move/", {"direction": "up"})
    keys = [q["key"] for q in _stored(firm, copy)]
    assert keys[-3:] == ["do_you_hold_a_soc_2_report", "conflicts_of_interest", "which_soc_2_report"]
    client.post(f"{BASE}/{copy.pk}/questions/which_soc_2_report/move/", {"direction": "up"})
    order = ["do_you_hold_a_soc_2_report", "which_soc_2_report", "conflicts_of_interest"]
    assert [q["key"] for q in _stored(firm, copy)][-3:] == order
    refused = client.post(
        f"{BASE}/{copy.pk}/questions/which_soc_2_report/move/", {"direction": "up"}, follow=True
    )
    assert "is shown only after an answer to" in refused.content.decode()
    assert [q["key"] for q in _stored(firm, copy)][-3:] == order  # unchanged
    removed = client.post(f"{BASE}/{copy.pk}/questions/do_you_hold_a_soc_2_report/delete/", follow=True)
    assert "cannot go while these questions depend on its answer: “Which SOC 2 report?”" in (
        removed.content.decode()
    )


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("yes_no", {"weight": "heavy"}, "Weight: Enter a number."),
        ("choice", {"choices-0-label": "Only one", "choices-0-score": "5"}, "needs at least two choices"),
        ("choice", {"choices-0-label": "A", "choices-0-score": "120"}, "less than or equal to 100"),
        (
            "text",
            {"rubric-0-label": "NDA", "rubric-0-phrases": "!!!"},
            "Item 1: “!!!” needs at least one letter",
        ),
        ("file", {}, "Choose the document a file question asks for."),
        ("number", {"min": "10", "max": "2"}, "The largest allowed number is below the smallest."),
    ],
)
def test_a_bad_question_is_refused_with_a_message_naming_the_field(
    firm, ops, client_for, copy, kind, fields, message
):
    response = _add(client_for(ops), copy, kind, text="A question", **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(_stored(firm, copy)) == 7  # nothing saved


def test_a_built_in_question_saved_unchanged_through_the_form_scores_exactly_the_same(
    firm, ops, client_for, copy
):
    client = client_for(ops)
    for question in builtin_questions():
        page = client.get(f"{BASE}/{copy.pk}/questions/{question['key']}/").content.decode()
        assert (
            client.post(f"{BASE}/{copy.pk}/questions/{question['key']}/", form_data(page, "text")).status_code
            == 302
        )
    stored = {q["key"]: q for q in _stored(firm, copy)}
    for key, pairs in PAIRS.items():
        for pair in pairs[:5]:
            for side in ("strong", "weak"):
                builtin = {q["key"]: q for q in builtin_questions()}[key]
                assert score_answer(pair[side], question=stored[key]) == score_answer(
                    pair[side], question=builtin
                )


def test_unticking_the_built_in_wordings_leaves_the_item_to_its_phrases(firm, ops, client_for, copy):
    client = client_for(ops)
    page = client.get(f"{BASE}/{copy.pk}/questions/data_security/").content.decode()
    data = form_data(page, "text", **{"rubric-0-phrases": "secrecy pledge"})
    data.pop("rubric-0-keep_patterns")
    client.post(f"{BASE}/{copy.pk}/questions/data_security/", data)
    item = next(q for q in _stored(firm, copy) if q["key"] == "data_security")["elements"][0]
    assert (item["label"], item["patterns"], item["phrases"]) == ("NDA before access", [], ["secrecy pledge"])
    question = next(q for q in _stored(firm, copy) if q["key"] == "data_security")
    assert (
        "NDA before access"
        in score_answer("Each reviewer signs our Secrecy Pledges.", question=question).found
    )


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL])
def test_attorneys_and_paralegals_read_and_preview_templates_but_cannot_edit(
    firm, members, client_for, copy, role
):
    client = client_for(members[role])
    page = client.get(f"{BASE}/{copy.pk}/").content.decode()
    assert "Walk us through your vetting process" in page and "Add a question" not in page
    assert client.get(f"{BASE}/{copy.pk}/preview/").status_code == 200
    assert client.get(f"{BASE}/{copy.pk}/questions/new/?type=text").status_code == 403
    assert client.post(f"{BASE}/{copy.pk}/questions/vetting_process/delete/").status_code == 403
    assert len(_stored(firm, copy)) == 7
