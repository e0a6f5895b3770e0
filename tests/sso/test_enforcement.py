"""With SSO required: passwords are off for the firm's staff (login, reset, an old reset link), the
login page sends them to the firm's IdP, and a session the IdP did not open sees none of the firm.
The outsourced professional is not the firm's staff and keeps their password."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client

from firmops.models import Role, User
from tests.factories import PASSWORD
from tests.sso.conftest import IDP_PASSWORD
from tests.sso.flow import at_idp, idp_url, local

IDP_NAME = "Avery & Stone LLP Okta"
IDP_HTML = "Avery &amp; Stone LLP Okta"  # as a page shows it


@pytest.fixture
def required(firm, members, avery_idp):
    return avery_idp(require_sso=True)


def test_password_login_of_a_claimed_address_is_refused_and_sent_to_the_firms_idp(required, idp):
    client = Client()
    answer = client.post("/accounts/login/", {"login": "attorney@avery.test", "password": PASSWORD})
    assert idp_url(answer).startswith(idp.url + "/authorize/")
    query = parse_qs(urlsplit(idp_url(answer)).query)
    assert query["login_hint"] == ["attorney@avery.test"] and query["code_challenge_method"] == ["S256"]
    assert query["nonce"][0] and query["state"][0]
    assert "_auth_user_id" not in client.session
    # The page that goes on to the IdP says why.
    assert f"signs its members in through {IDP_HTML}" in answer.content.decode()


def test_a_wrong_password_at_a_claimed_domain_gets_the_same_answer_as_a_right_one(required, idp):
    right = Client().post("/accounts/login/", {"login": "attorney@avery.test", "password": PASSWORD})
    wrong = Client().post("/accounts/login/", {"login": "attorney@avery.test", "password": "not-it-at-all"})
    unknown = Client().post("/accounts/login/", {"login": "nobody@avery.test", "password": "whatever-1"})
    for answer in (right, wrong, unknown):
        assert idp_url(answer).startswith(idp.url + "/authorize/")


def test_a_member_at_another_domain_is_refused_after_their_password_with_a_message_naming_the_idp(
    firm, required
):
    User.objects.filter(email="ops@avery.test").update(email="ops.person@gmail.test")
    page = Client().post(
        "/accounts/login/", {"login": "ops.person@gmail.test", "password": PASSWORD}, follow=True
    )
    text = page.content.decode()
    assert f"signs its members in through {IDP_HTML}" in text
    assert "Password sign-in and password reset are off" in text


def test_password_reset_of_a_claimed_address_is_refused_naming_the_idp(firm, members, required):
    page = Client().post("/accounts/password/reset/", {"email": "paralegal@avery.test"}).content.decode()
    assert f"through {IDP_HTML}" in page and "password reset are off" in page
    assert mail.outbox == []


def test_a_member_at_another_domain_asking_for_a_reset_gets_a_note_naming_the_idp_not_a_link(
    firm, members, required, django_capture_on_commit_callbacks
):
    User.objects.filter(email="ops@avery.test").update(email="ops.person@gmail.test")
    with django_capture_on_commit_callbacks(execute=True):
        page = Client().post("/accounts/password/reset/", {"email": "ops.person@gmail.test"}, follow=True)
    assert page.status_code == 200  # the same page as for any address
    (note,) = mail.outbox
    assert note.to == ["ops.person@gmail.test"] and f"through {IDP_NAME}" in note.body
    assert "/accounts/password/reset/key/" not in note.body


def test_a_reset_link_mailed_before_sso_was_required_no_longer_sets_a_password(firm, members, avery_idp):
    client = Client()
    client.post("/accounts/password/reset/", {"email": "paralegal@avery.test"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/key/" in line)
    avery_idp(require_sso=True)
    form = client.get(local(link.strip()), follow=True)
    answer = client.post(
        form.redirect_chain[-1][0], {"password1": "brand-new-pass-77", "password2": "brand-new-pass-77"}
    )
    assert "password reset are off" in answer.content.decode()
    members[Role.PARALEGAL].refresh_from_db()
    assert members[Role.PARALEGAL].check_password(PASSWORD)


def test_a_password_session_opened_before_sso_was_required_is_sent_to_the_idp(
    firm, members, engagement, avery_idp
):
    client = Client()
    client.force_login(members[Role.ATTORNEY])
    assert client.get("/f/avery/").status_code == 200
    avery_idp(require_sso=True)
    page = client.get("/f/avery/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/sso/?firm=avery")
    api = client.get("/api/v1/firms/avery/engagements/")
    assert api.status_code == 403 and IDP_NAME in api.json()["detail"]
    assert "Avery audit 2026" not in api.content.decode()
    start = client.get(page["Location"]).content.decode()
    assert f"Continue to {IDP_HTML}" in start


def test_the_outsourced_professional_keeps_their_password(firm, members, required, engagement):
    client = Client()
    answer = client.post("/accounts/login/", {"login": "external@avery.test", "password": PASSWORD})
    assert answer.status_code == 302 and not answer["Location"].startswith("http")
    assert client.get("/f/avery/").status_code == 200


def test_after_the_idp_the_same_member_sees_the_firm(firm, members, engagement, required, idp):
    idp.user("attorney@avery.test", IDP_PASSWORD)
    client = Client()
    answer = client.post("/accounts/login/", {"login": "attorney@avery.test", "password": PASSWORD})
    callback, _ = at_idp(idp_url(answer), username="attorney@avery.test", password=IDP_PASSWORD)
    assert client.get(local(callback)).status_code == 302
    assert client.get("/f/avery/").status_code == 200
    assert client.get("/api/v1/firms/avery/engagements/").status_code == 200
