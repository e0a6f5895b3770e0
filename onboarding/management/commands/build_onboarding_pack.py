"""manage.py build_onboarding_pack FIRM_SLUG ENGAGEMENT_ID --out FILE.pdf: the pack for scripts."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from firmops.models import Engagement, Firm
from firmops.tenancy import firm_scope
from onboarding import packs, services
from onboarding.models import PackExport


class Command(BaseCommand):
    help = (
        "Build (or reuse, when nothing changed) an engagement's PDF onboarding pack and write it to a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("firm_slug")
        parser.add_argument("engagement_id", type=int)
        parser.add_argument("--out", required=True, help="Where to write the PDF.")

    def handle(self, *args, firm_slug: str, engagement_id: int, out: str, **options):
        firm = Firm.objects.filter(slug=firm_slug).first()
        if firm is None:
            raise CommandError(f"No firm with slug {firm_slug!r}.")
        with firm_scope(firm):
            engagement = Engagement.objects.filter(pk=engagement_id).first()
            if engagement is None:
                raise CommandError(f"No engagement {engagement_id} in {firm.name}.")
            try:
                export, reused = services.pack_export_request(
                    firm=firm, actor=None, engagement=engagement, enqueue=False
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        if not reused:
            export = packs.pack_export_build(firm_id=firm.pk, export_id=export.pk)
        if export is None or export.status != PackExport.Status.READY:
            raise CommandError(
                f"The pack could not be built: {export.error if export else 'the job is gone'}"
            )
        with firm_scope(firm):
            data = packs.pack_file_bytes(export)
        Path(out).write_bytes(data)
        verb = "Reused the stored pack" if reused else "Built the pack"
        self.stdout.write(self.style.SUCCESS(f"{verb} ({len(data):,} bytes) → {out}"))
