# The rollups' triggers and first count: a migration of its own, so the foreign keys of 0002 exist
# before rows go in (as audit 0004 does for the period rollup).

from django.db import migrations


def install_and_count(apps, schema_editor):
    from performance.rollup import triggers

    triggers.install(schema_editor.connection)
    triggers.rebuild_all(schema_editor.connection)


def uninstall(apps, schema_editor):
    from performance.rollup import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_weekly_rollups")]

    operations = [migrations.RunPython(install_and_count, uninstall)]
