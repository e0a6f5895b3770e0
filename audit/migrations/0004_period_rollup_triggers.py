# The rollup's triggers and first count: a migration of its own, so the foreign keys of 0003
# exist before rows go in (adding a foreign key to a filled table checks it under row-level
# security, which shows the owner one firm at a time).

from django.db import migrations


def install_and_count(apps, schema_editor):
    from audit import rollup

    rollup.install(schema_editor.connection)
    rollup.rebuild_all(schema_editor.connection)


def uninstall(apps, schema_editor):
    from audit import rollup

    rollup.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_period_rollup")]

    operations = [migrations.RunPython(install_and_count, uninstall)]
