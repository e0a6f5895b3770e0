"""Reads of evidence: a record's documents, what a firm requires, and what is missing or expired."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from firmops.models import Firm
from providers.evidence.models import EvidenceDocument, EvidenceKind, EvidenceRequirement
from providers.evidence.services import required_kinds_default
from providers.models import Professional, Provider, ProviderModel


def evidence_of(
    *, firm: Firm, provider: Provider, professional: Professional | None = None, current: bool | None = None
) -> QuerySet[EvidenceDocument]:
    """A provider's documents (its own and its professionals'), or one professional's; every version
    unless `current` says which."""
    rows = EvidenceDocument.objects.for_firm(firm).filter(provider=provider)
    if professional is not None:
        rows = rows.filter(professional=professional)
    if current is not None:
        rows = rows.filter(superseded_at__isnull=current)
    return rows.select_related("professional", "added_by", "provider")


def required_kinds(*, firm: Firm) -> dict[str, list[str]]:
    """Provider model → the kinds the firm requires of it (the default where the firm chose nothing)."""
    chosen = dict(EvidenceRequirement.objects.for_firm(firm).values_list("provider_model", "kinds"))
    return {model: chosen.get(model, required_kinds_default()) for model in ProviderModel.values}


@dataclass(frozen=True)
class Gap:
    """A required kind with no valid document: "missing", or "expired" (with the lapsed document)."""

    kind: str
    state: str
    document: EvidenceDocument | None = None

    @property
    def label(self) -> str:
        return EvidenceKind(self.kind).label

    def __str__(self) -> str:
        if self.state == "expired" and self.document is not None:
            return f"{self.label} expired on {self.document.expires_on:%b %-d, %Y}"
        return f"{self.label} missing"


def _best(
    documents: Iterable[EvidenceDocument], on: datetime.date, own: int | None
) -> tuple[EvidenceDocument | None, bool]:
    """The document that best covers a kind on a day, and whether it is valid that day: the record's
    own before another's (`own`: the professional's id, or None for the provider), then the latest."""
    documents = list(documents)
    valid = [d for d in documents if not d.is_expired(on)]
    pool = valid or documents
    if not pool:
        return None, False
    best = max(pool, key=lambda d: (d.professional_id == own, d.expires_on or datetime.date.max, d.pk))
    return best, bool(valid)


def covering(
    *, firm: Firm, provider: Provider, professional: Professional | None, on: datetime.date
) -> dict[str, tuple[EvidenceDocument | None, bool]]:
    """Kind → (best current document, valid on `on`). For a professional, their own documents and the
    provider's count; for a provider alone, its own and any of its professionals'."""
    rows = EvidenceDocument.objects.for_firm(firm).filter(provider=provider, superseded_at__isnull=True)
    if professional is not None:
        rows = rows.filter(Q(professional__isnull=True) | Q(professional=professional))
    by_kind: dict[str, list[EvidenceDocument]] = {}
    for document in rows.select_related("professional", "provider"):
        by_kind.setdefault(document.kind, []).append(document)
    own = professional.pk if professional is not None else None
    return {kind: _best(documents, on, own) for kind, documents in by_kind.items()}


def evidence_gaps(
    *,
    firm: Firm,
    provider: Provider,
    professional: Professional | None = None,
    on: datetime.date | None = None,
    required: dict[str, list[str]] | None = None,
) -> list[Gap]:
    """The kinds the firm requires of this provider's model that have no valid document on `on`."""
    on = on or firm.today()
    kinds = (required or required_kinds(firm=firm)).get(provider.model, [])
    cover = covering(firm=firm, provider=provider, professional=professional, on=on)
    gaps = []
    for kind in kinds:
        document, valid = cover.get(kind, (None, False))
        if not valid:
            gaps.append(Gap(kind, "expired" if document else "missing", document))
    return gaps


def nda_on_file(
    *, firm: Firm, provider: Provider, professional: Professional | None, on: datetime.date | None = None
) -> EvidenceDocument | None:
    """The valid NDA covering a professional (theirs or their provider's), or None."""
    document, valid = covering(
        firm=firm, provider=provider, professional=professional, on=on or firm.today()
    ).get(EvidenceKind.NDA, (None, False))
    return document if valid else None
