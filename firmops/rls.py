"""Row-level security on PostgreSQL: the database's own wall between firms.

Applied after every `migrate` to every FirmOwned table, so a table added by a later app is
covered without writing a migration for it. Policies read the transaction-local setting that
`firm_scope` writes; with no firm set, a tenant table shows no rows at all. FORCE makes the
policies bind the table owner too (only superusers and BYPASSRLS roles escape them).
"""

from django.db import connections

from firmops.tenancy import FIRM_SETTING, USER_SETTING, firm_owned_models

POLICY = "firm_isolation"
_FIRM = f"NULLIF(current_setting('{FIRM_SETTING}', true), '')::bigint"
_USER = f"NULLIF(current_setting('{USER_SETTING}', true), '')::bigint"


def policy_sql(table: str, *, readable_by_user: bool = False) -> list[str]:
    """Statements that (re)create a table's firm policy."""
    using = f"firm_id = {_FIRM}"
    if readable_by_user:
        # A user must find their own memberships before any firm is chosen (firm switcher, login).
        using = f"({using}) OR user_id = {_USER}"
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}"',
        f'CREATE POLICY {POLICY} ON "{table}" USING ({using}) WITH CHECK (firm_id = {_FIRM})',
    ]


def apply_policies(*, using: str = "default") -> list[str]:
    """Put the policy on every firm table; returns the tables covered."""
    from firmops.models import Membership

    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    tables = []
    with connection.cursor() as cursor:
        for model in firm_owned_models():
            table = model._meta.db_table
            for statement in policy_sql(table, readable_by_user=model is Membership):
                cursor.execute(statement)
            tables.append(table)
    return tables


def on_post_migrate(sender, using="default", **kwargs) -> None:
    from firmops.trail import apply_triggers

    apply_policies(using=using)
    apply_triggers(using=using)  # after: it replaces the trail table's policy with append-only ones
