from django.core import mail

from firmops.models import User
from tests.factories import PASSWORD


def test_the_sixth_bad_password_within_five_minutes_is_refused_even_if_correct(client, partner):
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": "partner@avery.test", "password": "wrong-password"}
        )
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": "partner@avery.test", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_a_new_signup_must_verify_their_email_before_signing_in(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "solo@newfirm.test",
            "password1": "long-enough-secret-42",
            "password2": "long-enough-secret-42",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == ["solo@newfirm.test"] and "confirm" in mail.outbox[-1].body.lower()
    login = client.post(
        "/accounts/login/", {"login": "solo@newfirm.test", "password": "long-enough-secret-42"}
    )
    assert "_auth_user_id" not in client.session
    assert login["Location"] == "/accounts/confirm-email/"
    assert User.objects.get(email="solo@newfirm.test").emailaddress_set.get().verified is False


def test_a_signed_in_person_without_a_firm_can_start_one_and_becomes_its_partner(client_for, db):
    from tests.factories import UserFactory

    client = client_for(UserFactory(email="founder@new.test"))
    picker = client.get("/", follow=True).content.decode()
    assert "not a member of any firm yet" in picker
    response = client.post(
        "/firms/new/", {"name": "Nguyen Family Law", "slug": "", "time_zone": "America/Los_Angeles"}
    )
    assert response["Location"] == "/f/nguyen-family-law/"
    assert (
        client.get("/f/nguyen-family-law/settings/").status_code == 302
    )  # MFA required by default for partners


def test_removing_a_member_ends_all_their_sessions_at_once(
    client, partner, members, firm, django_capture_on_commit_callbacks
):
    from django.test import Client

    from firmops.models import Membership, Role
    from firmops.tenancy import firm_scope

    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post("/accounts/login/", {"login": "paralegal@avery.test", "password": PASSWORD})
        assert device.get("/f/avery/").status_code == 200
    client.force_login(partner)
    with firm_scope(firm):
        membership = Membership.objects.get(user=members[Role.PARALEGAL])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/f/avery/members/{membership.pk}/remove/", follow=True)
    assert "was removed from Avery" in response.content.decode()
    for device in (laptop, phone):
        assert device.get("/f/avery/").status_code == 302  # signed out: back to the login page


def test_the_last_partner_cannot_be_removed(client_for, partner, members, firm):
    from firmops.models import Membership, Role
    from firmops.services import membership_remove
    from firmops.tenancy import firm_scope

    with firm_scope(firm):
        own = Membership.objects.get(user=partner)
    response = client_for(partner).post(f"/f/avery/members/{own.pk}/remove/", follow=True)
    assert "cannot remove yourself" in response.content.decode()
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least one partner"):
        membership_remove(firm=firm, actor=members[Role.OPS], membership=own)
