from django.core.management.base import BaseCommand, CommandError

from audit.csv_io import audit_entries_write_csv
from audit.models import AuditPeriod
from firmops.models import Firm
from firmops.tenancy import firm_scope


class Command(BaseCommand):
    help = (
        "Write a firm's logged tasks as CSV to stdout: the import's columns (timekeeper, role, rate, "
        "task_code and activity_code included) plus bucket, category, reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("firm_slug")
        parser.add_argument("--period", type=int, help="Only this audit period's entries.")

    def handle(self, *args, firm_slug, period=None, **options):
        firm = Firm.objects.filter(slug=firm_slug).first()
        if firm is None:
            raise CommandError(f"No firm with slug {firm_slug!r}.")
        with firm_scope(firm):
            chosen = None
            if period is not None:
                chosen = AuditPeriod.objects.filter(pk=period).first()
                if chosen is None:
                    raise CommandError(f"{firm.name} has no audit period {period}.")
            audit_entries_write_csv(firm=firm, out=self.stdout, period=chosen)
