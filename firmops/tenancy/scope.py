"""The firm scope: which firm the current request or task acts for, in Python and in the database.

Inside a scope, tenant managers (firmops.tenancy.owned) filter by the firm and, on PostgreSQL, the
row-level-security policies (firmops.tenancy.rls) read the same firm from a transaction-local setting,
so even raw SQL cannot cross firms.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar

from django.db import connection, transaction


class HasPk(Protocol):
    """A firm, as far as the scope needs one (the scope takes a Firm or its id)."""

    pk: int


FirmRef = HasPk | int
T = TypeVar("T")
_current_firm_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("firmops_firm_id", default=None)
FIRM_SETTING = "firmops.firm_id"
USER_SETTING = "firmops.user_id"
REQUEST_SETTING = "firmops.request_id"


class FirmScopeRequired(RuntimeError):
    """A tenant model was queried with no firm in scope: a bug that would otherwise leak rows."""


def current_firm_id() -> int | None:
    """The id of the firm in scope, or None."""
    return _current_firm_id.get()


def _uses_rls() -> bool:
    return connection.vendor == "postgresql"


def set_db_setting(name: str, value: int | str | None) -> None:
    """SET LOCAL a scope value, so it ends with the transaction and never leaks into a pooled connection."""
    set_db_settings({name: value})


def set_db_settings(values: dict[str, int | str | None], *, firm_slug: str | None = None) -> int | None:
    """SET LOCAL several scope values in one statement (one round trip per request, not one each).

    With firm_slug, the same statement also sets the firm named by that slug (the firm table has
    no row-level security, so it is found before any firm is in scope) and returns its id, or None
    when no firm has that slug. Only FirmMiddleware does this, and it checks the user's membership
    of that firm before anything else runs (and clears the setting when there is none).
    """
    if not _uses_rls() or not (values or firm_slug is not None):
        return None
    params: list[str] = []
    calls = ["set_config(%s, %s, true)"] * len(values)
    for name, value in values.items():
        params += [name, "" if value is None else str(value)]
    if firm_slug is not None:
        by_slug = "COALESCE((SELECT id::text FROM firmops_firm WHERE slug = %s), '')"
        calls.append(f"set_config(%s, {by_slug}, true)")
        params += [FIRM_SETTING, firm_slug]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(calls), params)
        row = cursor.fetchone()
    return int(row[-1]) if firm_slug is not None and row[-1] else None


@contextmanager
def firm_scope(firm: FirmRef, *, savepoint: bool = True) -> Iterator[None]:
    """Act for one firm: scoped managers filter by it and, on PostgreSQL, row-level security sees only it.

    Opens a transaction (or savepoint) because the database setting is transaction-local.
    savepoint=False: when this firm is already in scope inside a transaction (a request, an outer
    service), join that transaction as it is: no SAVEPOINT/RELEASE round trips, and an error
    raised inside undoes nothing, so use it only around code that checks everything before its
    first write (a refusal then leaves the caller's transaction as it was).
    """
    firm_id = firm if isinstance(firm, int) else firm.pk
    # Inside a transaction the scope in Python and the database setting move together, so the
    # outer scope's firm is known without asking the database.
    previous = _current_firm_id.get()
    nested = connection.in_atomic_block
    if not savepoint and nested and previous == firm_id:
        yield
        return
    token = _current_firm_id.set(firm_id)
    try:
        with transaction.atomic():
            if nested and previous == firm_id:
                yield  # already this firm's scope: the savepoint alone, no setting to change
                return
            set_db_setting(FIRM_SETTING, firm_id)
            yield
            # An outer transaction keeps running: hand it back its own firm (or none). On an
            # error the savepoint rollback reverts the SET LOCAL by itself.
            if nested:
                set_db_setting(FIRM_SETTING, previous)
    finally:
        _current_firm_id.reset(token)


def firm_transaction(service: Callable[..., T]) -> Callable[..., T]:
    """Run a write service in a transaction of its own, in the scope of the firm it is given (`firm=`).

    Who owns the transaction, in one place: a service owns its own. Called from a firm page or the
    API, where FirmMiddleware already holds the request's transaction in this firm's scope, it is a
    savepoint as @transaction.atomic would be (no setting to change, no statement more); called from
    a command, a Celery task or a shell it opens the transaction and sets the firm, so the scoped
    managers and PostgreSQL's row-level security see the same firm there too. Either way a failure
    inside undoes the service's writes and nothing of its caller's.
    """

    @functools.wraps(service)
    def scoped(*args, **kwargs):
        with firm_scope(kwargs["firm"]):
            return service(*args, **kwargs)

    return scoped


@contextmanager
def request_firm_scope(firm: FirmRef, *, setting_in_place: bool = False) -> Iterator[None]:
    """The firm scope of a whole request, inside the transaction the request owns.

    No savepoint and nothing to restore: the request's transaction ends right after, and SET
    LOCAL with it. (FirmMiddleware's use; elsewhere use firm_scope.) setting_in_place: the
    middleware already SET LOCAL this firm in the transaction (set_db_settings(firm_slug=...)).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("request_firm_scope needs the request's own transaction around it")
    firm_id = firm if isinstance(firm, int) else firm.pk
    token = _current_firm_id.set(firm_id)
    try:
        if not setting_in_place:
            set_db_setting(FIRM_SETTING, firm_id)
        yield
    finally:
        _current_firm_id.reset(token)
