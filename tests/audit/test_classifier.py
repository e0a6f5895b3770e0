"""Behaviour of audit.classifier as a partner reading the self-audit would notice it."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from audit.classifier import (
    BUCKETS,
    CATEGORIES,
    Classification,
    OverrideRule,
    category_label,
    classify,
    classify_many,
    pattern_key,
)

DATA = Path(__file__).parent / "data"
REPO_ROOT = Path(__file__).resolve().parents[2]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _accuracy(name: str) -> tuple[float, float, list[str]]:
    """Bucket accuracy, category accuracy and a printable line per miss."""
    rows = _rows(name)
    bucket_hits = category_hits = 0
    misses: list[str] = []
    for row in rows:
        got = classify(row["description"])
        bucket_hits += got.bucket == row["bucket"]
        category_hits += got.category == row["category"]
        if got.bucket != row["bucket"] or got.category != row["category"]:
            misses.append(
                f"{row['description']!r}: want {row['bucket']}/{row['category']}, "
                f"got {got.bucket}/{got.category} ({got.reason})"
            )
    return bucket_hits / len(rows), category_hits / len(rows), misses


def _report(misses: list[str]) -> str:
    text = "misclassified:\n  " + "\n  ".join(misses)
    print(text)  # shown by pytest on failure even if the assert message is cut
    return text


# --- accuracy on data the word lists were tuned on, and on data they never saw ----------


def test_labelled_set_is_large_varied_and_at_least_a_quarter_core():
    rows = _rows("labelled_tasks.csv")
    assert len(rows) >= 170
    assert sum(r["bucket"] == "core" for r in rows) / len(rows) >= 0.25
    assert {r["category"] for r in rows} == set(CATEGORIES)
    for row in rows:
        assert row["bucket"] == CATEGORIES[row["category"]].default_bucket, row


def test_labelled_set_bucket_accuracy_is_at_least_98_percent():
    bucket, _, misses = _accuracy("labelled_tasks.csv")
    assert bucket >= 0.98, _report(misses)


def test_labelled_set_category_accuracy_is_at_least_96_percent():
    _, category, misses = _accuracy("labelled_tasks.csv")
    assert category >= 0.96, _report(misses)


def test_heldout_set_has_sixty_rows_of_known_categories():
    rows = _rows("heldout_tasks.csv")
    assert len(rows) == 60
    assert all(r["category"] in CATEGORIES for r in rows)
    labelled = {r["description"].lower() for r in _rows("labelled_tasks.csv")}
    assert not [r for r in rows if r["description"].lower() in labelled]


# Written after tuning stopped and never tuned on; first (and recorded) run: 59/60 on both.
def test_heldout_set_bucket_accuracy_is_at_least_95_percent():
    bucket, _, misses = _accuracy("heldout_tasks.csv")
    assert bucket >= 0.95, _report(misses)


def test_heldout_set_category_accuracy_is_at_least_95_percent():
    _, category, misses = _accuracy("heldout_tasks.csv")
    assert category >= 0.95, _report(misses)


# --- the wording people actually type ------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("Drafted RFPs and rogs for Smith v. Jones", "discovery_drafting"),
        ("prepared RFAs", "discovery_drafting"),
        ("depo of Dr. Lee", "depositions"),
        ("prepared TOA and TOC", "cite_checking"),
        ("court appearance on MSJ", "court_appearance"),
        ("oral argument on MTD", "court_appearance"),
        ("research re SOL", "legal_research"),
        ("sent HIPAA auth to provider", "records_requests"),
        ("drafted subp for employment records", "records_requests"),
        ("e-file opposition", "e_filing"),
        ("efile opposition", "e_filing"),
        ("filed answer through ECF", "e_filing"),
        ("left vm for clt", "correspondence"),
    ],
)
def test_abbreviations_are_read_as_the_task_they_stand_for(description, category):
    assert classify(description).category == category


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("summarizd depo transcript", "deposition_summaries"),
        ("sumarize depositon of plaintiff", "deposition_summaries"),
        ("drafted interogatories", "discovery_drafting"),
        ("reveiwed medcial records and updated chronology", "medical_summaries"),
        ("calender deadlines", "calendar_scheduling"),
        ("negociated settlment with adjuster", "negotiation"),
        ("atended hearing", "court_appearance"),
        ("subpena for records", "records_requests"),
    ],
)
def test_typos_still_land_in_the_right_category(description, category):
    assert classify(description).category == category


@pytest.mark.parametrize("verb", ["draft", "drafts", "drafted", "drafting", "Drafting", "DRAFTED"])
def test_tense_and_case_do_not_change_the_category(verb):
    assert classify(f"{verb} motion to compel").category == "document_drafting"


def test_plurals_and_punctuation_do_not_change_the_category():
    forms = [
        "summarized deposition",
        "summarized depositions.",
        "Summarized -- deposition!!",
        "(summarized) depo's",
    ]
    assert {classify(f).category for f in forms} == {"deposition_summaries"}


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("court appearance on MSJ", "court_appearance"),
        ("argued motion in limine", "court_appearance"),
        ("strategy meeting re trial themes", "case_strategy"),
        ("negotiated settlement with opposing counsel", "negotiation"),
        ("attended mediation", "negotiation"),
        ("advised client on settlement options", "legal_advice"),
        ("took deposition of plaintiff", "depositions"),
        ("defended depo", "depositions"),
        ("prepped client for depo", "witness_prep"),
        ("reviewed and signed discovery responses", "attorney_signoff"),
    ],
)
def test_work_that_needs_a_licensed_attorney_is_core(description, category):
    result = classify(description)
    assert (result.bucket, result.category) == ("core", category)


@pytest.mark.parametrize(
    ("description", "bucket", "category"),
    [
        ("summarized deposition", "outsourceable", "deposition_summaries"),
        ("prepared outline for deposition", "outsourceable", "deposition_prep"),
        ("took deposition of plaintiff", "core", "depositions"),
        ("defended depo of our client", "core", "depositions"),
        ("Research memo on statute of limitations", "outsourceable", "legal_research"),
        ("advised client on settlement options", "core", "legal_advice"),
        ("drafted settlement agreement", "outsourceable", "document_drafting"),
        ("scheduled depo with court reporter", "outsourceable", "calendar_scheduling"),
    ],
)
def test_context_around_a_shared_word_decides_the_bucket(description, bucket, category):
    result = classify(description)
    assert (result.bucket, result.category) == (bucket, category)


def test_text_with_no_task_words_is_other_with_low_confidence():
    result = classify("misc")
    assert result.category == "other"
    assert result.bucket == "outsourceable"
    assert result.confidence < 0.3


def test_clear_entries_are_more_confident_than_vague_ones():
    clear = classify("summarized deposition transcript of Dr. Lee")
    vague = classify("reviewed")
    assert 0.0 <= vague.confidence < clear.confidence <= 1.0


# --- reasons ------------------------------------------------------------------------------------


def test_reason_quotes_the_deciding_word_the_category_label_and_the_bucket():
    result = classify("e-filed the motion")
    assert result.reason == "'e-filed' → E-filing & service → outsourceable"


def test_reason_quotes_a_misspelt_word_as_it_was_typed():
    result = classify("summarizd depo transcript")
    assert "'summarizd'" in result.reason
    assert result.reason.endswith("→ Deposition summaries → outsourceable")


def test_reason_for_core_work_says_core():
    assert classify("took deposition of plaintiff").reason.endswith("→ core")


# --- partner overrides ---------------------------------------------------------------------------


def test_pattern_key_drops_names_numbers_and_stop_words():
    assert pattern_key("E-filed the motion in Smith matter on 3/4/2024") == "efil motion"
    assert pattern_key("efiling motion for Jones") == "efil motion"
    assert pattern_key("   ") == ""


def test_override_follows_later_entries_with_the_same_signature():
    rule = OverrideRule(
        pattern=pattern_key("E-filed the motion in Smith matter"),
        bucket="core",
        category="e_filing",
        label="partner override by jane@firm.test",
    )
    result = classify("efiling motion for Jones", rules=[rule])
    assert result == Classification(
        bucket="core",
        category="e_filing",
        reason=(
            "matches override 'efil motion' (partner override by jane@firm.test) → E-filing & service → core"
        ),
        confidence=1.0,
        overridden=True,
    )


def test_override_does_not_touch_entries_missing_one_of_its_words():
    rule = OverrideRule(pattern="efil motion", bucket="core", category="e_filing")
    result = classify("e-filed the complaint", rules=[rule])
    assert not result.overridden
    assert result.bucket == "outsourceable"


def test_most_specific_matching_override_wins_whatever_its_position():
    broad = OverrideRule(pattern="efil", bucket="core", category="e_filing", label="broad")
    narrow = OverrideRule(
        pattern="efil motion", bucket="outsourceable", category="data_entry", label="narrow"
    )
    result = classify("e-filed the motion", rules=[broad, narrow])
    assert (result.category, result.bucket) == ("data_entry", "outsourceable")
    assert "(narrow)" in result.reason


def test_first_given_override_wins_a_tie():
    first = OverrideRule(pattern="efil motion", bucket="core", category="e_filing", label="first")
    second = OverrideRule(pattern="efil motion", bucket="outsourceable", category="other", label="second")
    assert "(first)" in classify("efiled motion", rules=[first, second]).reason


def test_empty_override_pattern_matches_nothing():
    rule = OverrideRule(pattern="", bucket="core", category="court_appearance")
    result = classify("e-filed the motion", rules=[rule])
    assert not result.overridden
    assert result.category == "e_filing"


def test_override_rule_with_an_unknown_bucket_is_refused():
    with pytest.raises(ValueError):
        OverrideRule(pattern="efil", bucket="maybe", category="e_filing")


def test_classify_many_applies_the_same_overrides_to_every_entry():
    rule = OverrideRule(pattern="efil motion", bucket="core", category="e_filing")
    results = classify_many(["e-filed motion", "efiling the motion for Lee", "summarized depo"], rules=[rule])
    assert [r.overridden for r in results] == [True, True, False]
    assert results[2] == classify("summarized depo")


# --- input edges ------------------------------------------------------------------------------


@pytest.mark.parametrize("description", ["", "   ", "\n\t"])
def test_empty_description_is_refused(description):
    with pytest.raises(ValueError, match="description is empty"):
        classify(description)


def test_very_long_description_is_judged_on_its_opening():
    description = "e-filed the motion " + "lorem ipsum dolor " * 600 + " took deposition of plaintiff"
    assert len(description) > 10_000
    assert classify(description).category == "e_filing"


# --- taxonomy ----------------------------------------------------------------------------------


def test_every_category_has_a_label_and_a_known_bucket():
    assert BUCKETS == ("core", "outsourceable")
    for slug, category in CATEGORIES.items():
        assert category.slug == slug
        assert category.label and category.default_bucket in BUCKETS
        assert category_label(slug) == category.label
    assert CATEGORIES["other"].default_bucket == "outsourceable"


def test_unknown_category_label_falls_back_to_the_slug():
    assert category_label("retired_category") == "retired_category"


def test_classifier_imports_without_django():
    code = "import sys, audit.classifier; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)
