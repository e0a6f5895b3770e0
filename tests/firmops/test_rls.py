"""The database's own wall: row-level security on PostgreSQL, checked with raw SQL."""

import pytest
from django.db import connection, transaction

from firmops.models import Engagement
from firmops.tenancy import FIRM_SETTING, firm_owned_models, firm_scope

pytestmark = pytest.mark.needs_postgres


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return cursor.fetchone()[0]


def test_app_role_is_bound_by_row_level_security(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        superuser, bypass = cursor.fetchone()
    assert (superuser, bypass) == (False, False), (
        "connect as a role that RLS binds, or the second wall is down"
    )


def test_every_firm_table_has_a_forced_policy(db):
    tables = {m._meta.db_table for m in firm_owned_models()}
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid
               WHERE c.relrowsecurity AND c.relforcerowsecurity AND p.polname IN ('firm_isolation', 'trail_read')"""
        )
        protected = {row[0] for row in cursor.fetchall()}
    assert tables - protected == set()


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


def test_with_no_firm_set_every_firm_table_shows_zero_rows(engagement, other_engagement, members):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [FIRM_SETTING])
        counts = {m._meta.db_table: _count(m._meta.db_table) for m in firm_owned_models()}
    assert set(counts.values()) == {0}, counts


def test_raw_insert_for_another_firm_is_rejected(firm, other_firm, other_partner):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError, match="row-level security"):
        with firm_scope(firm), connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO "firmops_engagement" (firm_id, name, stage, owner_id, started_on, created_at) '
                "VALUES (%s, 'smuggled', 'audit', %s, now(), now())",
                [other_firm.pk, other_partner.pk],
            )


def test_the_firm_setting_does_not_outlive_its_transaction(firm):
    with firm_scope(firm):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [FIRM_SETTING])
        assert cursor.fetchone()[0] in (None, "")
