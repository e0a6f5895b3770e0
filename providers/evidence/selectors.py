"""Reads of evidence: a record's documents, what a firm requires, and what is missing or expired."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from firmops.models import Firm, Role
from providers.evidence.models import (
    DEFAULT_REQUIRED,
    SIGNED_BY_PROFESSIONAL,
    EvidenceDocument,
    EvidenceKind,
    EvidenceRequirement,
)
from providers.models import Professional, Provider, ProviderModel
from providers.selection.selectors import current_selection


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
    return {model: chosen.get(model, list(DEFAULT_REQUIRED)) for model in ProviderModel.values}


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


@dataclass(frozen=True)
class Line:
    """A document as the pages list it: its current version, its state that day, the earlier versions."""

    current: EvidenceDocument
    earlier: list[EvidenceDocument]
    state: str
    days_left: int | None


def evidence_lines(
    *,
    firm: Firm,
    provider: Provider,
    professional: Professional | None = None,
    on: datetime.date | None = None,
) -> list[Line]:
    """Each current document of a provider (and its professionals), newest kind order, with its history."""
    on = on or firm.today()
    rows = list(evidence_of(firm=firm, provider=provider, professional=professional))
    earlier: dict[int, list[EvidenceDocument]] = {}
    by_pk = {d.pk: d for d in rows}
    for document in rows:  # walk each line back from its current version
        if document.superseded_at is None:
            chain, step = [], by_pk.get(document.replaces_id)
            while step is not None and len(chain) < 1000:
                chain.append(step)
                step = by_pk.get(step.replaces_id)
            earlier[document.pk] = chain
    current = [d for d in rows if d.superseded_at is None]
    current.sort(key=lambda d: (EvidenceKind.values.index(d.kind), d.professional_id or 0, -d.pk))
    return [Line(d, earlier[d.pk], d.state(on), d.days_left(on)) for d in current]


def signed_documents_of(*, firm: Firm, user) -> QuerySet[EvidenceDocument]:
    """An outsourced professional's own signed documents (NDA, engagement terms), current versions."""
    return (
        EvidenceDocument.objects.for_firm(firm)
        .filter(professional__user=user, kind__in=SIGNED_BY_PROFESSIONAL, superseded_at__isnull=True)
        .select_related("professional", "provider")
    )


def may_download(*, membership, document: EvidenceDocument) -> bool:
    """Firm staff see every document of the firm; an outsourced professional only their own signed ones."""
    if membership is None or membership.firm_id != document.firm_id:
        return False
    if membership.role != Role.EXTERNAL:
        return True
    return (
        document.professional_id is not None
        and document.kind in SIGNED_BY_PROFESSIONAL
        and document.professional.user_id == membership.user_id
    )


def link_documents(*, questionnaire) -> QuerySet[EvidenceDocument]:
    """What the provider uploaded through this questionnaire's link (call inside the firm's scope)."""
    return EvidenceDocument.objects.for_firm(questionnaire.firm_id).filter(via_link=questionnaire)


@dataclass(frozen=True)
class Summary:
    """A provider's evidence at a glance (the comparison's row): documents with their state, and gaps."""

    documents: list[tuple[EvidenceDocument, str]]
    gaps: list[Gap]


def evidence_summaries(
    *, firm: Firm, providers: list[Provider], on: datetime.date | None = None
) -> list[Summary]:
    """One Summary per provider, in the order given, in two queries whatever their number."""
    on = on or firm.today()
    required = required_kinds(firm=firm)
    rows = EvidenceDocument.objects.for_firm(firm).filter(
        provider__in=[p.pk for p in providers], superseded_at__isnull=True
    )
    by_provider: dict[int, list[EvidenceDocument]] = {}
    for document in rows.select_related("professional"):
        by_provider.setdefault(document.provider_id, []).append(document)
    summaries = []
    for provider in providers:
        documents = by_provider.get(provider.pk, [])
        documents.sort(key=lambda d: (EvidenceKind.values.index(d.kind), d.professional_id or 0))
        gaps = []
        for kind in required.get(provider.model, []):
            best, valid = _best([d for d in documents if d.kind == kind], on, None)
            if not valid:
                gaps.append(Gap(kind, "expired" if best else "missing", best))
        summaries.append(Summary([(d, d.state(on)) for d in documents], gaps))
    return summaries


@dataclass(frozen=True)
class Standing:
    """Where an engagement's selected professional stands on evidence: their NDA, and what is owed."""

    professional: Professional | None
    provider: Provider | None
    nda: EvidenceDocument | None
    gaps: list[Gap]

    @property
    def summary(self) -> str:
        return "; ".join(str(g) for g in self.gaps)


def evidence_standing(
    *,
    firm: Firm,
    provider: Provider | None,
    professional: Professional | None,
    on: datetime.date | None = None,
) -> Standing:
    """The NDA covering a professional and the required evidence still missing or expired."""
    if provider is None:
        return Standing(None, None, None, [])
    on = on or firm.today()
    return Standing(
        professional,
        provider,
        nda_on_file(firm=firm, provider=provider, professional=professional, on=on),
        evidence_gaps(firm=firm, provider=provider, professional=professional, on=on),
    )


def access_standing(*, firm: Firm, engagement, on: datetime.date | None = None) -> Standing:
    """The engagement's selected professional's evidence before access to a firm system: the firm's
    required kinds, and always an NDA (no access before it, whatever the firm requires)."""
    selection = current_selection(firm=firm, engagement=engagement)
    if selection is None:
        return Standing(None, None, None, [Gap(EvidenceKind.NDA, "missing")])
    standing = evidence_standing(
        firm=firm, provider=selection.provider, professional=selection.professional, on=on
    )
    if standing.nda is None and not any(g.kind == EvidenceKind.NDA for g in standing.gaps):
        cover, _valid = covering(
            firm=firm, provider=selection.provider, professional=selection.professional, on=on or firm.today()
        ).get(EvidenceKind.NDA, (None, False))
        nda_gap = Gap(EvidenceKind.NDA, "expired" if cover else "missing", cover)
        standing = Standing(standing.professional, standing.provider, None, [nda_gap, *standing.gaps])
    return standing
