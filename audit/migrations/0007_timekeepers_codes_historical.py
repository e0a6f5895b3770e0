# Issue 17: timekeepers the firm's records name without an account, UTBMS codes on entries, and
# historical audit periods of up to a year. On SQLite, altering the entries table rebuilds it and
# drops its triggers: the rollup's are installed again at the end (a no-op on PostgreSQL).

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def reinstall_rollup_triggers(apps, schema_editor):
    from audit import rollup

    rollup.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0006_needs_review_bucket'),
        ('firmops', '0006_sso'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditperiod',
            name='historical',
            field=models.BooleanField(default=False, help_text='Past dates filled from an import: no one logs into it, no reminders.'),
        ),
        migrations.AddField(
            model_name='taskentry',
            name='activity_code',
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.AddField(
            model_name='taskentry',
            name='task_code',
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.AlterField(
            model_name='auditperiod',
            name='days',
            field=models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(366)]),
        ),
        migrations.AlterField(
            model_name='taskentry',
            name='performer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.CreateModel(
            name='Timekeeper',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('key', models.CharField(max_length=200)),
                ('role', models.CharField(choices=[('partner', 'Partner'), ('attorney', 'Attorney'), ('paralegal', 'Paralegal'), ('ops', 'Ops staff'), ('external', 'Outsourced professional')], max_length=20)),
                ('hourly_rate', models.DecimalField(blank=True, decimal_places=2, help_text="Blank: the firm's rate for the role.", max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(0)])),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('external_id', models.CharField(blank=True, help_text='Their id in the records imported (LEDES TIMEKEEPER_ID).', max_length=60)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('firm', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='firmops.firm')),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='taskentry',
            name='timekeeper',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='audit.timekeeper'),
        ),
        migrations.AddIndex(
            model_name='taskentry',
            index=models.Index(fields=['firm', 'timekeeper', 'performed_on'], name='audit_taske_firm_id_705b2c_idx'),
        ),
        migrations.AddConstraint(
            model_name='taskentry',
            constraint=models.CheckConstraint(condition=models.Q(('performer__isnull', False), ('timekeeper__isnull', False), _connector='OR'), name='entry_names_who_did_it'),
        ),
        migrations.AddIndex(
            model_name='timekeeper',
            index=models.Index(fields=['firm', 'external_id'], name='audit_timek_firm_id_bbc431_idx'),
        ),
        migrations.AddConstraint(
            model_name='timekeeper',
            constraint=models.UniqueConstraint(fields=('firm', 'key'), name='audit_timekeeper_one_per_name'),
        ),
        migrations.RunPython(reinstall_rollup_triggers, migrations.RunPython.noop),
    ]
