"""Schemathesis against /api/schema/: every operation, generated requests, no 5xx, no answer off the schema.

What runs (docs/security.md §3 has the figures):
- every operation × every role: FUZZ_CASES generated cases (positive and negative), each case sent once as
  each of the five roles, against a data set with one object of each API model in the firm; path ids
  point at those objects (or are generated). Generating a case costs more than sending it, so each case
  is drawn once and sent five times; one test per operation lets pytest-xdist spread them;
- every operation × (no credentials, a forged session, a member of another firm): refused, nothing changed.
Each request runs in a savepoint that is rolled back, so every request meets the same data.
"""

from __future__ import annotations

import os
import traceback
import warnings

import pytest
import schemathesis
from django.db import transaction
from django.urls import resolve
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
from tests.firmops.role_matrix import route_matrix

FUZZ_CASES = int(os.environ.get("FIRMOPS_FUZZ_CASES", "100"))
ROLES = list(Role.values)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
REFUSED = {403, 404}
MALFORMED = {400, 413, 415}
MATRIX = route_matrix()  # docs/roles.md: route name → method → role → allowed?

SCHEMA = schemathesis.openapi.from_dict(api_schema())
SCHEMA.app = wsgi_app()
OPERATIONS = {op.label: op for op in (r.ok() for r in SCHEMA.get_all_operations())}
LABELS = sorted(OPERATIONS)


def _probe(op) -> str:
    """The operation's path with sample values, for resolving it to its route."""
    path = op.path.replace("{firm_slug}", HOME).replace("{engagement_id}", "1").replace("{id}", "1")
    return "/api/v1" + path.split("/api/v1", 1)[-1]


def _fixed_path(op, data) -> dict:
    """Path parameters naming the home firm and, for ids, the data set's object of the path's model."""
    fixed = {"firm_slug": HOME}
    names = {p.name for p in op.path_parameters}
    if "engagement_id" in names:
        fixed["engagement_id"] = data.engagement_id
    if "id" in names:
        model = model_of(_probe(op))
        assert model in data.ids, f"{op.label}: no object of {model} in the fuzz data set"
        fixed["id"] = data.ids[model]
    return fixed


def _refused_roles(op) -> set[str]:
    """The roles docs/roles.md refuses this operation to (none for routes outside a firm)."""
    marks = MATRIX.get(resolve(_probe(op)).view_name, {}).get(op.method.upper(), {})
    return {role for role, allowed in marks.items() if allowed is False}


def _refusal(response) -> bool:
    """What a role the matrix refuses may get: 403/404, or a 400/413/415 for malformed input (a filter,
    NUL, size, type, field count) checked before the role or the object, so the same for any id.
    Never a success."""
    return response.status_code in REFUSED | MALFORMED


def _strategy(op, data):
    fixed = _fixed_path(op, data)
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for path in (fixed, {"firm_slug": HOME}):
            try:
                strategies.append(op.as_strategy(generation_mode=mode, path_parameters=path))
            except Exception:  # some operations have nothing to negate
                continue
    return st.one_of(strategies)


def _run(op, data, cases: int) -> None:
    cookies = {role: {"sessionid": session_cookie(data.users[role])} for role in ROLES}
    refused = _refused_roles(op)
    app = wsgi_app()

    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(op, data))
    def fuzz(case):
        for role in ROLES:  # the same request as each role: what one role may do, another is refused
            app.last_exception = None
            with transaction.atomic():
                response = case.call(cookies=cookies[role])
                transaction.set_rollback(True)
            try:
                case.validate_response(response, checks=CHECKS)
                if role in refused and not _refusal(response):
                    raise AssertionError(f"refused role got {response.status_code}: {case.as_curl_command()}")
            except Exception as exc:
                if app.last_exception:
                    exc.add_note("".join(traceback.format_exception(*app.last_exception))[-3000:])
                exc.add_note(f"as {role}")
                raise

    fuzz()


@pytest.mark.needs_postgres  # the CI's PostgreSQL pass runs it (psycopg is where NUL and overflow bite)
@pytest.mark.parametrize("label", LABELS)
def test_generated_requests_as_every_role_get_no_server_error_and_answers_match_the_schema(label, db):
    _run(OPERATIONS[label], build_dataset(), FUZZ_CASES)


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
