import os

from django.core.management.base import BaseCommand, CommandError

from audit.csv_io import MAX_BYTES, audit_entries_import_csv
from audit.models import AuditPeriod
from firmops.models import Firm
from firmops.tenancy import firm_scope


class Command(BaseCommand):
    help = (
        "Import a CSV time log (date, person_email, description, minutes[, matter, billable]) "
        "into a firm's audit. "
        "All rows or none: bad rows are reported by line and the exit status is non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("firm_slug")
        parser.add_argument("file", help="Path to the CSV file (UTF-8, at most 20 MB).")
        parser.add_argument(
            "--period", type=int, help="Audit period id (default: the period each row's date falls in)."
        )

    def handle(self, *args, firm_slug, file, period=None, **options):
        firm = Firm.objects.filter(slug=firm_slug).first()
        if firm is None:
            raise CommandError(f"No firm with slug {firm_slug!r}.")
        try:
            size = os.path.getsize(file)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        chosen = None
        if period is not None:
            with firm_scope(firm):
                chosen = AuditPeriod.objects.filter(pk=period).first()
            if chosen is None:
                raise CommandError(f"{firm.name} has no audit period {period}.")
        if size > MAX_BYTES:
            raise CommandError(
                f"{file} is {size / 1024 / 1024:.1f} MB; the limit is 20 MB. Split it by week."
            )
        with open(file, "rb") as stream:
            report = audit_entries_import_csv(firm=firm, stream=stream, size=size, period=chosen)
        if not report.ok:
            for line in report.lines():
                self.stderr.write(line)
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
