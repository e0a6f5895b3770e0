"""The file question's side of evidence documents (providers.evidence): the kinds, and the upload.

A file question names a document kind; the provider's upload through the secure link becomes one of
the provider's evidence documents, checked and stored by providers.evidence.services.evidence_add.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from providers.evidence.models import EvidenceKind
from providers.evidence.services import evidence_add

# What the file picker offers; the evidence service checks the bytes, not the name.
ACCEPTED_FILES = ".pdf,.png,.jpg,.jpeg,.docx,application/pdf,image/png,image/jpeg"
# The evidence service's fields → the answer form's fields for the same file question.
_FIELDS = {"file": "", "issued_on": "__issued_on", "expires_on": "__expires_on"}


def document_kinds() -> dict[str, str]:
    """Document kind → its name, in the order a form offers them (the evidence documents' kinds)."""
    return dict(EvidenceKind.choices)


@dataclass(frozen=True)
class FileAnswer:
    """A file a provider uploads through the link, with the dates the document carries."""

    upload: UploadedFile
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None


def evidence_from_link(*, questionnaire, question: dict, upload: FileAnswer, earlier: object = None) -> dict:
    """Keep the provider's upload as evidence of the question's kind; the answer's value names it.

    A second upload to the same question is the document's next version (the earlier one is kept).
    Refusals come back under the answer form's fields ("nda", "nda__expires_on").
    """
    kind = question["document_kind"]
    replaces = earlier.get("document") if isinstance(earlier, dict) and kind == EvidenceKind.OTHER else None
    try:
        document = evidence_add(
            firm=questionnaire.firm,
            kind=kind,
            file=upload.upload,
            issued_on=upload.issued_on,
            expires_on=upload.expires_on,
            provider=questionnaire.provider,
            via_link=questionnaire,
            title=question["text"][:200] if kind == EvidenceKind.OTHER else "",
            replaces=replaces,
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
        raise ValidationError(
            {question["key"] + _FIELDS.get(field, ""): messages for field, messages in errors.items()}
        ) from exc
    return {"document": document.pk, "name": document.original_name}
