import os
from contextlib import nullcontext
from functools import partial

from django.core.management.base import BaseCommand, CommandError

from audit.csv_io import audit_entries_import_csv
from audit.imports.mapping import Mapping, header_key
from audit.imports.models import ColumnMapping
from audit.imports.pipeline import Source, file_shape, import_now
from audit.imports.readers import CSV, FIRMOPS, HEAD_BYTES, XLSX, sniff
from audit.models import AuditPeriod
from audit.text_lines import MAX_BYTES
from firmops.models import Firm
from firmops.tenancy import firm_scope


class Command(BaseCommand):
    help = (
        "Import time records into a firm's audit: LEDES 1998B invoices (recognised by their first line), "
        "a CSV or .xlsx export read with a saved column mapping (--mapping NAME, or the one saved for its "
        "header row), or firmops' CSV (date, person_email, description, minutes[, matter, billable]). "
        "All rows or none: bad lines are reported by number and the exit status is non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("firm_slug")
        parser.add_argument("file", help="Path to the file (at most 20 MB).")
        parser.add_argument(
            "--period", type=int, help="Audit period id (default: the period each row's date falls in)."
        )
        parser.add_argument(
            "--mapping", help="Name of a column mapping saved on the import page (for a CSV or .xlsx export)."
        )

    def handle(self, *args, firm_slug, file, period=None, mapping=None, **options):
        firm = Firm.objects.filter(slug=firm_slug).first()
        if firm is None:
            raise CommandError(f"No firm with slug {firm_slug!r}.")
        try:
            size = os.path.getsize(file)
            with open(file, "rb") as stream:
                head = stream.read(HEAD_BYTES)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        chosen = saved = None
        with firm_scope(firm) if period is not None or mapping is not None else nullcontext():
            if period is not None:
                chosen = AuditPeriod.objects.filter(pk=period).first()
                if chosen is None:
                    raise CommandError(f"{firm.name} has no audit period {period}.")
            if mapping is not None:
                saved = ColumnMapping.objects.filter(name=mapping).first()
                if saved is None:
                    names = ", ".join(ColumnMapping.objects.values_list("name", flat=True)) or "none yet"
                    raise CommandError(f"{firm.name} has no column mapping {mapping!r} (saved: {names}).")
        if size > MAX_BYTES:
            raise CommandError(
                f"{file} is {size / 1024 / 1024:.1f} MB; the limit is 20 MB. Split it by month."
            )
        kind = sniff(head, file)
        if kind.kind is None:
            raise CommandError(kind.problem)
        if kind.kind == FIRMOPS and saved is None:
            with open(file, "rb") as stream:
                report = audit_entries_import_csv(firm=firm, stream=stream, size=size, period=chosen)
        else:
            source = Source(kind.kind if kind.kind != FIRMOPS else CSV, partial(open, file, "rb"))
            if source.kind in (CSV, XLSX):
                source.mapping = self._mapping(firm, source, saved, file)
            report = import_now(source, firm=firm, actor=None, period=chosen)
        for note in getattr(report, "notes", []):
            self.stdout.write(note)
        if not report.ok:
            for line in report.lines():
                self.stderr.write(line)
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
        for why, count in getattr(report, "skipped", {}).items():
            self.stdout.write(f"Skipped {count} {why}.")

    def _mapping(self, firm, source: Source, saved: ColumnMapping | None, file: str) -> Mapping:
        """The saved mapping named, else the one saved for this header row; otherwise say how to make one."""
        header, _ = file_shape(source)
        if saved is None:
            with firm_scope(firm):
                saved = ColumnMapping.objects.filter(header_key=header_key(header)).first()
            if saved is None:
                columns = ", ".join(h for h in header if h)
                raise CommandError(
                    f"{file} is a spreadsheet export with columns firmops does not know ({columns}). "
                    "Map them once on the import page, save the mapping by name, and pass --mapping NAME."
                )
            self.stdout.write(f"Reading {file} with the saved mapping “{saved.name}” (same header row).")
        found = Mapping.from_dict(saved.spec)
        problems = found.problems(header)
        if problems:
            raise CommandError(f"The mapping “{saved.name}” does not fit {file}: {'; '.join(problems)}.")
        return found
