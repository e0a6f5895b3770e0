from django.core.management.commands.flush import Command as FlushCommand

from firmops.tenancy.dbroles import as_owner


class Command(FlushCommand):
    help = "Django's flush, run as the owner role when DATABASE_OWNER_URL is set (firmops.tenancy.dbroles)."

    def handle(self, *args, **options):
        # TRUNCATE ignores row-level security, so the app's role is never granted it.
        with as_owner(using=options["database"]):
            return super().handle(*args, **options)
