# Issue 18: the access checklist reads the NDA from the evidence documents instead of a tick box.
# Rows ticked "NDA signed" before this keep that fact, as an override that says so, so their account
# stays granted on the record; then the tick box goes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


TICKED = "Ticked “NDA signed” before firmops kept NDA documents; no NDA file is on record."


def ticked_to_override(apps, schema_editor):
    """Each firm's ticked rows, in that firm's row-level-security scope (the owner sees none without)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM firmops_firm ORDER BY id")
        for (firm_id,) in cursor.fetchall():
            json = "%s"
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('firmops.firm_id', %s, true)", [str(firm_id)])
                json = "CAST(%s AS jsonb)"
            cursor.execute(
                f"UPDATE onboarding_accesscheck SET override_reason = %s, override_gaps = {json} "
                "WHERE firm_id = %s AND nda_signed",
                [TICKED, '["NDA missing"]', firm_id],
            )


def override_to_ticked(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM firmops_firm ORDER BY id")
        for (firm_id,) in cursor.fetchall():
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('firmops.firm_id', %s, true)", [str(firm_id)])
            cursor.execute(
                "UPDATE onboarding_accesscheck SET nda_signed = (nda_document_id IS NOT NULL OR "
                "override_reason <> '') WHERE firm_id = %s",
                [firm_id],
            )


class Migration(migrations.Migration):

    dependencies = [
        ('onboarding', '0001_initial'),
        ('providers', '0005_selection_evidence_override'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='accesscheck',
            name='nda_document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='providers.evidencedocument'),
        ),
        migrations.AddField(
            model_name='accesscheck',
            name='override_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='accesscheck',
            name='override_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='accesscheck',
            name='override_gaps',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='accesscheck',
            name='override_reason',
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(ticked_to_override, override_to_ticked),
        migrations.RemoveField(
            model_name='accesscheck',
            name='nda_signed',
        ),
    ]
