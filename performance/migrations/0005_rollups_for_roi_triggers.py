# The triggers again (they now keep ProfessionalWeek and LoggedWeek too), and a recount of every firm.

from django.db import migrations


def install_and_count(apps, schema_editor):
    from performance.rollup import triggers

    triggers.install(schema_editor.connection)
    triggers.rebuild_all(schema_editor.connection)


def uninstall(apps, schema_editor):
    from performance.rollup import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("performance", "0004_rollups_for_roi")]

    operations = [migrations.RunPython(install_and_count, uninstall)]
