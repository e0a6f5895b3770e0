"""Tenancy: every firm's rows kept apart, in Python (scope and managers) and in PostgreSQL (RLS).

The face of the package is the scope (`firm_scope`, the settings it sets) and what a firm-owned row
is (`FirmOwned`, `get_for_firm`). Beside them: `rls` (the database's policies), `dbroles` (the owner
and the app's role), `middleware` (the request's firm), `request_guard` (malformed requests refused
before any view runs).
"""

from firmops.tenancy.owned import (
    CrossFirmReference,
    FirmOwned,
    FirmQuerySet,
    FirmScopedManager,
    firm_owned_models,
    get_for_firm,
)
from firmops.tenancy.scope import (
    FIRM_SETTING,
    REQUEST_SETTING,
    USER_SETTING,
    FirmRef,
    FirmScopeRequired,
    current_firm_id,
    firm_scope,
    firm_transaction,
    request_firm_scope,
    set_db_setting,
    set_db_settings,
)

__all__ = [
    "FIRM_SETTING",
    "REQUEST_SETTING",
    "USER_SETTING",
    "CrossFirmReference",
    "FirmOwned",
    "FirmQuerySet",
    "FirmRef",
    "FirmScopeRequired",
    "FirmScopedManager",
    "current_firm_id",
    "firm_owned_models",
    "firm_scope",
    "firm_transaction",
    "get_for_firm",
    "request_firm_scope",
    "set_db_setting",
    "set_db_settings",
]
