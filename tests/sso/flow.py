"""One SSO sign-in as a browser would make it: firmops → the IdP's login form → back to firmops.

The Django test client plays firmops' side; `requests` plays the browser at the IdP. firmops' own
server-side calls (discovery, token, JWKS, userinfo) go to the live IdP over HTTP.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

import requests


@dataclass
class Outcome:
    response: object  # firmops' answer to the callback (None when the IdP refused the person)
    idp_page: str = ""  # the IdP's page when it refused
    callback: str = ""  # the callback URL the IdP sent the browser to


def at_idp(authorize_url: str, *, username: str, password: str) -> tuple[str, str]:
    """Sign in at the IdP's own form; returns (callback URL, "") or ("", the IdP's refusal page)."""
    browser = requests.Session()
    first = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert first.status_code == 302, first.text[:500]
    login_url = urljoin(authorize_url, first.headers["Location"])
    browser.get(login_url, timeout=10)
    form = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": browser.cookies["idp_csrftoken"],
        "next": parse_qs(urlsplit(login_url).query)["next"][0],
    }
    signed = browser.post(
        login_url, data=form, allow_redirects=False, timeout=10, headers={"Referer": login_url}
    )
    if signed.status_code != 302:
        return "", signed.text
    back = browser.get(urljoin(login_url, signed.headers["Location"]), allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text[:500]
    return back.headers["Location"], ""


def idp_url(response) -> str:
    """Where firmops sends the browser: the IdP's authorize URL in the page that continues there."""
    assert response.status_code == 200, (response.status_code, response.content[:300])
    found = re.search(r'<a id="idp-continue"[^>]* href="([^"]+)"', response.content.decode())
    assert found, response.content.decode()[:1000]
    return html.unescape(found[1])


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def sso_sign_in(
    client, *, email: str, password: str, start: dict | None = None, follow: bool = False
) -> Outcome:
    """From the SSO start page (by email, or `start` as posted data) through the IdP and back."""
    started = client.post("/accounts/sso/", start or {"email": email})
    callback, refused = at_idp(idp_url(started), username=email, password=password)
    if refused:
        return Outcome(None, idp_page=refused)
    return Outcome(client.get(local(callback), follow=follow), callback=callback)
