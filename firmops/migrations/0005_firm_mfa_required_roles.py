from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("firmops", "0004_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="firm",
            name="mfa_required_roles",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Other roles that must use an authenticator app before they see engagement data.",
                verbose_name="also require two-factor authentication for",
            ),
        ),
    ]
