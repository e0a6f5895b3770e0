"""docs/roles.md, as a test: every route × method × role gets the answer the matrix promises, and no
role is shown a field group the matrix hides from it (absent from JSON keys and from page, CSV, ICS and
PDF text). Routes are discovered from the URLconf: a route missing from the matrix fails here.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.urls import reverse

from firmops.models import Role
from firmops.tenancy import firm_scope
from tests.factories import FirmFactory, MembershipFactory, UserFactory
from tests.firmops.role_matrix import ROLES, body_text, dress, field_groups, json_keys, route_matrix
from tests.firmops.test_route_walk import ROUTES, _sample
from tests.route_samples import WalkContext

MATRIX = route_matrix()
GROUPS = field_groups()
REFUSED = {403, 404}
NOT_ALLOWED = {401, 403, 404, 405}
ROUTE_METHODS = ("get", "post", "put", "patch", "delete")


def _is_api(name: str) -> bool:
    return name.split(":")[0].endswith("api") or name.startswith("api:")


def offered_methods(route) -> list[str]:
    """The methods a route answers: a viewset's action map, an APIView's handlers, GET and POST for pages."""
    view = getattr(route.callback, "cls", None)
    if view is None or not _is_api(route.name):
        return ["GET", "POST"]
    actions = getattr(route.callback, "actions", None) or {m: m for m in ROUTE_METHODS if hasattr(view, m)}
    return [m.upper() for m in ROUTE_METHODS if m in actions and m in view.http_method_names]


FIRM_ROUTES = sorted(name for name, r in ROUTES.items() if r.firm_route)


def test_every_firm_route_and_method_is_in_the_matrix_and_nothing_else():
    missing = [
        f"{name} {m}"
        for name in FIRM_ROUTES
        for m in offered_methods(ROUTES[name])
        if m not in MATRIX.get(name, {})
    ]
    assert not missing, "add these rows to docs/roles.md (## Routes): " + ", ".join(missing)
    stale = sorted(set(MATRIX) - set(FIRM_ROUTES))
    assert not stale, f"docs/roles.md names routes that no longer exist: {stale}"


def _world(route):
    home = FirmFactory(name="Home Firm", slug="home")
    users = {role: UserFactory(email=f"{role}@home.test") for role in ROLES}
    with firm_scope(home):
        for role, user in users.items():
            MembershipFactory(firm=home, user=user, role=role)
        ctx = WalkContext(firm=home, partner=users[Role.PARTNER])
        kwargs = {k: _sample(route, k, ctx) for k in route.kwargs if k != "firm_slug"}
        dress(home, users[Role.EXTERNAL])
    return users, reverse(route.name, kwargs={**kwargs, "firm_slug": "home"})


def _call(client, method: str, url: str, api: bool):
    with transaction.atomic():
        if api:
            response = getattr(client, method.lower())(url, data={}, content_type="application/json")
        else:
            response = getattr(client, method.lower())(url, data={} if method in ("GET", "POST") else None)
        transaction.set_rollback(True)  # each role meets the same rows
    return response


def _hidden_shown(role: str, response) -> list[str]:
    """The hidden field groups this answer shows to `role`."""
    if response.status_code != 200:
        return []
    text = body_text(response)
    keys: set[str] = set()
    if response.get("Content-Type", "").startswith("application/json"):
        keys = json_keys(json.loads(text))
    shown = []
    for group in GROUPS:
        if group.seen_by[role]:
            continue
        shown += [f"{group.name}: field {k}" for k in sorted(group.api_fields & keys)]
        shown += [f"{group.name}: text {t!r}" for t in group.page_texts if t in text]
    return shown


@pytest.mark.parametrize("route_name", FIRM_ROUTES)
def test_each_role_gets_what_the_matrix_promises_and_no_hidden_field(route_name, db, client):
    route = ROUTES[route_name]
    assert route_name in MATRIX, f"{route_name} is missing from docs/roles.md (## Routes)"
    users, url = _world(route)
    api = _is_api(route_name)
    wrong = []
    for method, marks in MATRIX[route_name].items():
        for role in ROLES:
            client.force_login(users[role])
            response = _call(client, method, url, api)
            where = f"{role} {method} {url} → {response.status_code}"
            if marks[role] is True and response.status_code in NOT_ALLOWED:
                wrong.append(f"refused but the matrix allows: {where}")
            elif marks[role] is False and response.status_code not in REFUSED:
                wrong.append(f"allowed but the matrix refuses: {where}")
            elif marks[role] is None and response.status_code not in REFUSED | {405}:
                wrong.append(f"the matrix says the route does not offer {method}: {where}")
            wrong += [f"hidden {s} shown: {where}" for s in _hidden_shown(role, response)]
    assert not wrong, "\n".join(wrong)
