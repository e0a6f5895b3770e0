"""Sign-in, password reset and sign-up answer alike whether or not an account has the email.

Compared on what the person asking sees: status, redirect and page (CSRF tokens and the address
they typed masked). Either way one email goes to the address typed — only its owner reads which
kind it is (a reset link or "no account here"; a confirmation or "you already have an account").
"""

import re

import pytest
from django.core import mail
from django.test import Client

KNOWN, UNKNOWN = "partner@avery.test", "nobody@avery.test"
PASSWORD = "long-enough-secret-42"


def _seen(response, email: str) -> tuple:
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    return response.status_code, response.get("Location"), body.replace(email, "EMAIL")


def _answer(path: str, form: dict, email: str) -> tuple[tuple, list]:
    """A fresh browser posts the form; what it sees and the mail that went out."""
    mail.outbox.clear()
    client = Client()
    response = client.post(path, form)
    seen = _seen(response, email)
    followed = _seen(client.get(response["Location"]), email) if response.get("Location") else None
    return (seen, followed), [(m.to, m.subject) for m in mail.outbox]


@pytest.fixture
def known(partner):
    return partner


def test_sign_in_with_a_wrong_password_looks_like_an_unknown_email(known):
    known_seen, _ = _answer("/accounts/login/", {"login": KNOWN, "password": "wrong-password-1"}, KNOWN)
    unknown_seen, _ = _answer("/accounts/login/", {"login": UNKNOWN, "password": "wrong-password-1"}, UNKNOWN)
    assert known_seen == unknown_seen
    assert known_seen[0][0] == 200 and "not correct" in known_seen[0][2]


def test_password_reset_answers_alike_and_mails_only_the_mailbox(known):
    known_seen, known_mail = _answer("/accounts/password/reset/", {"email": KNOWN}, KNOWN)
    unknown_seen, unknown_mail = _answer("/accounts/password/reset/", {"email": UNKNOWN}, UNKNOWN)
    assert known_seen == unknown_seen
    assert known_seen[0][:2] == (302, "/accounts/password/reset/done/")
    assert [to for to, _ in known_mail] == [[KNOWN]] and [to for to, _ in unknown_mail] == [[UNKNOWN]]


def test_sign_up_with_a_taken_email_looks_like_a_new_one(known):
    form = {"password1": PASSWORD, "password2": PASSWORD}
    taken_seen, taken_mail = _answer("/accounts/signup/", form | {"email": KNOWN}, KNOWN)
    new_seen, new_mail = _answer("/accounts/signup/", form | {"email": UNKNOWN}, UNKNOWN)
    assert taken_seen == new_seen
    assert taken_seen[0][:2] == (302, "/accounts/confirm-email/")
    assert [to for to, _ in taken_mail] == [[KNOWN]] and [to for to, _ in new_mail] == [[UNKNOWN]]
    from firmops.models import User

    assert User.objects.filter(email=KNOWN).count() == 1  # the taken address got no second account


def test_the_lockout_is_per_account_not_per_browser(client, members):
    """Five bad passwords lock that account for five minutes; a colleague on the same network signs in."""
    from tests.factories import PASSWORD as GOOD

    for _ in range(5):
        client.post("/accounts/login/", {"login": KNOWN, "password": "wrong-password"})
    refused = client.post("/accounts/login/", {"login": KNOWN, "password": GOOD})
    assert "Too many failed login attempts" in refused.content.decode()
    colleague = client.post("/accounts/login/", {"login": "paralegal@avery.test", "password": GOOD})
    assert colleague.status_code == 302 and "_auth_user_id" in client.session
