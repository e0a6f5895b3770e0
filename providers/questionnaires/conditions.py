"""Conditional questions: "Which SOC 2 report?" is shown only when "Do you hold SOC 2?" is answered Yes.

A question's `show_if` is {"question": <an earlier question's key>, "equals": <one of its choice keys>}.
The server decides what was shown from the answers themselves, so a hidden question's answer is ignored
whether or not the provider's browser ran the page's script, and a question that was not shown does not
count against the provider.
"""

from __future__ import annotations

from providers.questionnaires.types import CONDITION_TYPES, MULTI_CHOICE, TEXT, choices_of, question_type


def condition_met(controller: dict, value: object, equals: str) -> bool:
    """Whether the controlling question's answer has the value the condition names."""
    if question_type(controller) == MULTI_CHOICE:
        return isinstance(value, list) and equals in value
    return value == equals


def shown_keys(questions: list[dict], values: dict[str, object]) -> set[str]:
    """The keys of the questions a provider with these answers is asked (conditions only look back)."""
    by_key = {q["key"]: q for q in questions}
    shown: set[str] = set()
    for question in questions:
        rule = question.get("show_if")
        if not rule:
            shown.add(question["key"])
            continue
        controller = by_key.get(rule.get("question"))
        if controller is not None and controller["key"] in shown:
            if condition_met(controller, values.get(controller["key"]), rule.get("equals")):
                shown.add(question["key"])
    return shown


def stored_value(question: dict, answer) -> object:
    """An answer's value as scoring reads it: the text of free text, the typed value otherwise."""
    if answer is None:
        return None
    return answer.text if question_type(question) == TEXT else answer.value


def shown_questions(questions: list[dict], answers: dict) -> set[str]:
    """The questions a provider with these saved answers was asked."""
    return shown_keys(questions, {q["key"]: stored_value(q, answers.get(q["key"])) for q in questions})


def condition_text(questions: list[dict], question: dict) -> str:
    """The condition in words, for the provider and the editor: 'Answer if “Do you hold SOC 2?” is Yes'."""
    rule = question.get("show_if")
    if not rule:
        return ""
    controller = next((q for q in questions if q["key"] == rule.get("question")), None)
    if controller is None:
        return ""
    label = next((c["label"] for c in choices_of(controller) if c["key"] == rule.get("equals")), "")
    verb = "includes" if question_type(controller) == MULTI_CHOICE else "is"
    return f"Only if the answer to “{controller['text']}” {verb} “{label}”"


def condition_problems(questions: list[dict]) -> list[str]:
    """What is wrong with the conditions of an ordered list of questions (each names the question)."""
    problems = []
    seen: dict[str, dict] = {}
    for i, question in enumerate(questions):
        rule = question.get("show_if")
        where = f"questions[{i}] (“{str(question.get('text', ''))[:60]}”)"
        if rule:
            controller = seen.get(rule.get("question"))
            if controller is None:
                problems.append(
                    f"{where} is shown only after an answer to {rule.get('question')!r}, which must be an "
                    "earlier question of this questionnaire."
                )
            elif question_type(controller) not in CONDITION_TYPES:
                problems.append(
                    f"{where} depends on “{controller['text'][:60]}”: only yes/no and choice questions can "
                    "show or hide another question."
                )
            elif rule.get("equals") not in {c["key"] for c in choices_of(controller)}:
                problems.append(
                    f"{where} depends on an answer “{rule.get('equals')}” that “{controller['text'][:60]}” "
                    "does not offer."
                )
        if isinstance(question.get("key"), str):
            seen[question["key"]] = question
    return problems
