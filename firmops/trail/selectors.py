"""Reads of the core: memberships, engagements, reminders."""

from __future__ import annotations

from firmops.models import Firm


def trail_for(*, firm: Firm, table: str = "", row_pk: str = "", limit: int = 200):
    """Recent recorded changes of the firm, optionally of one table or one row, newest first."""
    from firmops.models import ChangeRecord

    qs = ChangeRecord.objects.for_firm(firm).select_related("actor")
    if table:
        qs = qs.filter(table=table)
    if row_pk:
        qs = qs.filter(row_pk=str(row_pk))
    return list(qs[:limit])


def trail_table_names() -> dict[str, str]:
    """db table → readable name, for the trail page."""
    from firmops.tenancy import firm_owned_models

    names = {m._meta.db_table: str(m._meta.verbose_name).capitalize() for m in firm_owned_models()}
    return {**names, "firmops_firm": "Firm settings"}
