"""Walk every URL and API route, as every role of firm A, pointing at firm B's objects.

Nothing of firm B may appear in any response, and no write may change firm B's rows. Routes
are discovered from the URLconf, so a route added by any later issue is covered without
editing this test; its URL arguments come from tests/route_samples.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from firmops.models import Firm, Role
from firmops.tenancy import firm_owned_models, firm_scope
from tests.factories import FirmFactory, MembershipFactory, UserFactory
from tests.firmops.role_matrix import body_text
from tests.route_samples import APP_KWARG_SAMPLES, KWARG_SAMPLES, MARKER, MODEL_SAMPLES, WalkContext

SKIPPED_NAMESPACES = {"admin"}  # staff-only, cross-firm by design, never reachable by firm members
METHODS = ("get", "post", "put", "patch", "delete")
REFUSALS = {400, 403, 404, 405, 410}


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[str, ...]
    callback: object

    @property
    def firm_route(self) -> bool:
        return "firm_slug" in self.kwargs

    def __str__(self) -> str:
        return self.name


def _collect(patterns, namespace: str, inherited: tuple[str, ...]) -> list[Route]:
    routes = []
    for entry in patterns:
        groups = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            routes += _collect(entry.url_patterns, full_ns, inherited + groups)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"route {entry.pattern} has no name: name it so it can be walked"
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            routes.append(Route(name, inherited + groups, entry.callback))
    return routes


ROUTES = {str(r): r for r in _collect(get_resolver().url_patterns, "", ())}


def _sample(route: Route, kwarg: str, ctx: WalkContext):
    if kwarg == "pk":
        view = getattr(route.callback, "cls", None)
        model = getattr(view, "model", None) or getattr(getattr(view, "queryset", None), "model", None)
        assert model in MODEL_SAMPLES, f"{route}: add {model} to MODEL_SAMPLES in tests/route_samples.py"
        return MODEL_SAMPLES[model](ctx)
    assert kwarg in KWARG_SAMPLES, (
        f"{route}: add a sample for URL argument {kwarg!r} to tests/route_samples.py"
    )
    app = route.name.split(":")[0].removesuffix("-api")
    return APP_KWARG_SAMPLES.get(app, {}).get(kwarg, KWARG_SAMPLES[kwarg])(ctx)


def _snapshot(firm: Firm) -> dict:
    with firm_scope(firm):
        rows = {m._meta.label: sorted(map(repr, m.objects.values())) for m in firm_owned_models()}
    rows["firm"] = repr(Firm.objects.filter(pk=firm.pk).values().get())
    return rows


def _call(client, method: str, url: str, api: bool):
    if api:
        return getattr(client, method)(url, data={}, content_type="application/json")
    return (
        getattr(client, method)(url, data={}) if method in ("get", "post") else getattr(client, method)(url)
    )


@pytest.mark.parametrize("route_name", sorted(ROUTES))
def test_no_route_shows_or_changes_another_firms_data(
    route_name, db, client, django_capture_on_commit_callbacks
):
    route = ROUTES[route_name]
    home = FirmFactory(name="Home Firm", slug="home")
    other = FirmFactory(name=f"{MARKER} Firm", slug="other")
    other_partner = UserFactory(email="partner@other.test", first_name=MARKER)
    with firm_scope(other):
        MembershipFactory(firm=other, user=other_partner, role=Role.PARTNER)
        ctx = WalkContext(firm=other, partner=other_partner)
        foreign = {k: _sample(route, k, ctx) for k in route.kwargs if k != "firm_slug"}
    before = _snapshot(other)

    users = {}
    for role in Role.values:
        users[role] = UserFactory(email=f"{role}@home.test")
        with firm_scope(home):
            MembershipFactory(firm=home, user=users[role], role=role)

    api = route.name.split(":")[0].endswith("api") or route.name.startswith("api:") or route.name == "schema"
    for role, user in users.items():
        client.force_login(user)
        urls = [
            reverse(route.name, kwargs={**foreign, "firm_slug": slug}) if route.firm_route else None
            for slug in ("home", "other")
        ]
        if not route.firm_route:
            urls = [reverse(route.name, kwargs=foreign)]
        for method in METHODS if route.firm_route else ("get",):
            for index, url in enumerate(urls):
                with django_capture_on_commit_callbacks(execute=True):
                    response = _call(client, method, url, api)
                where = f"{role} {method.upper()} {url} → {response.status_code}"
                assert MARKER not in body_text(response), f"firm B's data shown: {where}"  # PDFs as text
                if route.firm_route and index == 1:
                    assert response.status_code == 404, f"another firm's URL must 404: {where}"
                if route.firm_route and index == 0 and foreign and method != "get":
                    assert response.status_code in REFUSALS, f"write naming firm B's ids not refused: {where}"
                if route.firm_route and index == 0 and foreign and method == "get":
                    assert response.status_code in REFUSALS, f"read naming firm B's ids not refused: {where}"
    assert _snapshot(other) == before, f"{route}: a request changed firm B's rows"


def test_every_route_is_walked():
    """A guard that the discovery found the core routes (if it found none, the walk would prove nothing)."""
    assert {
        "firm:dashboard",
        "firm:engagement",
        "api:engagement-detail",
        "api:engagement-stage",
        "home",
    } <= set(ROUTES)


def test_a_new_route_whose_argument_has_no_sample_fails_the_walk():
    """The walk cannot silently skip a route: an argument without a sample is an assertion, not a skip."""
    route = Route("gadgets:gadget", ("firm_slug", "gadget_id"), callback=None)
    with pytest.raises(AssertionError, match="add a sample for URL argument 'gadget_id'"):
        _sample(route, "gadget_id", WalkContext(firm=None, partner=None))
