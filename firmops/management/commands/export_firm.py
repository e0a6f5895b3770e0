from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from firmops.models import Firm
from firmops.ownership import firm_export_write


class Command(BaseCommand):
    help = "Write a zip of all of one firm's data (JSON and CSV per table, people, and every stored file)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--out", help="Zip file to write (default: <slug>-export.zip)")

    def handle(self, *args, slug, out, **options):
        firm = Firm.objects.filter(slug=slug).first()
        if firm is None:
            raise CommandError(f"No firm with the slug {slug!r}.")
        path = Path(out or f"{slug}-export.zip")
        with path.open("wb") as out:
            firm_export_write(firm=firm, out=out)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size:,} bytes)."))
