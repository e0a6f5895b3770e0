from django.core.management.base import BaseCommand, CommandError

from firmops.models import Firm
from firmops.ownership import FILES_LEFT, firm_delete


class Command(BaseCommand):
    help = (
        "Delete every row and file of one firm, and the accounts that belonged to it alone; prints the proof."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone.")

    def handle(self, *args, slug, yes, **options):
        firm = Firm.objects.filter(slug=slug).first()
        if firm is None:
            raise CommandError(f"No firm with the slug {slug!r}.")
        if not yes:
            raise CommandError(
                f"This deletes all of {firm.name}'s data for good. Run again with --yes (export_firm first)."
            )
        left = firm_delete(firm=firm)
        files = left.pop(FILES_LEFT)
        for table, count in sorted(left.items()):
            self.stdout.write(f"  {table}: {count} rows left")
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {firm.name}: {sum(left.values())} rows left in {len(left)} firm tables, "
                f"{files} of its stored files left."
            )
        )
        self.stdout.write("Kept: the audit trail's record that the firm was deleted, and when.")
