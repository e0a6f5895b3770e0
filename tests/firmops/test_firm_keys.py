"""A firm's row never points at another firm's row, and what is unique is unique per firm.

Both walks are generated from model metadata: a new model or foreign key is covered, or fails here.
"""

import pytest
from django.db import IntegrityError, connection, models, transaction

from firmops.tenancy import CrossFirmReference, firm_owned_models, firm_scope
from firmops.tenancy.rls import firm_references, same_firm_constraint
from tests.firmops.pg_rows import insert_row, rolled_back

REFERENCES = firm_references()
IDS = [f"{model._meta.label}.{field.name}" for model, field in REFERENCES]

# Unique across all firms on purpose, each with its reason.
GLOBALLY_UNIQUE = {
    # A one-to-one onto another firm row is unique per firm already: the parent is of the same firm.
    **{
        f"{model._meta.label}.{field.name}": "one-to-one onto a row of the same firm"
        for model, field in REFERENCES
        if field.one_to_one
    },
    # On purpose: an email domain sends its addresses to one firm's IdP, so two firms cannot claim it;
    # the refusal says only "claimed by another firm" (docs/security.md, single sign-on).
    "firmops.SsoDomain.domain": "one firm per email domain",
}


def test_firm_tables_point_at_each_other_somewhere():
    assert len(REFERENCES) > 20  # the walk below is not empty


@pytest.mark.parametrize(("model", "field"), REFERENCES, ids=IDS)
def test_saving_a_row_that_points_at_another_firms_row_is_refused(model, field, firm, other_firm):
    parent = field.related_model(firm=other_firm)
    child = model(firm=firm)
    setattr(child, field.name, parent)
    with pytest.raises(CrossFirmReference, match=f"{field.name} points at a"):
        child.save()


@pytest.mark.needs_postgres
@pytest.mark.parametrize(("model", "field"), REFERENCES, ids=IDS)
def test_raw_sql_pointing_at_another_firms_row_is_refused_by_postgres(model, field, firm, other_firm):
    child, parent = model._meta.db_table, field.related_model._meta.db_table
    check = f'SET CONSTRAINTS "{same_firm_constraint(model, field)}" IMMEDIATE'
    with rolled_back():
        with firm_scope(other_firm):
            foreign_parent = insert_row(parent, firm_id=other_firm.pk)
        with firm_scope(firm):
            own_parent = insert_row(parent, firm_id=firm.pk)
            insert_row(child, firm_id=firm.pk, **{field.column: own_parent})
            with connection.cursor() as cursor:
                cursor.execute(check)  # the same firm passes: the check is not refusing everything
            with (
                pytest.raises(IntegrityError, match=same_firm_constraint(model, field)),
                transaction.atomic(),
            ):
                insert_row(child, firm_id=firm.pk, **{field.column: foreign_parent})
                with connection.cursor() as cursor:
                    cursor.execute(check)


def _unique_sets(model) -> list[tuple[str, set[str]]]:
    label = model._meta.label
    sets = [
        (f"{label}.{f.name}", {f.name}) for f in model._meta.concrete_fields if f.unique and not f.primary_key
    ]
    sets += [
        (f"{label}.{c.name}", set(c.fields))
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint)
    ]
    sets += [(f"{label}.{'+'.join(t)}", set(t)) for t in model._meta.unique_together]
    return sets


def test_every_unique_constraint_of_a_firm_table_includes_the_firm():
    found = [(name, fields) for model in firm_owned_models() for name, fields in _unique_sets(model)]
    global_ = sorted(name for name, fields in found if "firm" not in fields and name not in GLOBALLY_UNIQUE)
    assert len(found) > 15
    assert global_ == [], "unique across firms: one firm's value would block or reveal another's"
