"""A firm page runs in one transaction the firm middleware owns: no savepoint of its own, and a view
that fails or asks for a rollback still leaves none of its writes behind (what ATOMIC_REQUESTS gave)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.http import Http404, JsonResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from firmops.models import ChangeRecord, Engagement
from firmops.tenancy import current_firm_id, firm_scope
from firmops.tenancy.middleware import FirmMiddleware


def _firm_request(user, path="/f/avery/engagements/"):
    request = RequestFactory().post(path)
    request.user, request.session = user, SessionStore()
    middleware = FirmMiddleware(lambda r: None)
    middleware(request)  # the path's firm and the request id, as on the way in
    return middleware, request


def _names(firm) -> list[str]:
    with firm_scope(firm):
        return list(Engagement.objects.values_list("name", flat=True))


def test_a_firm_view_that_fails_leaves_none_of_its_writes_and_the_404_page_still_shows_the_firm(
    firm, partner
):
    def view(request):
        Engagement.objects.create(firm=request.firm, owner=request.user, name="Half-made engagement")
        raise Http404("no such thing")

    middleware, request = _firm_request(partner)
    response = middleware.process_view(request, view, (), {})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Not found" in page and "Avery &amp; Stone LLP" in page  # drawn in the firm's scope
    assert _names(firm) == []


def test_a_view_that_asks_for_a_rollback_keeps_its_answer_but_none_of_its_writes(firm, partner):
    def view(request):  # what DRF does when it answers an error
        Engagement.objects.create(firm=request.firm, owner=request.user, name="Refused engagement")
        transaction.set_rollback(True)
        return JsonResponse({"detail": "refused"}, status=400)

    middleware, request = _firm_request(partner, "/api/v1/firms/avery/audit/periods/")
    response = middleware.process_view(request, view, (), {})
    assert (response.status_code, json.loads(response.content)) == (400, {"detail": "refused"})
    assert _names(firm) == []


def test_a_firm_view_that_succeeds_keeps_its_writes_attributed_to_the_member_and_the_request(firm, partner):
    def view(request):
        assert current_firm_id() == firm.pk
        Engagement.objects.create(firm=request.firm, owner=request.user, name="Kept engagement")
        return JsonResponse({"ok": True}, status=201)

    middleware, request = _firm_request(partner)
    assert middleware.process_view(request, view, (), {}).status_code == 201
    assert _names(firm) == ["Kept engagement"]
    with firm_scope(firm):
        record = ChangeRecord.objects.get(table=Engagement._meta.db_table, action="I")
    assert (record.actor_id, record.request_id) == (partner.pk, request.request_id)


def test_a_stranger_to_the_firm_gets_the_404_and_the_view_never_runs(firm, other_partner):
    def view(request):
        raise AssertionError("the view ran for someone outside the firm")

    middleware, request = _firm_request(other_partner)
    response = middleware.process_view(request, view, (), {})
    assert response.status_code == 404 and request.firm is None


@pytest.mark.needs_postgres
def test_a_strangers_request_leaves_no_firm_in_the_database_scope(firm, other_partner):
    """The firm the address names is set with the user, before the membership is read; a stranger's
    request must not keep it (the test's transaction outlives the middleware's savepoint)."""
    middleware, request = _firm_request(other_partner)
    assert middleware.process_view(request, lambda r: pytest.fail("the view ran"), (), {}).status_code == 404
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('firmops.firm_id', true)")
        assert cursor.fetchone()[0] in ("", None)


def test_a_page_outside_any_firm_is_left_to_atomic_requests(partner):
    request = RequestFactory().get("/")
    request.user, request.session = partner, SessionStore()
    middleware = FirmMiddleware(lambda r: None)
    middleware(request)
    assert (
        middleware.process_view(request, lambda r: pytest.fail("run by the firm middleware"), (), {}) is None
    )


def test_the_partner_dashboard_costs_at_most_15_statements_savepoints_included(client_for, firm, partner):
    client = client_for(partner)
    client.get("/f/avery/")  # the session's first visit writes the remembered firm
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/f/avery/").status_code == 200
    statements = [q["sql"] for q in ctx.captured_queries]
    assert len(statements) <= 15, "\n".join(statements)
    # Only the middleware's own transaction (a savepoint inside the test's): none for the view.
    assert len([s for s in statements if re.match(r"SAVEPOINT", s)]) == 1, "\n".join(statements)
    # One statement sets who, which request and which firm, before the membership is read.
    assert len([s for s in statements if "set_config" in s]) == (
        1 if connection.vendor == "postgresql" else 0
    )
