"""Which firm claimed an email domain, asked before anyone signs in (no firm or user in scope yet).

Row-level security hides every firm's rows when no firm is set. One extra policy lets a transaction
read the claim of exactly the domain it names in a transaction-local setting, and nothing else: the
login page learns the firm behind `avery.com` and never lists the domains of any firm.
"""

from __future__ import annotations

from django.db import connection, connections, transaction

from firmops.sso.models import SsoDomain

DOMAIN_SETTING = "firmops.sso_domain"
_TABLE = SsoDomain._meta.db_table
POLICY_SQL = [
    f'DROP POLICY IF EXISTS sso_domain_lookup ON "{_TABLE}"',
    f'CREATE POLICY sso_domain_lookup ON "{_TABLE}" FOR SELECT '
    f"USING (domain = NULLIF(current_setting('{DOMAIN_SETTING}', true), ''))",
]


def domain_firm_id(*, domain: str) -> int | None:
    """The id of the firm that claimed this domain, or None."""
    domain = domain.strip().lower()
    if not domain:
        return None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, %s, true)", [DOMAIN_SETTING, domain])
        return SsoDomain.objects.all_firms().filter(domain=domain).values_list("firm_id", flat=True).first()


def on_post_migrate(sender, using="default", **kwargs) -> None:
    """(Re)create the lookup policy; after firmops.tenancy.rls has enabled row-level security."""
    if connections[using].vendor != "postgresql":
        return
    with connections[using].cursor() as cursor:
        for statement in POLICY_SQL:
            cursor.execute(statement)
