"""Two PostgreSQL roles: an owner that runs migrations, and the app's role that only reads and writes rows.

Row-level security binds a table's owner only because the tables say FORCE, and an owner may
switch that off again; so the role the web and workers connect as owns nothing. It gets
SELECT/INSERT/UPDATE/DELETE on the tables (INSERT and SELECT only on the audit trail and the
migration history) and may not create tables. `migrate` and `flush` switch the connection to the
owner's credentials (DATABASE_OWNER_URL) for their duration; without them one role does both,
which is fine on a laptop and is what the isolation tests refuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

TRAIL_TABLE = "firmops_changerecord"
READ_AND_APPEND_ONLY = (TRAIL_TABLE, "django_migrations")
ROW_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"


def roles() -> dict[str, dict[str, str]] | None:
    return getattr(settings, "DATABASE_ROLES", None)


def use_role(role: str, *, using: str = "default") -> None:
    """Reconnect `using` as the `owner` or the `app` role (a no-op with a single role)."""
    credentials = (roles() or {}).get(role)
    conn = connections[using]
    if not credentials or conn.vendor != "postgresql" or conn.settings_dict["USER"] == credentials["USER"]:
        return
    if conn.in_atomic_block:
        raise RuntimeError(f"Cannot switch to the {role} role inside a transaction.")
    conn.close()
    conn.settings_dict.update(credentials)


@contextmanager
def as_owner(*, using: str = "default") -> Iterator[None]:
    """Run schema work (migrate, flush) as the owner role, then reconnect as the app."""
    use_role("owner", using=using)
    try:
        yield
    finally:
        use_role("app", using=using)


def app_role_name() -> str | None:
    """The role the app connects as, when it differs from the owner."""
    configured = roles()
    return configured["app"]["USER"] if configured else None


def grant_app_privileges(*, using: str = "default") -> str | None:
    """As the owner (after migrate): give the app role rows, never tables. Returns the role granted to."""
    conn = connections[using]
    app = app_role_name()
    if conn.vendor != "postgresql" or not app:
        return None
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_user, current_schema()")
        owner, schema = cursor.fetchone()
        if owner == app:
            return None
        role, ns = conn.ops.quote_name(app), conn.ops.quote_name(schema)
        for statement in (
            f"GRANT USAGE ON SCHEMA {ns} TO {role}",
            f"REVOKE CREATE ON SCHEMA {ns} FROM {role}",
            f"GRANT {ROW_RIGHTS} ON ALL TABLES IN SCHEMA {ns} TO {role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {ns} TO {role}",
            # Tables a later migration adds get the same rights without waiting for this hook.
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {ns} GRANT {ROW_RIGHTS} ON TABLES TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {ns} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
            *(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{t}" FROM {role}' for t in READ_AND_APPEND_ONLY),
            f"GRANT EXECUTE ON FUNCTION firmops_trail_purge(bigint) TO {role}",
        ):
            cursor.execute(statement)
    return app
