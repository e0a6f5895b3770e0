"""No one-click mistakes in the selection (issue 16 item 5): "Confirm after the trial" and "Request a
replacement" first say what follows, change nothing, and act only once the partner confirms."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core import mail

from firmops.engagements.services import engagement_move_stage
from firmops.models import Engagement, Stage
from firmops.tenancy import firm_scope
from providers.evidence.services import evidence_add
from providers.models import Professional, Selection
from providers.selection.services import selection_create
from tests.factories import UserFactory
from tests.providers.evidence_files import pdf_upload

PAGES = "/f/avery/vetting"


@pytest.fixture
def trial(firm, partner, ops, engagement, platform, make_professional) -> Selection:
    engagement_move_stage(firm=firm, actor=partner, engagement=engagement, to_stage=Stage.VETTING)
    elena = make_professional(platform, "Elena Novak")
    evidence_add(firm=firm, kind="nda", file=pdf_upload(), professional=elena, actor=ops)  # nothing owed
    with firm_scope(firm):
        platform.contact_email = "meridian@vendor.test"
        platform.save(update_fields=["contact_email"])
    return selection_create(
        firm=firm, actor=partner, engagement=engagement, professional=elena, rationale="Best answers by far."
    )


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _status(firm, selection) -> str:
    with firm_scope(firm):
        return Selection.objects.get(pk=selection.pk).status


def test_confirming_on_day_0_says_the_trial_has_not_ended_and_changes_nothing_on_one_click(
    firm, partner, trial, client_for
):
    client = client_for(partner)
    page = client.get(f"{PAGES}/engagements/{trial.engagement_id}/").content.decode()
    assert f'action="{PAGES}/selections/{trial.pk}/confirm/"' in page
    asked = client.post(f"{PAGES}/selections/{trial.pk}/confirm/")
    text = _text(asked)
    ends = trial.trial_ends_on
    assert asked.status_code == 200
    assert f"ends on {ends:%b %-d, %Y}: it has not ended (day 0 of 7)" in text
    assert "Confirming Elena Novak (Meridian Legal Talent) now ends the trial 7 days early" in text
    assert "no longer under the provider's trial guarantee" in text
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    assert _status(firm, trial) == Selection.Status.TRIAL  # the one click did nothing

    done = client.post(f"{PAGES}/selections/{trial.pk}/confirm/", {"confirmed": "yes"}, follow=True)
    assert "Elena Novak confirmed after the trial." in _text(done)
    assert _status(firm, trial) == Selection.Status.CONFIRMED


def test_after_the_trial_confirming_says_it_ended_and_gives_nothing_up(firm, partner, trial, client_for):
    with firm_scope(firm):
        Selection.objects.filter(pk=trial.pk).update(
            selected_at=trial.selected_at - datetime.timedelta(days=9)
        )
        trial.refresh_from_db()
    text = _text(client_for(partner).post(f"{PAGES}/selections/{trial.pk}/confirm/"))
    assert f"The 7-day trial ended on {trial.trial_ends_on:%b %-d, %Y}." in text
    assert "Confirming keeps Elena Novak (Meridian Legal Talent) on Avery audit 2026." in text
    assert "early" not in text and "given up" not in text
    assert _status(firm, trial) == Selection.Status.TRIAL


def test_a_replacement_says_whose_access_ends_and_acts_only_once_confirmed(
    firm, partner, trial, client_for, django_capture_on_commit_callbacks
):
    account = UserFactory(email="elena@vendor.test")
    with firm_scope(firm):
        Professional.objects.filter(pk=trial.professional_id).update(user=account)
        Engagement.objects.filter(pk=trial.engagement_id).update(external_user=account)
    client = client_for(partner)
    url = f"{PAGES}/selections/{trial.pk}/replace/"
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url, {"reason": "Missed two deadlines."})
    text = _text(asked)
    assert asked.status_code == 200
    assert "Elena Novak's access ends now: they no longer see Avery audit 2026's plan" in text
    assert "Avery audit 2026 goes back from Onboarding to Vetting" in text
    assert "Meridian Legal Talent is emailed at meridian@vendor.test" in text
    assert "with your reason: “Missed two deadlines.”" in text
    assert "it has not ended (day 0 of 7). The request falls within the trial." in text
    assert 'name="reason" value="Missed two deadlines."' in asked.content.decode()  # carried to the step
    assert _status(firm, trial) == Selection.Status.TRIAL and mail.outbox == []
    with firm_scope(firm):
        assert Engagement.objects.get(pk=trial.engagement_id).external_user == account

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Missed two deadlines.", "confirmed": "yes"})
    assert _status(firm, trial) == Selection.Status.REPLACED
    with firm_scope(firm):
        engagement = Engagement.objects.get(pk=trial.engagement_id)
    assert engagement.external_user is None and engagement.stage == Stage.VETTING
    assert "Missed two deadlines." in mail.outbox[-1].body


def test_the_api_confirms_and_replaces_in_one_call(firm, partner, trial, client_for):
    client = client_for(partner)
    api = f"/api/v1/firms/avery/vetting/selections/{trial.pk}"
    assert client.post(f"{api}/confirm/", {}, content_type="application/json").status_code == 200
    assert _status(firm, trial) == Selection.Status.CONFIRMED
    assert client.post(f"{api}/replace/", {}, content_type="application/json").status_code == 200
    assert _status(firm, trial) == Selection.Status.REPLACED
