from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from firmops.invitations.services import invitation_create, invitation_token
from firmops.models import Invitation, Membership, Role
from firmops.tenancy import firm_scope
from tests.factories import UserFactory


def _link_path(body: str) -> str:
    line = next(line for line in body.splitlines() if "/invite/" in line)
    return "/invite/" + line.split("/invite/")[1].strip()


def test_ops_invites_a_paralegal_who_signs_up_from_the_emailed_link(
    client_for, members, firm, django_capture_on_commit_callbacks, client
):
    ops = members[Role.OPS]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ops).post(
            "/f/avery/members/", {"email": "New.Hire@Example.test", "role": "paralegal"}
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["new.hire@example.test"]
    path = _link_path(mail.outbox[0].body)
    client.logout()

    page = client.get(path)
    assert "invited as <strong>Paralegal</strong>" in page.content.decode()
    response = client.post(
        path, {"first_name": "Nia", "last_name": "Hart", "password": "long-enough-secret-42"}
    )
    assert response.status_code == 302 and response["Location"] == "/f/avery/"
    with firm_scope(firm):
        membership = Membership.objects.get(user__email="new.hire@example.test")
    assert membership.role == Role.PARALEGAL
    assert client.get("/f/avery/").status_code == 200


def test_a_used_invitation_link_gets_a_clear_page(firm, partner, client):
    invitation = invitation_create(firm=firm, actor=partner, email="once@example.test", role=Role.ATTORNEY)
    path = f"/invite/{invitation_token(invitation)}/"
    client.post(path, {"password": "long-enough-secret-42"})
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_expired_invitation_link_gets_a_clear_page(firm, partner, client):
    invitation = invitation_create(firm=firm, actor=partner, email="late@example.test", role=Role.ATTORNEY)
    with firm_scope(firm):
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/invite/{invitation_token(invitation)}/")
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert (
        client.post(
            f"/invite/{invitation_token(invitation)}/", {"password": "long-enough-secret-42"}
        ).status_code
        == 410
    )


@pytest.mark.parametrize(
    "tamper",
    [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), lambda t: "x" + t, lambda t: "garbage"],
)
def test_a_tampered_invitation_link_gets_a_clear_page_and_no_firm_data(firm, partner, client, tamper):
    invitation = invitation_create(firm=firm, actor=partner, email="who@example.test", role=Role.OPS)
    response = client.get(f"/invite/{tamper(invitation_token(invitation))}/")
    body = response.content.decode()
    assert response.status_code == 400
    assert "not valid" in body and "Avery" not in body


def test_an_invitation_cannot_be_accepted_by_someone_else(firm, partner, client_for):
    invitation = invitation_create(firm=firm, actor=partner, email="intended@example.test", role=Role.OPS)
    stranger = UserFactory(email="stranger@example.test")
    client = client_for(stranger)
    client.post(f"/invite/{invitation_token(invitation)}/")
    assert client.get("/f/avery/").status_code == 404
    with firm_scope(firm):
        assert not Membership.objects.filter(user=stranger).exists()


def test_a_bad_invitation_email_is_named_in_the_error(firm, partner, client_for):
    response = client_for(partner).post("/f/avery/members/", {"email": "not-an-email", "role": "ops"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    with firm_scope(firm):
        assert not Invitation.objects.exists()


def test_create_firm_command_prints_a_working_invitation_link(db, client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_firm", "hale", "Hale Law PLLC", "--partner", "boss@hale.test", stdout=out)
    path = _link_path(out.getvalue())
    response = client.post(path, {"password": "long-enough-secret-42"})
    assert response.status_code == 302 and response["Location"] == "/f/hale/"


def test_create_firm_command_refuses_a_taken_slug(firm):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="slug: The slug 'avery' is taken"):
        call_command("create_firm", "avery", "Copycat", "--partner", "x@y.test")
