"""Run the test IdP (tests/sso/idp) as a real server on loopback, and drive its directory.

A subprocess: migrate its own SQLite file, then gunicorn on a free port. The firmops side meets it
only over HTTP, as it would meet Okta or Entra ID: discovery, authorize, token, userinfo, JWKS.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class IdP:
    url: str  # the issuer: what a partner types into the firm's SSO settings
    control_token: str
    process: subprocess.Popen

    def _control(self, **data) -> dict:
        answer = requests.post(
            self.url.removesuffix("/o") + "/control/",
            json=data,
            headers={"Authorization": f"Bearer {self.control_token}"},
            timeout=10,
        )
        answer.raise_for_status()
        return answer.json()

    def user(self, email: str, password: str, *, groups=(), active=True, first_name="", last_name="") -> str:
        """Create or update a directory user; returns its subject (the `sub` claim)."""
        return self._control(
            action="user",
            email=email,
            password=password,
            groups=list(groups),
            active=active,
            first_name=first_name,
            last_name=last_name,
        )["sub"]

    def client(self, client_id: str, client_secret: str, redirect_uris: list[str]) -> None:
        self._control(
            action="client", client_id=client_id, client_secret=client_secret, redirect_uris=redirect_uris
        )

    def id_token_seconds(self, seconds: int) -> None:
        self._control(action="id_token_seconds", seconds=seconds)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def idp_start(workdir: Path) -> IdP:
    """Start the IdP and wait until its discovery document answers."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = workdir / "idp-rsa.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    token = secrets.token_urlsafe(24)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "tests.sso.idp.settings",
        "IDP_SECRET_KEY": secrets.token_urlsafe(40),
        "IDP_DATABASE": str(workdir / "idp.sqlite3"),
        "IDP_RSA_KEY_FILE": str(key_file),
        "IDP_CONTROL_TOKEN": token,
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    port = _free_port()
    log = open(workdir / "idp.log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tests.sso.idp.wsgi", "-b", f"127.0.0.1:{port}", "--threads", "4"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/o"
    # Generous: on a loaded CI machine gunicorn may accept connections seconds before its worker answers.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test IdP exited: {(workdir / 'idp.log').read_text()[-2000:]}")
        try:
            if requests.get(url + "/.well-known/openid-configuration", timeout=10).ok:
                return IdP(url=url, control_token=token, process=process)
        except requests.RequestException:  # refused (not listening yet) or timed out (worker still booting)
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the test IdP did not answer within 120 s")


def idp_stop(idp: IdP) -> None:
    idp.process.terminate()
    idp.process.wait(timeout=10)
