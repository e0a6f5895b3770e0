"""The API's description is for signed-in people, and it describes operations, never a firm's data."""

import pytest

from firmops.models import Role
from firmops.tenancy import firm_scope
from tests.factories import EngagementFactory, UserFactory

DOC_PAGES = ("/api/docs/", "/api/redoc/")


def test_anonymous_visitors_get_no_schema_and_are_sent_to_sign_in_for_the_docs(client, db):
    for accept in ("*/*", "application/json"):  # YAML by default, as the schema itself
        schema = client.get("/api/schema/", HTTP_ACCEPT=accept)
        assert schema.status_code == 403
        assert b"Authentication credentials were not provided." in schema.content
        assert b"paths" not in schema.content and b"/api/v1/" not in schema.content
    for page in DOC_PAGES:
        answer = client.get(page)
        assert answer.status_code == 302 and answer["Location"] == f"/accounts/login/?next={page}"


@pytest.mark.parametrize("role", Role.values)
def test_every_member_reads_the_schema_and_the_docs(client_for, members, role):
    client = client_for(members[role])
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/firms/{firm_slug}/engagements/" in schema.content
    for page in DOC_PAGES:
        assert client.get(page).status_code == 200


def test_the_schema_is_the_same_for_everyone_and_names_nobodys_data(client_for, members, other_partner, firm):
    secret = "Quillfeather merger 7731"
    with firm_scope(firm):
        EngagementFactory(firm=firm, owner=members[Role.PARTNER], name=secret)
    seen = {
        who: client_for(user).get("/api/schema/").content
        for who, user in (
            ("partner", members[Role.PARTNER]),
            ("external", members[Role.EXTERNAL]),
            ("another firm", other_partner),
            ("no firm", UserFactory(email="newcomer@example.test")),
        )
    }
    assert len(set(seen.values())) == 1, "the schema depends on who asks"
    text = next(iter(seen.values())).decode()
    for data in (secret, firm.name, "Blackwood", *(u.email for u in members.values()), other_partner.email):
        assert data not in text, data
