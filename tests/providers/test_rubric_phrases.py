"""Rubric phrases ops type in the editor find the wordings providers actually write, and no more."""

import re

import pytest

from providers.questionnaires.rubric import phrase_problem, phrase_regex


def _finds(phrase: str, text: str) -> bool:
    return re.search(phrase_regex(phrase), text.lower()) is not None


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("background check", "We run Background Checks on everyone."),
        ("background check", "Each hire is background-checked."),
        ("background check", "Background screening by Checkr."),
        ("reference check", "Two reference checks by phone."),
        ("reference check", "We do reference verification for each placement."),
        ("NDA", "Everyone signs a non-disclosure agreement on day one."),
        ("NDA", "Confidentiality agreements are signed before access."),
        ("NDAs", "An NDA is signed first."),
        ("two-factor authentication", "MFA is enforced on every account."),
        ("two-factor authentication", "We require 2FA."),
        ("vetted", "Our vetting takes a week."),
        ("skills test", "A timed skills assessment on Bluebook citation."),
        ("e-mail", "Reach us by email."),
        ("penetration test", "Annual penetration testing by an outside firm."),
        ("24/7", "Support around the clock."),
        ("company", "Several companies use us."),
    ],
)
def test_a_phrase_finds_its_common_wordings(phrase, text):
    assert _finds(phrase, text)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("background check", "We look at their background."),  # half a phrase is not the phrase
        ("reference check", "Checks and references"),  # word order is kept
        ("test", "A testimony from a client."),  # a longer word is another word
        ("NDA", "The agenda is shared."),
        ("sso", "ssolutions"),
    ],
)
def test_a_phrase_does_not_find_what_it_does_not_say(phrase, text):
    assert not _finds(phrase, text)


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("", "must be non-blank text"),
        ("   ", "must be non-blank text"),
        ("!!!", "needs at least one letter or digit"),
        ("one two three four five six seven eight nine", "has more than 8 words"),
        ("x" * 121, "is longer than 120 characters"),
        (None, "must be non-blank text"),
    ],
)
def test_a_phrase_that_cannot_be_used_says_why(phrase, problem):
    assert problem in phrase_problem(phrase)


def test_a_phrase_with_regex_characters_is_taken_literally():
    assert _finds("SOC 2 (Type II", "We hold a soc 2 (type ii report.")
    assert not _finds("a.b", "axb")
