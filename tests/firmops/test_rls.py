"""The database's own wall: row-level security on PostgreSQL, checked from the catalogue with raw SQL.

The tables come from pg_catalog (every table with a firm_id column), not from the models, so a
table that escaped the models' bookkeeping still fails here.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from firmops.models import Engagement
from firmops.tenancy import FIRM_SETTING, firm_owned_models, firm_scope
from firmops.tenancy.rls import POLICY
from tests.firmops.pg_rows import count, firm_tables, insert_row, rolled_back

pytestmark = pytest.mark.needs_postgres


def _scalar(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_the_catalogue_and_the_models_agree_on_which_tables_are_firm_tables(db):
    assert set(firm_tables()) == {m._meta.db_table for m in firm_owned_models()}


def test_every_firm_table_has_row_level_security_enabled_forced_and_its_policy(db):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname FROM pg_class c
               WHERE c.relnamespace = current_schema()::regnamespace
                 AND c.relrowsecurity AND c.relforcerowsecurity
                 AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid
                             AND p.polname IN (%s, 'trail_read')
                             AND pg_get_expr(p.polqual, p.polrelid) LIKE %s)""",
            [POLICY, f"%current_setting('{FIRM_SETTING}'%"],
        )
        protected = {row[0] for row in cursor.fetchall()}
    tables = firm_tables()
    assert len(tables) > 30
    assert sorted(set(tables) - protected) == []


@pytest.mark.needs_owner_role
def test_the_app_connects_as_a_role_that_rls_binds_and_that_owns_no_firm_table(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False), (
            "connect as a role that RLS binds, or the second wall is down"
        )
        cursor.execute(
            """SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relowner = current_user::regrole
               AND relnamespace = current_schema()::regnamespace""",
            [firm_tables() + ["firmops_firm"]],
        )
        assert cursor.fetchall() == [], "the app's role owns tables: it could switch their security off"
    assert _scalar("SELECT has_schema_privilege(current_user, current_schema(), 'CREATE')") is False


@pytest.mark.needs_owner_role
def test_the_app_role_cannot_switch_row_level_security_off(db):
    with pytest.raises(DatabaseError, match="must be owner"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute('ALTER TABLE "firmops_engagement" NO FORCE ROW LEVEL SECURITY')


def test_with_no_firm_set_every_firm_table_shows_zero_rows_though_both_firms_have_rows(firm, other_firm):
    tables = firm_tables()
    with rolled_back():
        for owner in (firm, other_firm):
            with firm_scope(owner):
                for table in tables:
                    insert_row(table, firm_id=owner.pk)
        with firm_scope(firm):
            seen_by_firm = {table: count(table) for table in tables}
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [FIRM_SETTING])
            unscoped = {table: count(table) for table in tables}
    assert min(seen_by_firm.values()) >= 1  # the rows are there: the firm sees its own
    assert {t: n for t, n in unscoped.items() if n} == {}


def test_raw_sql_under_firm_a_sees_none_of_firm_bs_rows(engagement, other_engagement, firm):
    table = Engagement._meta.db_table
    with firm_scope(firm):
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT name FROM "{table}"')
            names = [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE firm_id = %s', [other_engagement.firm_id])
            foreign = cursor.fetchone()[0]
    assert names == ["Avery audit 2026"]
    assert foreign == 0


def test_raw_insert_for_another_firm_is_rejected(firm, other_firm, other_partner):
    with pytest.raises(DatabaseError, match="row-level security"):
        with firm_scope(firm), connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO "firmops_engagement" (firm_id, name, stage, owner_id, started_on, created_at) '
                "VALUES (%s, 'smuggled', 'audit', %s, now(), now())",
                [other_firm.pk, other_partner.pk],
            )


@pytest.mark.django_db(transaction=True)
def test_a_pooled_connection_carries_no_firm_into_its_next_transaction(firm, partner, engagement):
    """The setting is SET LOCAL: the next request or task on the same connection starts with no firm."""
    backend = _scalar("SELECT pg_backend_pid()")
    with firm_scope(firm):
        assert count("firmops_engagement") == 1
    with transaction.atomic():  # the next unit of work on the same connection
        assert _scalar("SELECT pg_backend_pid()") == backend
        assert _scalar("SELECT current_setting(%s, true)", [FIRM_SETTING]) in ("", None)
        assert count("firmops_engagement") == 0
