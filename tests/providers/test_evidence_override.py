"""Missing or expired required evidence shows where decisions are made, and going ahead takes a reason
(issue 18 item 2): the comparison, "confirm after the trial", and the trail that keeps the override."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from firmops.engagements.services import engagement_move_stage
from firmops.models import ChangeRecord, Role, Stage
from firmops.tenancy import firm_scope
from providers.evidence.services import evidence_add, evidence_requirements_set
from providers.models import Selection
from providers.selection.services import selection_confirm, selection_create
from tests.providers.evidence_files import pdf_upload

PAGES = "/f/avery/vetting"
REASON = "Insurance renewal is in underwriting; confirmed with their broker by phone."


@pytest.fixture
def trial(firm, partner, engagement, platform, make_professional) -> Selection:
    engagement_move_stage(firm=firm, actor=partner, engagement=engagement, to_stage=Stage.VETTING)
    elena = make_professional(platform, "Elena Novak")
    return selection_create(
        firm=firm, actor=partner, engagement=engagement, professional=elena, rationale="Best answers by far."
    )


def test_confirming_while_the_nda_is_missing_needs_a_reason_and_keeps_it(firm, partner, trial):
    with pytest.raises(ValidationError) as refused:
        selection_confirm(firm=firm, actor=partner, selection=trial)
    assert refused.value.message_dict["override_reason"] == [
        "Required evidence is missing or expired (NDA missing). To confirm after the trial anyway, give "
        "the reason: it is kept in the audit trail."
    ]
    with firm_scope(firm):
        assert Selection.objects.get(pk=trial.pk).status == Selection.Status.TRIAL
    confirmed = selection_confirm(firm=firm, actor=partner, selection=trial, override_reason=REASON)
    assert confirmed.status == Selection.Status.CONFIRMED
    assert (confirmed.evidence_override_reason, confirmed.evidence_override_gaps) == (REASON, ["NDA missing"])
    with firm_scope(firm):
        updates = [r for r in ChangeRecord.objects.filter(table="providers_selection") if r.action == "U"]
    assert updates and updates[-1].after["evidence_override_reason"] == REASON


def test_with_the_evidence_on_file_confirming_needs_no_override(firm, partner, ops, trial):
    evidence_add(firm=firm, kind="nda", file=pdf_upload(), professional=trial.professional, actor=ops)
    confirmed = selection_confirm(firm=firm, actor=partner, selection=trial)
    assert confirmed.status == Selection.Status.CONFIRMED and confirmed.evidence_override_reason == ""


def test_the_comparison_shows_evidence_beside_the_scores_and_confirming_asks_for_the_reason(
    firm, partner, ops, trial, lpo, client_for
):
    today = firm.today()
    evidence_requirements_set(
        firm=firm, actor=partner, provider_model="talent_platform", kinds=["nda", "liability_insurance"]
    )
    evidence_add(firm=firm, kind="nda", file=pdf_upload(), provider=trial.provider, actor=ops)
    evidence_add(
        firm=firm,
        kind="liability_insurance",
        file=pdf_upload("eo.pdf"),
        issued_on=today - datetime.timedelta(days=400),
        expires_on=today - datetime.timedelta(days=2),
        provider=trial.provider,
        actor=ops,
    )
    client = client_for(partner)
    page = client.get(f"{PAGES}/engagements/{trial.engagement_id}/").content.decode()
    lapsed = today - datetime.timedelta(days=2)
    label = "Professional liability (E&amp;O) insurance certificate"
    assert f"{label} expired on {lapsed:%b %-d, %Y}" in page  # the platform's column
    assert "NDA missing" in page  # the LPO's column: nothing on file
    assert 'name="override_reason"' in page and "To confirm after the trial anyway, say why" in page
    refused = client.post(f"{PAGES}/selections/{trial.pk}/confirm/", follow=True).content.decode()
    assert "To confirm after the trial anyway, give the reason" in refused
    done = client.post(
        f"{PAGES}/selections/{trial.pk}/confirm/",
        {"override_reason": REASON, "confirmed": "yes"},
        follow=True,
    ).content.decode()
    assert "confirmed after the trial. Recorded as an override of the missing evidence." in done
    assert f"override: <em>{REASON}</em>" in done


def test_the_api_confirms_only_with_the_reason_while_evidence_is_owed(firm, members, trial, client_for):
    client = client_for(members[Role.PARTNER])
    url = f"/api/v1/firms/avery/vetting/selections/{trial.pk}/confirm/"
    refused = client.post(url, {}, content_type="application/json")
    assert refused.status_code == 400 and "override_reason" in refused.json()
    done = client.post(url, {"override_reason": REASON}, content_type="application/json")
    assert done.status_code == 200 and done.json()["evidence_override_gaps"] == ["NDA missing"]
