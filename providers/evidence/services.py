"""Writes of evidence: add a document (or a new version of one), and the firm's required kinds.

Every check runs before the first write, and a refusal names the field it is about; the file reaches
storage only once everything else is known good, and is removed again if the row cannot be saved.
"""

from __future__ import annotations

import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone

from firmops.messaging.reminders import reminders_cancel
from firmops.models import Firm, User
from firmops.tenancy import firm_transaction
from providers.evidence.files import evidence_file_check, file_digest
from providers.evidence.models import KINDS_THAT_EXPIRE, EvidenceDocument, EvidenceKind, EvidenceRequirement
from providers.evidence.reminders import EXPIRY_KIND
from providers.evidence.selectors import Standing
from providers.models import Professional, Provider, ProviderModel, Questionnaire


def _check_subject(
    firm: Firm, provider: Provider | None, professional: Professional | None
) -> tuple[Provider, Professional | None]:
    if professional is not None:
        if professional.firm_id != firm.pk:
            raise ValidationError({"professional": "That professional belongs to another firm."})
        if provider is not None and provider.pk != professional.provider_id:
            raise ValidationError({"professional": f"{professional.name} is not one of {provider.name}'s."})
        provider = professional.provider
    if provider is None:
        raise ValidationError("Say whose document it is: a provider or one of its professionals.")
    if provider.firm_id != firm.pk:
        raise ValidationError({"provider": "That provider belongs to another firm."})
    return provider, professional


def _check_link(provider: Provider, via_link: Questionnaire | None) -> None:
    if via_link is None:
        return
    if via_link.firm_id != provider.firm_id or via_link.provider_id != provider.pk:
        raise ValidationError("That questionnaire link is not this provider's.")
    if via_link.submitted_at is not None:
        raise ValidationError(
            "This questionnaire was submitted: documents can no longer be added through it."
        )


def _field_errors(firm: Firm, *, kind: str, title: str, issued_on, expires_on, file) -> dict[str, list[str]]:
    """Every problem with what was given, by field, so one answer names them all."""
    errors: dict[str, list[str]] = {}
    if kind not in EvidenceKind.values:
        errors["kind"] = [f"“{kind}” is not a kind of document: choose one of the list."]
    elif kind == EvidenceKind.OTHER and not title.strip():
        errors["title"] = ["Say what the document is."]
    if len(title) > 200:
        errors["title"] = ["Keep the title under 200 characters."]
    for name, value in (("issued_on", issued_on), ("expires_on", expires_on)):
        if value is not None and not isinstance(value, datetime.date):
            errors[name] = ["Give a date (YYYY-MM-DD)."]
    if "issued_on" not in errors and issued_on and issued_on > firm.today():
        errors["issued_on"] = ["The issue date is in the future."]
    if kind in KINDS_THAT_EXPIRE and expires_on is None and "expires_on" not in errors:
        label = EvidenceKind(kind).label
        errors["expires_on"] = [f"A {label} lapses: give its expiry date, so the firm is reminded in time."]
    if (
        isinstance(issued_on, datetime.date)
        and isinstance(expires_on, datetime.date)
        and expires_on < issued_on
    ):
        errors["expires_on"] = [
            f"The expiry date ({expires_on:%b %-d, %Y}) is before the issue date ({issued_on:%b %-d, %Y})."
        ]
    if file is None:
        errors["file"] = ["Choose the document's file."]
    else:
        try:
            evidence_file_check(file)
        except ValidationError as exc:
            errors["file"] = exc.messages
    return errors


def _current_of_line(
    firm: Firm, provider: Provider, professional: Professional | None, kind: str, replaces
) -> EvidenceDocument | None:
    """The version a new upload supersedes: the one named, else the current one of that kind
    ("Other" documents are each their own line unless one is named)."""
    same = EvidenceDocument.objects.for_firm(firm).filter(provider=provider, professional=professional)
    if replaces is not None:
        earlier = same.filter(pk=getattr(replaces, "pk", replaces), superseded_at__isnull=True).first()
        if earlier is None or earlier.kind != kind:
            raise ValidationError(
                {"replaces": "Only the current version of this document, on this record, can be replaced."}
            )
        return earlier
    if kind == EvidenceKind.OTHER:
        return None
    return same.filter(kind=kind, superseded_at__isnull=True).order_by("-version", "-pk").first()


@firm_transaction
def evidence_add(
    *,
    firm: Firm,
    kind: str,
    file: IO[bytes] | None,
    issued_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    provider: Provider | None = None,
    professional: Professional | None = None,
    actor: User | None = None,
    via_link: Questionnaire | None = None,
    title: str = "",
    replaces: EvidenceDocument | int | None = None,
) -> EvidenceDocument:
    """Keep a document on a provider (or one of its professionals); the earlier version of it stays.

    A document of a kind already on file becomes its new version (the earlier one is kept, listed and
    marked superseded); `replaces` names the version explicitly (needed for "Other" documents).
    `via_link`: the provider uploaded it through that questionnaire's secure link (no actor then).
    """
    provider, professional = _check_subject(firm, provider, professional)
    _check_link(provider, via_link)
    title = (title or "").strip()
    errors = _field_errors(
        firm, kind=kind, title=title, issued_on=issued_on, expires_on=expires_on, file=file
    )
    if errors:
        raise ValidationError(errors)
    mime, size = evidence_file_check(file)
    # One upload at a time per provider, so two replacements cannot both supersede the same version.
    Provider.objects.for_firm(firm).select_for_update().filter(pk=provider.pk).first()
    earlier = _current_of_line(firm, provider, professional, kind, replaces)
    original = getattr(file, "name", "") or ""
    document = EvidenceDocument(
        firm=firm,
        provider=provider,
        professional=professional,
        kind=kind,
        title=title if kind == EvidenceKind.OTHER else "",
        issued_on=issued_on,
        expires_on=expires_on,
        original_name=original.rsplit("/", 1)[-1][:255],
        content_type=mime,
        size=size,
        sha256=file_digest(file),
        version=(earlier.version + 1) if earlier else 1,
        replaces=earlier,
        added_by=None if via_link is not None else actor,
        via_link=via_link,
    )
    content = file if isinstance(file, File) else File(file, name=original or "document")
    document.file.save("upload", content, save=False)
    try:
        document.save()
        if earlier is not None:
            earlier.superseded_at = timezone.now()
            earlier.save(update_fields=["superseded_at"])
            # The earlier version's expiry no longer matters: nobody is chased about it.
            reminders_cancel(firm=firm, key_prefix=f"{EXPIRY_KIND}:{earlier.pk}:")
    except BaseException:
        document.file.delete(save=False)  # no stored file without its row
        raise
    return document


MIN_OVERRIDE_CHARS = 10


def evidence_override_reason(*, standing: Standing, reason: str, action: str) -> str:
    """The reason to go ahead while required evidence is missing or expired ("" when nothing is).

    Refuses, naming what is owed, when something is and no reason was given: the action and its
    reason are saved on the row the action changes, so the audit trail keeps who went ahead, and why.
    """
    if not standing.gaps:
        return ""
    reason = (reason or "").strip()
    if len(reason) < MIN_OVERRIDE_CHARS:
        owed = "; ".join(str(g) for g in standing.gaps)
        raise ValidationError(
            {
                "override_reason": (
                    f"Required evidence is missing or expired ({owed}). To {action} anyway, give the "
                    "reason: it is kept in the audit trail."
                )
            }
        )
    return reason[:2000]


@firm_transaction
def evidence_requirements_set(
    *, firm: Firm, actor: User | None, provider_model: str, kinds: list[str]
) -> EvidenceRequirement:
    """Choose which kinds of evidence the firm requires of one provider model."""
    if provider_model not in ProviderModel.values:
        raise ValidationError({"provider_model": f"“{provider_model}” is not a provider model."})
    unknown = [k for k in kinds if k not in EvidenceKind.values or k == EvidenceKind.OTHER]
    if unknown:
        raise ValidationError({"kinds": f"Not a kind a firm can require: {', '.join(map(str, unknown))}."})
    ordered = [k for k in EvidenceKind.values if k in set(kinds)]
    requirement, _ = EvidenceRequirement.objects.for_firm(firm).get_or_create(
        provider_model=provider_model, defaults={"firm": firm}
    )
    requirement.kinds, requirement.updated_by = ordered, actor
    requirement.save()
    return requirement
