"""Vetting: scoring speed (the submit path and `score_answers`) and the comparison with many providers.

Runs in a scratch test database (created and dropped here). BENCH_PROVIDERS_N sets how many
providers are compared (default 20); BENCH_PROVIDERS_RUNS the measured repetitions (default 5).
"""

from __future__ import annotations

import os
import statistics
import time

TITLE = "Vetting: answer scoring and provider comparison"
N = int(os.environ.get("BENCH_PROVIDERS_N", "20"))
RUNS = int(os.environ.get("BENCH_PROVIDERS_RUNS", "5"))


def _median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm-up: compiled rubric patterns, query plans
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _measure() -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from firmops.engagements.services import engagement_create
    from firmops.models import Firm, Role, User
    from firmops.services import membership_set
    from firmops.tenancy import firm_scope
    from providers.demo import BUZZWORDS, SUBSTANCE
    from providers.models import Provider
    from providers.questionnaires.questions import builtin_questions
    from providers.questionnaires.scoring import score_answers
    from providers.questionnaires.services import MAX_ANSWER_CHARS, questionnaire_answer, questionnaire_send
    from providers.selection.selectors import comparison

    questions = builtin_questions()
    per_set = _median_ms(lambda: score_answers(SUBSTANCE, questions=questions))
    longest = {k: (v + " ") * (MAX_ANSWER_CHARS // (len(v) + 1)) for k, v in SUBSTANCE.items()}
    per_long = _median_ms(lambda: score_answers(longest, questions=questions))

    firm = Firm.objects.create(name="Bench Vetting LLP", slug="bench-vetting", time_zone="America/Chicago")
    partner = User.objects.create_user("partner@bench-vetting.test", "x")
    membership_set(firm=firm, user=partner, role=Role.PARTNER)
    engagement = engagement_create(firm=firm, actor=partner, name="Bench engagement")
    submit_times = []
    with firm_scope(firm):
        for i in range(N):
            provider = Provider.objects.create(
                firm=firm,
                engagement=engagement,
                name=f"Provider {i:02}",
                model="talent_platform",
                contact_email="p@x.test",
            )
            questionnaire, _ = questionnaire_send(firm=firm, actor=partner, provider=provider, notify=False)
            start = time.perf_counter()
            questionnaire_answer(
                questionnaire=questionnaire,
                answers=SUBSTANCE if i % 2 else BUZZWORDS,
                submit=True,
                notify=False,
            )
            submit_times.append(time.perf_counter() - start)
        compare_ms = _median_ms(lambda: comparison(firm=firm, engagement=engagement))
        with CaptureQueriesContext(connection) as queries:
            comparison(firm=firm, engagement=engagement)
    return (
        f"Built-in questionnaire ({len(questions)} questions); median of {RUNS} runs after a warm-up.\n\n"
        "| step | median ms |\n|---|---:|\n"
        "| Score one provider's 7 answers (typical length, as on submit and in `score_answers`) | "
        f"{per_set:,.1f} |\n"
        f"| Score 7 answers at the {MAX_ANSWER_CHARS:,}-character limit (worst case a link accepts) | "
        f"{per_long:,.1f} |\n"
        f"| Submit through the service: save, score, total (median over {N} providers) "
        f"| {statistics.median(submit_times) * 1000:,.1f} |\n"
        f"| Comparison of {N} providers × 7 questions (selector, {len(queries)} queries) | "
        f"{compare_ms:,.1f} |\n"
    )


def run() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":  # a name of our own: other benches and test runs share the server
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_firmops_bench_providers"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
