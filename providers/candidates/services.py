"""Writes of vetting: providers, their professionals, questionnaire templates, and the selection.

Questionnaire links and answers live in providers.questionnaires.services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from firmops.models import Engagement, Firm, Stage, User
from firmops.tenancy import firm_scope, firm_transaction
from providers.models import SELECTION_STOPPED, Professional, Provider, Selection


def _save_fields(firm: Firm, instance, fields: dict) -> None:
    """Set the fields a firm may edit (anything else is refused), validate and save in the firm's scope."""
    allowed = type(instance).EDITABLE_FIELDS
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(instance, name, value)
    with firm_scope(firm):
        instance.full_clean(exclude=["firm"])
        instance.save()


def _check_engagement(firm: Firm, engagement: Engagement | None) -> None:
    if engagement is not None and engagement.firm_id != firm.pk:
        raise ValidationError({"engagement": "That engagement belongs to another firm."})


@firm_transaction
def provider_create(*, firm: Firm, actor: User | None, **fields) -> Provider:
    """Add a provider to the firm's list, optionally on an engagement's shortlist."""
    _check_engagement(firm, fields.get("engagement"))
    provider = Provider(firm=firm)
    _save_fields(firm, provider, fields)
    return provider


@firm_transaction
def provider_update(*, firm: Firm, provider: Provider, **fields) -> Provider:
    """Change a provider's details."""
    if provider.firm_id != firm.pk:
        raise ValidationError("That provider belongs to another firm.")
    _check_engagement(firm, fields.get("engagement"))
    _save_fields(firm, provider, fields)
    return provider


@firm_transaction
def provider_delete(*, firm: Firm, provider: Provider) -> None:
    """Remove a provider, unless it was ever selected (the selection history must keep it)."""
    with firm_scope(firm):
        if Selection.objects.filter(provider=provider).exists():
            raise ValidationError(f"{provider.name} was selected for an engagement; its record is kept.")
        _delete_unless_referenced(
            provider, f"{provider.name} has delegated work on record; its record is kept."
        )


@firm_transaction
def professional_create(*, firm: Firm, provider: Provider, **fields) -> Professional:
    """Record a candidate the provider proposes."""
    if provider.firm_id != firm.pk:
        raise ValidationError("That provider belongs to another firm.")
    professional = Professional(firm=firm, provider=provider)
    _save_fields(firm, professional, fields)
    return professional


@firm_transaction
def professional_update(*, firm: Firm, professional: Professional, **fields) -> Professional:
    """Change a candidate's details or status."""
    if professional.firm_id != firm.pk:
        raise ValidationError("That professional belongs to another firm.")
    _save_fields(firm, professional, fields)
    return professional


@firm_transaction
def professional_delete(*, firm: Firm, professional: Professional) -> None:
    """Remove a candidate who was never selected."""
    with firm_scope(firm):
        if Selection.objects.filter(professional=professional).exists():
            raise ValidationError(
                f"{professional.name} was selected for an engagement; their record is kept."
            )
        _delete_unless_referenced(
            professional, f"{professional.name} has delegated work on record; their record is kept."
        )


def _delete_unless_referenced(row, message: str) -> None:
    """Later phases protect the rows they point at (work items → professional): refuse, don't crash."""
    try:
        with transaction.atomic():
            row.delete()
    except ProtectedError as exc:
        raise ValidationError(message) from exc


@firm_transaction
def professional_account_link(*, firm: Firm, user: User) -> list[Professional]:
    """Link a newly joined outsourced professional's account to the candidate with their email.

    Where that candidate is an engagement's live selection, the engagement becomes theirs to see
    (its plan and items), as selecting an already linked candidate does.
    """
    linked = list(
        Professional.objects.for_firm(firm)
        .filter(user__isnull=True, email__iexact=user.email)
        .exclude(email="")
    )
    for professional in linked:
        professional.user = user
        professional.save(update_fields=["user"])
        live = (
            Selection.objects.for_firm(firm)
            .filter(professional=professional, engagement__external_user__isnull=True)
            .exclude(status__in=SELECTION_STOPPED)
            .exclude(engagement__stage=Stage.CLOSED)  # offboarded when it closed
            .select_related("engagement")
        )
        for selection in live:
            selection.engagement.external_user = user
            selection.engagement.save(update_fields=["external_user"])
    return linked
