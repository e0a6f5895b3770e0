"""What a firm-owned row is: `FirmOwned`, its scoped manager, and lookups that give one 404.

In Python, a tenant model's default manager refuses to query outside a firm scope; saving refuses
a row of another firm than the one in scope, and a parent row of another firm.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import Http404

from firmops.tenancy.scope import FirmRef, FirmScopeRequired, current_firm_id


class CrossFirmReference(ValueError):
    """A firm's row was about to point at another firm's row."""


class FirmQuerySet(models.QuerySet):
    """Querysets of firm-owned rows."""

    def for_firm(self, firm: FirmRef) -> FirmQuerySet:
        firm_id = firm if isinstance(firm, int) else firm.pk
        return self.filter(firm_id=firm_id)


class FirmScopedManager(models.Manager.from_queryset(FirmQuerySet)):
    """Default manager of tenant models: filters by the firm in scope, raises when there is none."""

    def get_queryset(self) -> FirmQuerySet:
        firm_id = current_firm_id()
        if firm_id is None:
            raise FirmScopeRequired(
                f"{self.model.__name__} queried outside a firm scope; use .for_firm(firm) or firm_scope()."
            )
        return super().get_queryset().filter(firm_id=firm_id)

    def for_firm(self, firm: FirmRef) -> FirmQuerySet:
        """Explicitly one firm's rows, scope or not."""
        firm_id = firm if isinstance(firm, int) else firm.pk
        return super().get_queryset().filter(firm_id=firm_id)

    def all_firms(self) -> FirmQuerySet:
        """Deliberately cross-firm (admin, platform jobs). On PostgreSQL RLS still applies."""
        return super().get_queryset()


class FirmOwned(models.Model):
    """Base of every tenant-owned model: a `firm` on every row, even where a parent already has one."""

    firm = models.ForeignKey("firmops.Firm", on_delete=models.CASCADE, related_name="+", editable=False)

    objects = FirmScopedManager()
    audit_trail = (
        True  # every change is recorded (firmops.trail.recording); set False on pure bookkeeping tables
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        scoped = current_firm_id()
        if self.firm_id is None and scoped is not None:
            self.firm_id = scoped
        if scoped is not None and self.firm_id != scoped:
            raise FirmScopeRequired(
                f"Refusing to save a {type(self).__name__} of firm {self.firm_id} in firm {scoped}'s scope."
            )
        self._refuse_other_firms_rows()
        super().save(*args, **kwargs)

    def _refuse_other_firms_rows(self) -> None:
        """Parents already loaded must be of this row's firm (no query; PostgreSQL's keys check the rest)."""
        for field in self._meta.concrete_fields:
            if not field.is_relation or field.name == "firm" or not field.is_cached(self):
                continue
            parent = field.get_cached_value(self)
            if isinstance(parent, FirmOwned) and self.firm_id is not None and parent.firm_id != self.firm_id:
                raise CrossFirmReference(
                    f"{type(self).__name__}.{field.name} points at a {type(parent).__name__} "
                    f"of firm {parent.firm_id}, but the row belongs to firm {self.firm_id}."
                )


M = TypeVar("M", bound=models.Model)


def get_for_firm(model: type[M], *, firm: FirmRef, **lookup) -> M:
    """One firm-owned object, with the same 404 whether it is missing or belongs to another firm."""
    try:
        return model.objects.for_firm(firm).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {model._meta.verbose_name} here.") from exc


def firm_owned_models() -> list[type[models.Model]]:
    """Every concrete tenant model, for RLS policies and the isolation tests."""
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, FirmOwned) and not m._meta.proxy]
