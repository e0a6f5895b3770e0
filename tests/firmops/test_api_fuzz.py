"""Schemathesis against /api/schema/: every operation, generated requests, no 5xx, no answer off the schema.

What runs (docs/security.md §3 has the figures):
- every operation: FUZZ_CASES generated cases (positive and negative), as one role per operation —
  roles rotate over the operation list so each role fuzzes a fifth of the operations — against a data
  set with one object of each API model in the firm; path ids point at those objects (or are generated);
- every operation × every role: FUZZ_CASES_PER_ROLE more cases, so each role meets each operation;
- every operation × (no credentials, a forged session, a member of another firm): refused, nothing changed.
Each case runs in a savepoint that is rolled back, so every case meets the same data.
"""

from __future__ import annotations

import os
import traceback
import warnings

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from firmops.models import Role
from firmops.tenancy import firm_owned_models, firm_scope
from tests.firmops.fuzz_support import (
    HOME,
    api_schema,
    bad_session_cookie,
    build_dataset,
    model_of,
    session_cookie,
    wsgi_app,
)

FUZZ_CASES = int(os.environ.get("FIRMOPS_FUZZ_CASES", "100"))
FUZZ_CASES_PER_ROLE = int(os.environ.get("FIRMOPS_FUZZ_CASES_PER_ROLE", "0"))
ROLES = list(Role.values)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

SCHEMA = schemathesis.openapi.from_dict(api_schema())
SCHEMA.app = wsgi_app()
OPERATIONS = {op.label: op for op in (r.ok() for r in SCHEMA.get_all_operations())}
LABELS = sorted(OPERATIONS)


def _fixed_path(op, data) -> dict:
    """Path parameters naming the home firm and, for ids, the data set's object of the path's model."""
    fixed = {"firm_slug": HOME}
    names = {p.name for p in op.path_parameters}
    if "engagement_id" in names:
        fixed["engagement_id"] = data.engagement_id
    if "id" in names:
        probe = op.path.replace("{firm_slug}", HOME).replace("{engagement_id}", "1").replace("{id}", "1")
        model = model_of("/api/v1" + probe.split("/api/v1", 1)[-1])
        assert model in data.ids, f"{op.label}: no object of {model} in the fuzz data set"
        fixed["id"] = data.ids[model]
    return fixed


def _strategy(op, data, cookie: str):
    fixed = _fixed_path(op, data)
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for path in (fixed, {"firm_slug": HOME}):
            try:
                strategies.append(
                    op.as_strategy(generation_mode=mode, path_parameters=path, cookies={"sessionid": cookie})
                )
            except Exception:  # some operations have nothing to negate
                continue
    return st.one_of(strategies)


def _run(op, data, role: str, cases: int) -> None:
    cookie = session_cookie(data.users[role])
    app = wsgi_app()

    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(op, data, cookie))
    def fuzz(case):
        app.last_exception = None
        with transaction.atomic():
            response = case.call()
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:
            if app.last_exception:
                exc.add_note("".join(traceback.format_exception(*app.last_exception))[-3000:])
            exc.add_note(f"as {role}")
            raise

    fuzz()


@pytest.mark.needs_postgres  # the CI's PostgreSQL pass runs it (psycopg is where NUL and overflow bite)
@pytest.mark.parametrize("label", LABELS)
def test_generated_requests_get_no_server_error_and_answers_match_the_schema(label, db):
    data = build_dataset()
    op = OPERATIONS[label]
    role = ROLES[LABELS.index(label) % len(ROLES)]
    _run(op, data, role, FUZZ_CASES)
    if FUZZ_CASES_PER_ROLE:
        for other in ROLES:
            if other != role:
                _run(op, data, other, FUZZ_CASES_PER_ROLE)


def _snapshot(data) -> dict:
    rows = {}
    for firm in (data.firm, data.other):
        with firm_scope(firm):
            rows |= {f"{firm.slug}:{m._meta.label}": m.objects.count() for m in firm_owned_models()}
    return rows


def _example(op, data):
    """One valid-looking request of the operation, aimed at the data set's objects."""
    with warnings.catch_warnings():  # .example() outside @given is what we want here: one request
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        return op.as_strategy(path_parameters=_fixed_path(op, data)).example()


@pytest.mark.parametrize("label", LABELS)
def test_every_operation_refuses_missing_forged_and_other_firm_credentials(label, db):
    """No session, a forged session cookie, or a partner of another firm: refused, and nothing changes."""
    data = build_dataset()
    op = OPERATIONS[label]
    case = _example(op, data)
    before = _snapshot(data)
    answers = {}
    for who, cookie in (
        ("anonymous", None),
        ("forged session", bad_session_cookie()),
        ("other firm's partner", session_cookie(data.outsider)),
    ):
        case.cookies = {"sessionid": cookie} if cookie else {}
        response = case.call()
        answers[who] = response.status_code
    assert answers["anonymous"] in (401, 403), answers
    assert answers["forged session"] in (401, 403), answers
    if "{firm_slug}" in op.path:
        assert answers["other firm's partner"] == 404, answers  # the same answer as for no such firm
    else:  # the signed-in user's own firms: theirs, never the home firm
        assert answers["other firm's partner"] == 200 and data.firm.name not in response.text, answers
    assert _snapshot(data) == before
