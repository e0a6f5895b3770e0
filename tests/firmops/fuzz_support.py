"""What the schemathesis run needs: the app as WSGI, the schema, a data set, signed-in cookies per role.

The app is served through Django's test handler (the one `django.test.Client` uses), so requests share
the test's database transaction and connection; each generated case runs in a savepoint that is rolled
back, so every case meets the same data set.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth import get_user_model
from django.core.signals import got_request_exception
from django.test.client import Client, ClientHandler
from django.urls import Resolver404, resolve

from firmops.models import Firm, Role
from firmops.tenancy import firm_scope
from tests.factories import FirmFactory, MembershipFactory, UserFactory
from tests.route_samples import MODEL_SAMPLES, WalkContext

HOME, OTHER = "home", "other"


class WSGIApp:
    """Django's test handler as a plain WSGI callable: CSRF is not enforced (as with the test client),
    sessions and every middleware run as in production. Unhandled exceptions become 500 answers; the
    last traceback is kept so a failure report can show it."""

    def __init__(self) -> None:
        self.handler = ClientHandler(enforce_csrf_checks=False)
        self.last_exception = None
        got_request_exception.connect(self._keep, dispatch_uid="fuzz-wsgi")

    def _keep(self, sender, request=None, **kwargs) -> None:
        self.last_exception = sys.exc_info()

    def __call__(self, environ, start_response):
        response = self.handler(environ)
        headers = list(response.items())
        headers += [("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if response.streaming:
            return response.streaming_content
        return [response.content]


def api_schema() -> dict:
    """The OpenAPI document /api/schema/ serves, built without a request (collection has no database)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


@cache
def wsgi_app() -> WSGIApp:
    return WSGIApp()


@dataclass
class DataSet:
    """One firm with a member per role and one object per API model; another firm with a partner."""

    firm: Firm
    other: Firm
    users: dict[str, object]
    outsider: object  # a partner of the other firm
    ids: dict[type, int] = field(default_factory=dict)
    engagement_id: int = 0


def build_dataset() -> DataSet:
    home = FirmFactory(name="Home Firm", slug=HOME)
    other = FirmFactory(name="Other Firm", slug=OTHER)
    users = {}
    for role in Role.values:
        users[role] = UserFactory(email=f"{role}@home.test")
        with firm_scope(home):
            MembershipFactory(firm=home, user=users[role], role=role)
    outsider = UserFactory(email="partner@other.test")
    with firm_scope(other):
        MembershipFactory(firm=other, user=outsider, role=Role.PARTNER)
    data = DataSet(firm=home, other=other, users=users, outsider=outsider)
    ctx = WalkContext(firm=home, partner=users[Role.PARTNER])
    with firm_scope(home):
        # Builders make their parents too (an answer makes its questionnaire and template), so the
        # dependants go first and a model that already has a row keeps that one.
        for model, make in reversed(MODEL_SAMPLES.items()):
            existing = model.objects.for_firm(home).order_by("pk").values_list("pk", flat=True).first()
            data.ids[model] = existing or make(ctx)
        from firmops.models import Engagement

        data.engagement_id = data.ids[Engagement]
    return data


def session_cookie(user) -> str:
    """A real session for `user`, as the browser would hold it after signing in."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def bad_session_cookie() -> str:
    return "not-a-session-" + "x" * 18


def model_of(path: str):
    """The model behind an API path like /api/v1/firms/home/audit/entries/1/ (None for non-model views)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view = getattr(match.func, "cls", None)
    return getattr(view, "model", None) or getattr(getattr(view, "queryset", None), "model", None)


def user_model():
    return get_user_model()
