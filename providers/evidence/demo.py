"""Demo evidence: the platform's NDA and an insurance certificate close to lapsing; the LPO's gap shows."""

from __future__ import annotations

import datetime
from io import BytesIO

from django.core.files import File

from firmops.models import User
from providers.evidence.models import EvidenceDocument, EvidenceKind
from providers.evidence.services import evidence_add
from providers.models import Professional, Provider


def one_page_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` (ASCII), small enough to build by hand."""
    safe = text.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 18 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = BytesIO(b"%PDF-1.4\n"), []
    out.seek(0, 2)
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def seed(*, firm, actor: User, platform: Provider, professional: Professional, today: datetime.date) -> None:
    """Runs inside the demo firm's scope; a second run adds nothing."""
    if EvidenceDocument.objects.filter(provider=platform).exists():
        return
    year = datetime.timedelta(days=365)
    documents = [
        (EvidenceKind.NDA, "Meridian mutual NDA.pdf", today - year, None, None),
        (EvidenceKind.NDA, "Elena Novak NDA.pdf", today - datetime.timedelta(days=20), None, professional),
        (
            EvidenceKind.LIABILITY_INSURANCE,
            "Meridian E&O certificate.pdf",
            today - year + datetime.timedelta(days=25),
            today + datetime.timedelta(days=25),
            None,
        ),
    ]
    for kind, name, issued, expires, who in documents:
        pdf = one_page_pdf(f"{name[:-4]} - demo document")
        evidence_add(
            firm=firm,
            kind=kind,
            file=File(BytesIO(pdf), name=name),
            issued_on=issued,
            expires_on=expires,
            provider=platform,
            professional=who,
            actor=actor,
        )
