"""A firm's data belongs to the firm: export all of it, or delete all of it and prove it."""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict

from django.core import serializers
from django.db import models

from firmops.models import ChangeRecord, Firm, Membership, User
from firmops.selectors import memberships_of
from firmops.tenancy import firm_owned_models, firm_scope, firm_transaction
from firmops.trail.recording import trail_purge

FILES_LEFT = "stored files"


def _file_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.fields if isinstance(f, models.FileField)]


def _deletion_order() -> list[type[models.Model]]:
    """Firm tables ordered so that a table is emptied before the tables it points at."""
    tenant = firm_owned_models()
    points_at = defaultdict(set)
    for model in tenant:
        for field in model._meta.fields:
            target = getattr(field.remote_field, "model", None)
            if target in tenant and target is not model:
                points_at[model].add(target)
    ordered, seen = [], set()

    def visit(model, trail=()):
        if model in seen or model in trail:
            return
        for referrer in [m for m in tenant if model in points_at[m]]:
            visit(referrer, trail + (model,))
        seen.add(model)
        ordered.append(model)

    for model in tenant:
        visit(model)
    return ordered


def firm_export(*, firm: Firm) -> bytes:
    """A zip of every row of the firm (one JSON file per table) and every file its rows point at."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, firm_scope(firm):
        archive.writestr("firm.json", serializers.serialize("json", [firm], indent=2))
        user_ids = Membership.objects.values_list("user_id", flat=True)
        people = User.objects.filter(pk__in=list(user_ids))
        archive.writestr(
            "people.json",
            serializers.serialize(
                "json", people, fields=["email", "first_name", "last_name", "time_zone"], indent=2
            ),
        )
        counts = {}
        for model in firm_owned_models():
            rows = list(model.objects.all())
            counts[model._meta.label] = len(rows)
            archive.writestr(
                f"tables/{model._meta.label}.json", serializers.serialize("json", rows, indent=2)
            )
            for row in rows:
                for name in _file_fields(model):
                    stored = getattr(row, name)
                    if stored and stored.storage.exists(stored.name):
                        with stored.open("rb") as handle:
                            archive.writestr(f"files/{stored.name}", handle.read())
        archive.writestr("manifest.json", json.dumps({"firm": firm.slug, "rows": counts}, indent=2))
    return buffer.getvalue()


def firm_row_counts(*, firm_id: int) -> dict[str, int]:
    """Rows each firm table still holds for this firm id."""
    with firm_scope(firm_id):
        return {m._meta.label: m.objects.count() for m in firm_owned_models()}


@firm_transaction
def firm_delete(*, firm: Firm) -> dict[str, int]:
    """Delete every row and stored file of the firm, and the accounts that belonged to it alone.

    Returns what is left per table, and under FILES_LEFT how many of its stored files still exist
    (all zeros, or the transaction is rolled back).
    """
    firm_id = firm.pk
    stored = []  # (storage, name): checked again at the end, so the proof covers files too
    with firm_scope(firm):
        member_ids = set(Membership.objects.values_list("user_id", flat=True))
        for model in [m for m in _deletion_order() if m is not ChangeRecord]:
            for name in _file_fields(model):
                for row in model.objects.exclude(**{name: ""}).only(name):
                    stored.append((getattr(row, name).storage, getattr(row, name).name))
                    getattr(row, name).delete(save=False)
            model.objects.all()._raw_delete(model.objects.db)
    with firm_scope(firm_id):
        Firm.objects.filter(pk=firm_id).delete()
    trail_purge(firm_id=firm_id)  # last: the deletions above were recorded too
    User.objects.filter(
        pk__in=[uid for uid in member_ids if not memberships_of(user=User(pk=uid))], is_superuser=False
    ).delete()
    left = {**firm_row_counts(firm_id=firm_id), FILES_LEFT: sum(st.exists(name) for st, name in stored)}
    if any(left.values()) or Firm.objects.filter(pk=firm_id).exists():
        raise RuntimeError(f"firm {firm_id} still has rows: {left}")
    return left
