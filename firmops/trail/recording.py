"""The audit trail: every change to a firm's rows, with who, when and in which request.

PostgreSQL: an AFTER trigger on every firm table (and on the firm row itself, for rates and
settings) writes a ChangeRecord, so ORM saves, bulk updates and raw SQL are all recorded. The
app's role may only read and append to the trail (firmops.tenancy.dbroles grants no UPDATE or DELETE on
it); a firm's trail goes only with the firm itself, through firmops_trail_purge(), which refuses
while the firm row exists. SQLite (the embedded default): model signals record ORM saves and
deletes; bulk updates and raw SQL are not seen there.
"""

from __future__ import annotations

import contextvars
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections
from django.db.models.signals import post_delete, post_save, pre_save
from django.forms.models import model_to_dict

from firmops.models import ChangeRecord, Firm
from firmops.tenancy import (
    FIRM_SETTING,
    REQUEST_SETTING,
    USER_SETTING,
    firm_owned_models,
    firm_scope,
    set_db_settings,
)

_actor: contextvars.ContextVar[tuple[int | None, str]] = contextvars.ContextVar(
    "firmops_actor", default=(None, "")
)
PURGE_SETTING = "firmops.purge"  # set only inside firmops_trail_purge(), which runs as the owner
_FIRM = f"NULLIF(current_setting('{FIRM_SETTING}', true), '')::bigint"

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION firmops_record_change() RETURNS trigger AS $$
DECLARE b jsonb; a jsonb;
BEGIN
  IF TG_OP <> 'INSERT' THEN b := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN a := to_jsonb(NEW); END IF;
  IF TG_OP = 'UPDATE' AND a = b THEN RETURN NULL; END IF;
  -- The firm table has no row-level security: a change made outside that firm's scope
  -- (creation, platform admin) cannot be filed under the firm, so it is not recorded here.
  IF TG_TABLE_NAME = 'firmops_firm'
     AND (COALESCE(a, b) ->> 'id') IS DISTINCT FROM NULLIF(current_setting('{FIRM_SETTING}', true), '') THEN
    RETURN NULL;
  END IF;
  INSERT INTO firmops_changerecord (firm_id, "table", row_pk, action, actor_id, request_id, at, before, after)
  VALUES ((COALESCE(a, b) ->> TG_ARGV[0])::bigint, TG_TABLE_NAME, COALESCE(a, b) ->> 'id', left(TG_OP, 1),
          NULLIF(current_setting('{USER_SETTING}', true), '')::bigint,
          COALESCE(current_setting('{REQUEST_SETTING}', true), ''), now(), b, a);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


# SECURITY DEFINER: runs as the owner, the only role with DELETE on the trail. A firm's trail can
# go only once the firm row is gone (delete_firm, same transaction); the policy checks that too.
PURGE_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION firmops_trail_purge(target bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE n bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM firmops_firm WHERE id = target) THEN
    RAISE EXCEPTION 'firm % still exists: its audit trail goes only with the firm (delete_firm)', target;
  END IF;
  PERFORM set_config('{PURGE_SETTING}', target::text, true);
  DELETE FROM firmops_changerecord WHERE firm_id = target;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('{PURGE_SETTING}', '', true);
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION firmops_trail_purge(bigint) FROM PUBLIC;
"""


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextmanager
def acting_as(
    user_id: int | None, request_id: str = "", *, firm_slug: str | None = None
) -> Iterator[int | None]:
    """Attribute the changes made inside to this user and request (call inside a transaction).

    firm_slug (FirmMiddleware): the same statement also sets the firm of that slug, and the
    block receives its id (None when there is no such firm, or on SQLite); see set_db_settings.
    """
    token = _actor.set((user_id, request_id))
    settings = {USER_SETTING: user_id, REQUEST_SETTING: request_id or None}
    firm_id = set_db_settings(settings, firm_slug=firm_slug)
    try:
        yield firm_id
    finally:
        _actor.reset(token)


def _tables() -> list[tuple[str, str]]:
    tables = [(m._meta.db_table, "firm_id") for m in firm_owned_models() if m.audit_trail]
    return tables + [("firmops_firm", "id")]


def apply_triggers(*, using: str = "default") -> list[str]:
    """(Re)create the change trigger on every audited table and lock the trail against edits."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return []
    with conn.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table, firm_column in _tables():
            cursor.execute(f'DROP TRIGGER IF EXISTS firmops_trail ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER firmops_trail AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION firmops_record_change('{firm_column}')"
            )
        # Read and append only; deleting is for firmops_trail_purge, once the firm row is gone.
        cursor.execute(PURGE_FUNCTION_SQL)
        cursor.execute('DROP POLICY IF EXISTS firm_isolation ON "firmops_changerecord"')
        purging = f"NULLIF(current_setting('{PURGE_SETTING}', true), '')::bigint"
        for name, sql in {
            "trail_read": f"FOR SELECT USING (firm_id = {_FIRM})",
            "trail_append": f"FOR INSERT WITH CHECK (firm_id = {_FIRM})",
            "trail_purge": f"FOR DELETE USING (firm_id = {_FIRM} AND firm_id = {purging} "
            "AND NOT EXISTS (SELECT 1 FROM firmops_firm f WHERE f.id = firmops_changerecord.firm_id))",
        }.items():
            cursor.execute(f'DROP POLICY IF EXISTS {name} ON "firmops_changerecord"')
            cursor.execute(f'CREATE POLICY {name} ON "firmops_changerecord" {sql}')
    return [t for t, _ in _tables()]


def _record_orm_change(sender, instance, created=None, **kwargs) -> None:
    """SQLite only: the ORM's view of a change (PostgreSQL's trigger sees everything instead)."""
    if connection.vendor == "postgresql" or not getattr(sender, "audit_trail", sender is Firm):
        return
    firm_id = instance.pk if sender is Firm else instance.firm_id
    actor, request_id = _actor.get()
    deleted = created is None
    ChangeRecord.objects.for_firm(firm_id).create(
        firm_id=firm_id,
        table=sender._meta.db_table,
        row_pk=str(instance.pk),
        action="D" if deleted else ("I" if created else "U"),
        actor_id=actor,
        request_id=request_id,
        before=None
        if created
        else getattr(instance, "_trail_before", None) or (_jsonable(instance) if deleted else None),
        after=None if deleted else _jsonable(instance),
    )


def _remember_before(sender, instance, **kwargs) -> None:
    if connection.vendor != "postgresql" and instance.pk is not None:
        old = sender._base_manager.filter(pk=instance.pk).first()
        instance._trail_before = _jsonable(old) if old is not None else None


def _jsonable(instance) -> dict:
    data = model_to_dict(instance)
    data["id"] = instance.pk
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


def connect_signals() -> None:
    for model in [m for m in firm_owned_models() if m.audit_trail] + [Firm]:
        pre_save.connect(_remember_before, sender=model, dispatch_uid=f"trail-before-{model._meta.label}")
        post_save.connect(_record_orm_change, sender=model, dispatch_uid=f"trail-save-{model._meta.label}")
        post_delete.connect(
            _record_orm_change, sender=model, dispatch_uid=f"trail-delete-{model._meta.label}"
        )


def trail_purge(*, firm_id: int) -> int:
    """Delete the trail of a firm whose row is already gone: only delete_firm does this."""
    with firm_scope(firm_id):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT firmops_trail_purge(%s)", [firm_id])
                return cursor.fetchone()[0]
        if Firm.objects.filter(pk=firm_id).exists():
            raise RuntimeError(f"firm {firm_id} still exists: its audit trail is deleted only with the firm")
        return ChangeRecord.objects.all()._raw_delete(ChangeRecord.objects.db)
