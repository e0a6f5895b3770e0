# Issue 18: typed questions. An answer keeps its typed value and the breakdown of its score; every
# question stored before (in firm templates and in questionnaires already sent) was free text, and now
# says so. Scoring reads a question without a type as free text too, so the data step only makes the
# stored JSON explicit; the scores of those questionnaires do not change.

from django.db import migrations, models

TABLES = ("providers_questionnairetemplate", "providers_questionnaire")


def _each_firm(schema_editor):
    """A cursor in each firm's row-level-security scope in turn (the migrating owner sees no rows else)."""
    from audit.rollup import each_firm

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for firm_id in each_firm(connection, cursor):
            yield firm_id, cursor


def _retype(schema_editor, change) -> None:
    import json

    for firm_id, cursor in _each_firm(schema_editor):
        for table in TABLES:
            cursor.execute(f"SELECT id, questions FROM {table} WHERE firm_id = %s", [firm_id])
            for pk, questions in cursor.fetchall():
                stored = json.loads(questions) if isinstance(questions, str) else questions
                changed = [change(dict(q)) if isinstance(q, dict) else q for q in stored or []]
                if changed != stored:
                    cursor.execute(
                        f"UPDATE {table} SET questions = %s WHERE id = %s AND firm_id = %s",
                        [json.dumps(changed), pk, firm_id],
                    )


def text_typed(apps, schema_editor):
    _retype(schema_editor, lambda q: {**q, "type": q.get("type") or "text"})


def untyped(apps, schema_editor):
    # Back to before typed questions; a question of another type has no older form, so it stays.
    _retype(schema_editor, lambda q: {k: v for k, v in q.items() if k != "type" or v != "text"})


class Migration(migrations.Migration):
    dependencies = [("providers", "0005_selection_evidence_override"), ("audit", "0006_needs_review_bucket")]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="breakdown",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="answer",
            name="value",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(text_typed, untyped),
    ]
