"""The file question's side of evidence documents: which kinds a question may ask for.

A file question names a document kind; the provider's upload becomes one of the provider's evidence
documents (issue 18 items 1–3).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# What the file picker offers; the service checks the bytes, not the name.
ACCEPTED_FILES = ".pdf,.png,.jpg,.jpeg,.docx,application/pdf,image/png,image/jpeg"
# The kinds of evidence a firm asks providers for (issue 18, item 1).
_KINDS = {
    "nda": "NDA",
    "soc2_type2": "SOC 2 Type II report",
    "iso27001": "ISO 27001 certificate",
    "eo_insurance": "Professional liability / E&O insurance certificate",
    "cyber_insurance": "Cyber insurance certificate",
    "background_check": "Background-check attestation",
    "engagement_terms": "Signed engagement terms",
    "other": "Other document",
}


def document_kinds() -> dict[str, str]:
    """Document kind → its name, in the order a form offers them."""
    return dict(_KINDS)


@dataclass(frozen=True)
class FileAnswer:
    """A file a provider uploads through the link, with the dates the document carries."""

    upload: UploadedFile
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None


def evidence_from_link(*, questionnaire, question: dict, upload: FileAnswer) -> dict:
    """Store the provider's upload as evidence of the question's kind; the answer's value names it."""
    raise ValidationError({question["key"]: "File uploads through the link are not available yet."})
