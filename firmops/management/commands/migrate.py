from django.core.management.commands.migrate import Command as MigrateCommand

from firmops.tenancy.dbroles import as_owner


class Command(MigrateCommand):
    help = "Django's migrate, run as the owner role when DATABASE_OWNER_URL is set (firmops.tenancy.dbroles)."

    def handle(self, *args, **options):
        # Tables, policies, triggers and grants belong to the owner; the app's role only gets rows.
        with as_owner(using=options["database"]):
            return super().handle(*args, **options)
