from allauth.mfa.models import Authenticator

from firmops.models import Role


def _require_mfa(firm):
    firm.require_mfa_for_partners = True
    firm.save()


def test_partner_of_a_firm_requiring_mfa_is_sent_to_set_up_an_authenticator(
    firm, partner, engagement, client_for
):
    _require_mfa(firm)
    response = client_for(partner).get("/f/avery/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    api = client_for(partner).get("/api/v1/firms/avery/engagements/")
    assert api.status_code == 403 and "two-factor" in api.json()["detail"]
    assert "Avery audit 2026" not in api.content.decode()


def test_partner_with_totp_sees_the_dashboard(firm, partner, engagement, client_for):
    _require_mfa(firm)
    Authenticator.objects.create(
        user=partner, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    response = client_for(partner).get("/f/avery/")
    assert response.status_code == 200
    assert "Avery audit 2026" in response.content.decode()


def test_mfa_rule_for_partners_does_not_block_a_paralegal(firm, members, engagement, client_for):
    _require_mfa(firm)
    response = client_for(members[Role.PARALEGAL]).get("/f/avery/")
    assert response.status_code == 200


def test_new_firms_require_mfa_for_partners_by_default(db):
    from firmops.services import firm_create

    assert firm_create(name="Fresh Firm").require_mfa_for_partners is True


def test_totp_setup_page_works_after_reauthentication(firm, partner, client_for):
    """allauth asks for the password again before MFA changes."""
    client = client_for(partner)
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:
        client.post(response["Location"], {"password": "correct-horse-battery-9"})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "secret" in response.content.decode().lower()
