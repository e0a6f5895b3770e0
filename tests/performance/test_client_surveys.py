"""Client surveys: emailed when a matter closes and once a cadence while open, answered once through a link
with no account, one reminder, one-click opt-out honoured by every later send."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from firmops.messaging.reminders import reminders_send_due
from firmops.models import AddressOptOut, Reminder
from firmops.tenancy import firm_scope
from performance import services
from performance.models import ClientSurvey, Matter, SurveyResponse
from performance.surveys.links import _SALT
from performance.surveys.sending import plan_surveys_for_firm

CLIENT = "dana.client@acme.test"
ANSWERS = {"satisfaction": "5", "speed": "4", "recommend": "9", "comment": "Quick and clear."}


def _matter(firm, engagement, *, ref="2026-014", days_open=10, email=CLIENT, **extra) -> Matter:
    return services.matter_create(
        firm=firm,
        actor=None,
        engagement=engagement,
        reference=ref,
        name=f"Acme v. Brightline ({ref})",
        intake_on=firm.today() - timedelta(days=days_open),
        client_name="Dana Whitfield",
        client_email=email,
        **extra,
    )


def _close(firm, matter) -> None:
    services.matter_update(firm=firm, actor=None, matter=matter, resolved_on=firm.today())


def _mail_due(firm, *, days=0) -> list:
    """Run the reminder relay `days` from now; the emails it sent."""
    before = len(mail.outbox)
    reminders_send_due(firm=firm, now=timezone.now() + timedelta(days=days))
    return mail.outbox[before:]


def _path(message) -> str:
    return re.search(r"https?://[^/\s]+(/s/[^/\s]+/)\s", message.body).group(1)


@pytest.fixture
def closed(firm, engagement):
    """A matter with a client contact, just closed: its survey email sent; (matter, survey link path)."""
    matter = _matter(firm, engagement)
    _close(firm, matter)
    sent = _mail_due(firm)
    assert [m.to for m in sent] == [[CLIENT]]
    return matter, _path(sent[0])


def test_closing_a_matter_emails_its_client_a_survey_and_one_reminder(firm, engagement, closed):
    matter, path = closed
    with firm_scope(firm):
        survey = ClientSurvey.objects.get(matter=matter)
    assert survey.reason == "closed" and survey.contact_email == CLIENT
    assert "Hello Dana Whitfield" in mail.outbox[0].body and "No more surveys" in mail.outbox[0].body

    assert _mail_due(firm, days=3) == []  # the reminder waits its week
    reminder = _mail_due(firm, days=8)
    assert [m.subject.startswith("Reminder:") for m in reminder] == [True]
    assert _path(reminder[0]) == path
    assert _mail_due(firm, days=9) == []  # once

    # Corrections to the closed matter and every later planner run send nothing more.
    services.matter_update(firm=firm, actor=None, matter=matter, name="Acme v. Brightline (settled)")
    assert plan_surveys_for_firm(firm, timezone.now()) == 0
    with firm_scope(firm):
        assert ClientSurvey.objects.count() == 1


def test_the_client_answers_once_through_the_link_and_is_counted_once(firm, engagement, client, closed):
    matter, path = closed
    page = client.get(path)
    body = page.content.decode()
    assert page.status_code == 200 and "How quickly did we respond to you?" in body
    assert page["Referrer-Policy"] == "same-origin" and page["Cache-Control"] == "no-store"

    done = client.post(path, ANSWERS)
    assert done.status_code == 200 and "your answers are received" in done.content.decode()
    again = client.post(path, {**ANSWERS, "satisfaction": "1"})
    assert again.status_code == 410 and "already been answered" in again.content.decode()

    with firm_scope(firm):
        responses = list(SurveyResponse.objects.all())
    assert [(r.score, r.speed, r.recommend, r.source, r.comment) for r in responses] == [
        (5, 4, 9, "link", "Quick and clear.")
    ]
    assert _mail_due(firm, days=8) == []  # answered: no reminder


def test_a_score_out_of_range_is_named_and_the_other_answers_stay(firm, client, closed):
    _, path = closed
    page = client.post(path, {**ANSWERS, "recommend": "11"})
    body = page.content.decode()
    assert page.status_code == 200
    label = "How likely are you to recommend us to a friend or colleague?"
    assert f"{label}: Choose a whole number from 0 to 10." in body
    assert re.search(r'value="4"[^>]*name="speed"[^>]*checked|name="speed" value="4"[^>]*checked', body)
    assert "Quick and clear." in body
    with firm_scope(firm):
        assert not SurveyResponse.objects.exists()
        assert ClientSurvey.objects.get().answered_at is None


def test_tampered_expired_and_foreign_links_open_nothing_and_write_nothing(firm, other_firm, client, closed):
    matter, path = closed
    token = path.removeprefix("/s/").rstrip("/")
    tampered = client.post(f"/s/{token[:-3]}abc/", ANSWERS)
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()
    real = signing.loads(token, salt=_SALT)
    forged = signing.dumps({**real, "f": other_firm.pk}, salt=_SALT, compress=True)
    assert client.post(f"/s/{forged}/", ANSWERS).status_code == 400
    wrong_secret = signing.dumps({**real, "s": "guess"}, salt=_SALT, compress=True)
    assert client.post(f"/s/{wrong_secret}/", ANSWERS).status_code == 400
    assert client.get("/s/" + "x" * 700 + "/").status_code == 400

    with firm_scope(firm):
        past = timezone.now() - timedelta(seconds=1)
        ClientSurvey.objects.update(expires_at=past, sent_at=past - timedelta(days=30))
    expired = client.post(path, ANSWERS)
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    with firm_scope(firm):
        assert not SurveyResponse.objects.exists()


def test_opting_out_in_one_click_stops_the_reminder_and_every_later_survey(firm, engagement, client, closed):
    matter, path = closed
    page = client.get(path)
    assert "Send me no more surveys" in page.content.decode()
    done = client.post(f"{path}opt-out/")
    assert done.status_code == 200 and "no more surveys" in done.content.decode().lower()
    assert client.post(f"{path}opt-out/").status_code == 200  # a second click changes nothing
    with firm_scope(firm):
        assert list(AddressOptOut.objects.values_list("email", flat=True)) == [CLIENT]

    assert _mail_due(firm, days=8) == []  # the planned reminder is not sent
    later = _matter(firm, engagement, ref="2026-020", email="Dana.Client@acme.test")
    _close(firm, later)
    opened = _matter(firm, engagement, ref="2026-021", days_open=200)
    assert plan_surveys_for_firm(firm, timezone.now()) == 0
    assert _mail_due(firm, days=1) == []
    with firm_scope(firm):
        assert not ClientSurvey.objects.filter(matter__in=[later, opened]).exists()


def test_open_matters_are_surveyed_at_most_once_a_quarter_per_contact(firm, engagement):
    _matter(firm, engagement, ref="A", days_open=120)
    _matter(firm, engagement, ref="B", days_open=100)  # same contact: one survey covers both
    _matter(firm, engagement, ref="C", days_open=95, email="lee@other-client.test")
    _matter(firm, engagement, ref="D", days_open=20, email="new@client.test")  # not a quarter open yet
    now = timezone.now()
    assert plan_surveys_for_firm(firm, now) == 2
    assert plan_surveys_for_firm(firm, now) == 0  # a second beat run sends nothing
    assert plan_surveys_for_firm(firm, now + timedelta(days=60)) == 0
    with firm_scope(firm):
        first = set(ClientSurvey.objects.values_list("contact_email", "matter__reference"))
    assert first == {(CLIENT, "A"), ("lee@other-client.test", "C")}
    assert plan_surveys_for_firm(firm, now + timedelta(days=92)) == 3  # a quarter on: A's contact, C's, D's
    assert sorted(m.to[0] for m in _mail_due(firm)) == sorted([CLIENT, "lee@other-client.test"])


def test_staff_may_record_a_score_given_by_phone_marked_as_such(firm, engagement, partner):
    matter = _matter(firm, engagement, email="")
    response = services.survey_create(
        firm=firm, actor=partner, engagement=engagement, matter=matter, score=4, source="phone"
    )
    assert response.get_source_display() == "Client, by phone (recorded by staff)"
    with pytest.raises(Exception, match="clients use the link"):
        services.survey_create(
            firm=firm, actor=partner, engagement=engagement, matter=matter, score=4, source="link"
        )
    with firm_scope(firm):
        assert Reminder.objects.count() == 0  # no contact address, no survey email


def test_an_answered_or_expired_link_still_opts_out_and_a_tampered_one_does_not(firm, client, closed):
    _, path = closed
    assert client.post(path, ANSWERS).status_code == 200
    with firm_scope(firm):
        ClientSurvey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = client.get(f"{path}opt-out/")
    assert page.status_code == 200 and "Stop surveys from Avery &amp; Stone LLP?" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    with firm_scope(firm):
        assert not AddressOptOut.objects.exists()  # opening the page (a mail scanner) changes nothing
    assert client.post(f"{path[:-4]}zzz/opt-out/").status_code == 400
    with firm_scope(firm):
        assert not AddressOptOut.objects.exists()
    assert client.post(f"{path}opt-out/").status_code == 200
    with firm_scope(firm):
        assert AddressOptOut.objects.get().email == CLIENT


def test_the_mail_clients_own_unsubscribe_button_opts_out_in_one_post(firm, engagement, closed):
    """RFC 8058: the survey mail names the opt-out link, and the mail provider POSTs to it without a
    session or CSRF token; the reminder then goes nowhere."""
    matter, path = closed
    sent = mail.outbox[0]
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = sent.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.endswith(f"{path}opt-out/")
    mail_provider = Client(enforce_csrf_checks=True)
    form = "application/x-www-form-urlencoded"
    response = mail_provider.post(urlsplit(unsubscribe).path, "List-Unsubscribe=One-Click", content_type=form)
    assert response.status_code == 200
    with firm_scope(firm):
        assert list(AddressOptOut.objects.values_list("email", flat=True)) == [CLIENT]
    assert _mail_due(firm, days=8) == []
