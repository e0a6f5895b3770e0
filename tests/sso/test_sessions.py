"""An SSO session lives as long as the IdP's ID token; state, nonce and PKCE make a sign-in single-use
and bound to the browser that started it."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from firmops.models import Role
from firmops.sso.models import SsoSignIn
from firmops.tenancy import firm_scope
from tests.sso.conftest import IDP_PASSWORD
from tests.sso.flow import at_idp, idp_url, local, sso_sign_in


@pytest.fixture
def short_tokens(idp):
    idp.id_token_seconds(3)
    yield
    idp.id_token_seconds(3600)


def test_the_session_ends_when_the_id_token_expires_and_a_disabled_user_cannot_come_back(
    firm, members, engagement, avery_idp, idp, short_tokens
):
    avery_idp(require_sso=True)
    idp.user("attorney@avery.test", IDP_PASSWORD)
    client = Client()
    assert sso_sign_in(client, email="attorney@avery.test", password=IDP_PASSWORD).response.status_code == 302
    assert client.get("/f/avery/").status_code == 200
    with firm_scope(firm):
        ends = SsoSignIn.objects.get().expires_at
    assert client.session.get_expiry_age() <= 3 + 60  # the session row itself ends soon after
    time.sleep(max(0.0, ends.timestamp() - time.time()) + 0.5)
    after = client.get("/f/avery/")
    assert after.status_code == 302 and after["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert "has ended: sign in there again" in client.get("/accounts/login/").content.decode()
    idp.user("attorney@avery.test", IDP_PASSWORD, active=False)  # off-boarded at the IdP
    again = sso_sign_in(client, email="attorney@avery.test", password=IDP_PASSWORD)
    assert again.response is None and "_auth_user_id" not in client.session
    assert client.get("/f/avery/").status_code == 302


def _code_for(client, *, email: str, start: dict) -> tuple[str, str]:
    """Start a sign-in and come back from the IdP with a code; returns (callback, state id)."""
    started = client.post("/accounts/sso/", start)
    callback, _ = at_idp(idp_url(started), username=email, password=IDP_PASSWORD)
    return callback, parse_qs(urlsplit(callback).query)["state"][0]


def test_a_callback_works_once_and_only_in_the_browser_that_started_it(firm, members, avery_idp, idp):
    avery_idp()
    idp.user("paralegal@avery.test", IDP_PASSWORD)
    client = Client()
    callback, _ = _code_for(client, email="paralegal@avery.test", start={"email": "paralegal@avery.test"})
    stranger = Client()
    elsewhere = stranger.get(local(callback))  # the link alone, without the state in the session
    assert b"Third-Party Login Failure" in elsewhere.content and "_auth_user_id" not in stranger.session
    assert client.get(local(callback)).status_code == 302
    assert int(client.session["_auth_user_id"]) == members[Role.PARALEGAL].pk
    client.logout()
    replay = client.get(local(callback))
    assert b"Third-Party Login Failure" in replay.content and "_auth_user_id" not in client.session


def test_an_id_token_whose_nonce_is_not_the_one_sent_signs_no_one_in(firm, members, avery_idp, idp, caplog):
    avery_idp()
    idp.user("paralegal@avery.test", IDP_PASSWORD)
    client = Client()
    callback, state_id = _code_for(
        client, email="paralegal@avery.test", start={"email": "paralegal@avery.test"}
    )
    session = client.session
    states = session["socialaccount_states"]
    states[state_id][0]["nonce"] = "a-nonce-this-sign-in-never-sent"
    session["socialaccount_states"] = states
    session.save()
    answer = client.get(local(callback))
    assert b"Third-Party Login Failure" in answer.content
    assert "_auth_user_id" not in client.session
    assert "nonce is not the one this sign-in sent" in caplog.text
