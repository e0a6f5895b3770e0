"""SSO tests run against a real OpenID Provider (tests/sso/idp: django-oauth-toolkit) on loopback.

Personas: Avery & Stone (firm `avery`) runs "Avery Okta" and claims avery.test; Blackwood runs its
own IdP app on the same server (another client), which must never sign Avery's people in.
"""

import pytest
from django.test import Client

from firmops.sso.models import SsoConnection, SsoDomain
from firmops.sso.services import sso_connection_save, sso_connection_test
from firmops.tenancy import firm_scope
from tests.factories import MembershipFactory, UserFactory
from tests.sso.idp_server import idp_start, idp_stop

AVERY_SECRET = "avery-client-secret-4f9c2e"
BLACKWOOD_SECRET = "blackwood-client-secret-77aa"
IDP_PASSWORD = "directory-pass-31"


@pytest.fixture(scope="session")
def idp(tmp_path_factory):
    server = idp_start(tmp_path_factory.mktemp("idp"))
    yield server
    idp_stop(server)


def connect_firm(*, firm, idp, client_id: str, secret: str, domains=(), **rules) -> SsoConnection:
    """The firm's partner set the IdP up and tested it (the settings page is tested on its own)."""
    provider = f"sso-{firm.slug}"
    idp.client(
        client_id,
        secret,
        [f"http://testserver/accounts/oidc/{provider}/login/callback/"]
        + [f"http://localhost:{p}/accounts/oidc/{provider}/login/callback/" for p in rules.pop("ports", [])],
    )
    connection = SsoConnection(
        firm=firm, display_name=f"{firm.name} Okta", issuer=idp.url, client_id=client_id
    )
    for key, value in rules.items():
        setattr(connection, key, value)
    require = connection.require_sso
    connection.require_sso = False
    sso_connection_save(firm=firm, connection=connection, client_secret=secret)
    sso_connection_test(firm=firm, connection=connection)
    with firm_scope(firm):
        for domain in domains:
            SsoDomain.objects.create(firm=firm, domain=domain)
    if require:
        connection.require_sso = True
        sso_connection_save(firm=firm, connection=connection)
    return connection


@pytest.fixture
def avery_idp(firm, idp):
    def make(**rules):
        return connect_firm(
            firm=firm,
            idp=idp,
            client_id="avery-firmops",
            secret=AVERY_SECRET,
            domains=["avery.test"],
            **rules,
        )

    return make


@pytest.fixture
def blackwood_idp(other_firm, idp):
    def make(**rules):
        return connect_firm(
            firm=other_firm,
            idp=idp,
            client_id="blackwood-firmops",
            secret=BLACKWOOD_SECRET,
            domains=["blackwood.test"],
            **rules,
        )

    return make


def member_of(firm, role, email):
    user = UserFactory(email=email)
    with firm_scope(firm):
        MembershipFactory(firm=firm, user=user, role=role)
    return user


@pytest.fixture
def fresh_client():
    return Client()
