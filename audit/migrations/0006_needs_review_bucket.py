# Issue 16: a task the classifier cannot place needs review instead of counting as outsourceable.
# The entries it could not place before (its reason said so, and no partner has decided them) move
# to the new bucket, so they leave the recoverable dollars here too; the rollup's triggers follow.

from django.db import migrations, models

BUCKETS = [("core", "Core genius"), ("outsourceable", "Outsourceable"), ("review", "Needs review")]
OLD_REASON = "no known task words → %"
NEW_REASON = (
    "no task words it knows → Other / unrecognised → needs review: a partner decides core or outsourceable"
)


def _move(schema_editor, *, from_bucket: str, to_bucket: str, reason_like: str, reason: str) -> None:
    from audit import rollup

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for firm_id in rollup.each_firm(connection, cursor):
            cursor.execute(
                "UPDATE audit_taskentry SET bucket = %s, reason = %s WHERE firm_id = %s AND bucket = %s "
                "AND category = 'other' AND override_id IS NULL AND reason LIKE %s",
                [to_bucket, reason, firm_id, from_bucket, reason_like],
            )


def unplaced_to_review(apps, schema_editor):
    _move(
        schema_editor,
        from_bucket="outsourceable",
        to_bucket="review",
        reason_like=OLD_REASON,
        reason=NEW_REASON,
    )


def review_to_outsourceable(apps, schema_editor):
    old = "no known task words → Other / unrecognised → outsourceable (low confidence)"
    _move(schema_editor, from_bucket="review", to_bucket="outsourceable", reason_like="%", reason=old)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_entry_list_order_index")]

    operations = [
        migrations.AlterField(
            model_name="classificationoverride",
            name="bucket",
            field=models.CharField(choices=BUCKETS, max_length=20),
        ),
        migrations.AlterField(
            model_name="periodrollup", name="bucket", field=models.CharField(choices=BUCKETS, max_length=20)
        ),
        migrations.AlterField(
            model_name="taskentry", name="bucket", field=models.CharField(choices=BUCKETS, max_length=20)
        ),
        migrations.RunPython(unplaced_to_review, review_to_outsourceable),
    ]
