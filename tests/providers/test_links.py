"""The provider's questionnaire link: no account, draft then submit once, and nothing for a bad link."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection
from django.utils import timezone

from firmops.tenancy import firm_scope
from providers.models import Answer, Questionnaire
from providers.questionnaires.links import _SALT
from providers.questionnaires.services import questionnaire_resend, questionnaire_send
from tests.factories import EngagementFactory
from tests.providers.conftest import link_path


@pytest.fixture
def sent(firm, ops, platform, client_for, django_capture_on_commit_callbacks):
    """Ops sends the built-in questionnaire from the provider page; returns it and the emailed path."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ops).post(
            f"/f/avery/vetting/providers/{platform.pk}/send/",
            {"template": "builtin", "days": 14, "to_email": ""},
        )
    assert response.status_code == 302
    with firm_scope(firm):
        questionnaire = Questionnaire.objects.get(provider=platform)
    return questionnaire, link_path(mail.outbox[-1].body.split("\n\n")[2].strip())


def test_ops_sends_the_questionnaire_and_the_contact_answers_through_the_emailed_link(
    sent, client, firm, platform, substance, django_capture_on_commit_callbacks
):
    questionnaire, path = sent
    invite = mail.outbox[-1]
    assert invite.to == ["meridian@vendor.test"]
    assert "Avery & Stone LLP" in invite.subject and "expires on" in invite.body
    client.logout()

    page = client.get(path)
    assert page.status_code == 200
    assert "Walk us through your vetting process" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin" and page["Cache-Control"] == "no-store"

    draft = client.post(path, {"vetting_process": substance["vetting_process"], "action": "save"})
    assert draft.status_code == 302
    again = client.get(path)
    assert substance["vetting_process"][:40] in again.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, {**substance, "action": "submit"})
    assert done.status_code == 200 and "your answers are submitted" in done.content.decode()
    with firm_scope(firm):
        questionnaire.refresh_from_db()
        scores = {a.question_key: a.score for a in Answer.objects.filter(questionnaire=questionnaire)}
    assert questionnaire.submitted_at is not None and questionnaire.total_score > 80
    assert scores["data_security"] >= 70
    assert mail.outbox[-1].to == ["ops@avery.test"] and "answered" in mail.outbox[-1].subject


def test_submitting_needs_every_question_answered_but_a_draft_does_not(sent, client, firm, substance):
    questionnaire, path = sent
    partial = {"vetting_process": substance["vetting_process"], "action": "submit"}
    response = client.post(path, partial)
    assert response.status_code == 200
    assert "Answer this question before submitting" in response.content.decode()
    with firm_scope(firm):
        questionnaire.refresh_from_db()
    assert questionnaire.submitted_at is None


def test_a_submitted_link_cannot_be_used_again(sent, client, firm, substance, buzzwords):
    questionnaire, path = sent
    client.post(path, {**substance, "action": "submit"})
    reopen = client.get(path)
    assert reopen.status_code == 410
    assert "already been submitted" in reopen.content.decode()
    assert "Avery" not in reopen.content.decode()
    overwrite = client.post(path, {**buzzwords, "action": "submit"})
    assert overwrite.status_code == 410
    with firm_scope(firm):
        text = Answer.objects.get(questionnaire=questionnaire, question_key="data_security").text
    assert text == substance["data_security"]


def test_an_expired_link_gets_a_clear_page_and_accepts_nothing(sent, client, firm, substance):
    questionnaire, path = sent
    with firm_scope(firm):
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    page = client.get(path)
    assert page.status_code == 410
    body = page.content.decode()
    assert "has expired" in body and "Avery" not in body and "Meridian" not in body
    assert client.post(path, {**substance, "action": "submit"}).status_code == 410
    with firm_scope(firm):
        assert not Answer.objects.filter(questionnaire=questionnaire).exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: "x" + t,
        lambda t: t.replace(":", "", 1),
        lambda t: "garbage",
        lambda t: t * 8,
    ],
    ids=["changed-signature", "prefixed", "broken-structure", "garbage", "overlong"],
)
def test_a_tampered_link_gets_a_clear_page_and_no_firm_data(sent, client, tamper):
    _questionnaire, path = sent
    token = path.removeprefix("/q/").rstrip("/")
    response = client.get(f"/q/{tamper(token)}/")
    assert response.status_code == 400
    body = response.content.decode()
    assert "not valid" in body
    assert "Avery" not in body and "Meridian" not in body and "vetting process" not in body


def test_a_token_signed_for_another_firm_never_shows_this_firms_questionnaire(
    sent, other_firm, other_partner, client, firm
):
    """Even a validly signed token naming Blackwood as the firm finds nothing of Avery's."""
    questionnaire, path = sent
    with firm_scope(firm):
        real = signing.loads(path.removeprefix("/q/").rstrip("/"), salt=_SALT)
    forged = signing.dumps({**real, "f": other_firm.pk}, salt=_SALT, compress=True)
    response = client.get(f"/q/{forged}/")
    assert response.status_code == 400
    assert "Avery" not in response.content.decode() and "Meridian" not in response.content.decode()


def test_another_firms_link_shows_only_that_firms_questionnaire(sent, other_firm, other_partner, client):
    from providers.models import Provider

    with firm_scope(other_firm):
        engagement = EngagementFactory(firm=other_firm, owner=other_partner)
        theirs = Provider.objects.create(
            firm=other_firm,
            engagement=engagement,
            name="Blackwood's vendor",
            model="freelancer",
            contact_email="v@b.test",
        )
    _q, link = questionnaire_send(firm=other_firm, actor=other_partner, provider=theirs, notify=False)
    response = client.get(link_path(link))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Blackwood Partners" in body and "Blackwood&#x27;s vendor" in body
    assert "Avery" not in body and "Meridian" not in body


def test_sending_a_new_link_retires_the_old_one_and_keeps_the_draft(sent, client, firm, ops, substance):
    questionnaire, old_path = sent
    client.post(old_path, {"vetting_process": substance["vetting_process"], "action": "save"})
    new_link = questionnaire_resend(firm=firm, actor=ops, questionnaire=questionnaire, days=3, notify=False)
    assert client.get(old_path).status_code == 400
    page = client.get(link_path(new_link))
    assert page.status_code == 200 and substance["vetting_process"][:40] in page.content.decode()


def test_the_database_keeps_no_usable_copy_of_the_link(sent, firm):
    questionnaire, path = sent
    secret = signing.loads(path.removeprefix("/q/").rstrip("/"), salt=_SALT)["s"]
    with firm_scope(firm), connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Questionnaire._meta.db_table} WHERE id = %s", [questionnaire.pk])
        row = " ".join(map(str, cursor.fetchone()))
    assert secret not in row and path.removeprefix("/q/").rstrip("/") not in row
