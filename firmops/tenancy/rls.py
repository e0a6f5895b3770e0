"""Row-level security on PostgreSQL: the database's own wall between firms.

Applied after every `migrate` to every FirmOwned table, so a table added by a later app is
covered without writing a migration for it. Policies read the transaction-local setting that
`firm_scope` writes; with no firm set, a tenant table shows no rows at all. FORCE makes the
policies bind the table owner too (only superusers and BYPASSRLS roles escape them).

A row may point only at rows of its own firm: every foreign key between two firm tables gets
a composite twin (child.fk, child.firm_id) -> parent(id, firm_id), checked by PostgreSQL itself
(referential checks ignore row-level security, so a hidden parent of another firm still fails).
"""

import hashlib
from collections.abc import Iterator

from django.db import connections, models

from firmops.models import Membership
from firmops.tenancy import FIRM_SETTING, USER_SETTING, firm_owned_models
from firmops.tenancy.dbroles import grant_app_privileges
from firmops.trail.recording import apply_triggers

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


def firm_references() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every (model, foreign key) where one firm table points at another."""
    tenant = firm_owned_models()
    return [
        (model, field)
        for model in tenant
        for field in model._meta.concrete_fields
        if field.is_relation and field.name != "firm" and field.related_model in tenant
    ]


def _name(*parts: str) -> str:
    """A constraint name within PostgreSQL's 63 characters, stable across runs."""
    joined = "_".join(parts)
    return f"{joined[:48]}_{hashlib.md5(joined.encode()).hexdigest()[:8]}"


def same_firm_constraint(model, field) -> str:
    return _name(model._meta.db_table, field.column, "same_firm")


def same_firm_sql(model, field) -> list[str]:
    """The parent's (id, firm_id) key and the child's composite key onto it."""
    child, parent = model._meta.db_table, field.related_model._meta.db_table
    column, target = field.column, field.target_field.column
    key = _name(parent, target, "firm_key")
    return [
        f'CREATE UNIQUE INDEX IF NOT EXISTS "{key}" ON "{parent}" ("{target}", firm_id)',
        # Deferred like Django's own keys, so rows saved in any order within a transaction pass.
        f'ALTER TABLE "{child}" ADD CONSTRAINT "{same_firm_constraint(model, field)}" '
        f'FOREIGN KEY ("{column}", firm_id) REFERENCES "{parent}" ("{target}", firm_id) '
        "DEFERRABLE INITIALLY DEFERRED",
    ]


def apply_same_firm_keys(*, using: str = "default") -> list[str]:
    """Add the missing composite keys; returns the constraint names in place."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    names = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f'")
        existing = {row[0] for row in cursor.fetchall()}
        for model, field in firm_references():
            name = same_firm_constraint(model, field)
            if name not in existing:
                for statement in same_firm_sql(model, field):
                    cursor.execute(statement)
            names.append(name)
    return names


def on_post_migrate(sender, using="default", **kwargs) -> None:
    apply_policies(using=using)
    apply_triggers(using=using)  # after: it replaces the trail table's policy with append-only ones
    apply_same_firm_keys(using=using)
    grant_app_privileges(using=using)  # last: it grants on everything the steps above created


def each_firm(connection, cursor) -> Iterator[int]:
    """Every firm's id, the cursor in that firm's row-level-security scope meanwhile (a migration runs
    as the owner, who sees no rows without one)."""
    cursor.execute("SELECT id FROM firmops_firm ORDER BY id")
    for (firm_id,) in cursor.fetchall():
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, %s, true)", [FIRM_SETTING, str(firm_id)])
        yield firm_id
