"""File questions: the provider uploads a document through the secure link, and it becomes evidence."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from firmops.tenancy import firm_scope
from providers.evidence.models import EvidenceDocument, EvidenceKind
from providers.models import Answer
from providers.questionnaires.services import questionnaire_send, template_create
from tests.providers.conftest import link_path
from tests.providers.evidence_files import pdf_bytes, pdf_upload, upload

TODAY = datetime.date.today()
YEAR = datetime.timedelta(days=365)
QUESTIONS = [
    {"key": "nda", "type": "file", "text": "Upload your standard NDA.", "weight": 1, "document_kind": "nda"},
    {
        "key": "insured",
        "type": "yes_no",
        "text": "Do you carry professional liability insurance?",
        "weight": 1,
    },
    {
        "key": "insurance",
        "type": "file",
        "text": "Upload the insurance certificate.",
        "weight": 2,
        "document_kind": "liability_insurance",
        "show_if": {"question": "insured", "equals": "yes"},
    },
]


@pytest.fixture
def link(firm, ops, platform):
    template = template_create(firm=firm, actor=ops, name="Paper first", questions=QUESTIONS)
    questionnaire, url = questionnaire_send(
        firm=firm, actor=ops, provider=platform, template=template, notify=False
    )
    return questionnaire, link_path(url)


def _documents(firm) -> list[EvidenceDocument]:
    with firm_scope(firm):
        return list(EvidenceDocument.objects.order_by("pk"))


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_provider_uploads_its_nda_and_insurance_through_the_link_and_they_score(
    firm, platform, link, client
):
    questionnaire, path = link
    page = client.get(path).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file" name="nda"' in page
    done = client.post(
        path,
        {
            "nda": pdf_upload("mutual-nda.pdf"),
            "insured": "yes",
            "insurance": pdf_upload("eo-certificate.pdf", text="E&O certificate"),
            "insurance__issued_on": (TODAY - YEAR / 2).isoformat(),
            "insurance__expires_on": (TODAY + YEAR / 2).isoformat(),
            "action": "submit",
        },
    )
    assert done.status_code == 200 and "your answers are submitted" in done.content.decode()
    nda, insurance = _documents(firm)
    assert (nda.kind, nda.original_name, nda.via_link_id, nda.provider_id) == (
        EvidenceKind.NDA,
        "mutual-nda.pdf",
        questionnaire.pk,
        platform.pk,
    )
    assert (insurance.kind, insurance.expires_on) == (EvidenceKind.LIABILITY_INSURANCE, TODAY + YEAR / 2)
    with firm_scope(firm):
        answers = {a.question_key: a for a in Answer.objects.filter(questionnaire=questionnaire)}
        questionnaire.refresh_from_db()
    assert answers["nda"].value == {"document": nda.pk, "name": "mutual-nda.pdf"}
    assert answers["nda"].text == "mutual-nda.pdf" and answers["insurance"].score == 100
    assert questionnaire.total_score == 100


def test_a_draft_keeps_the_upload_and_a_second_upload_is_the_next_version(firm, link, client):
    _questionnaire, path = link
    client.post(path, {"nda": pdf_upload("nda-2025.pdf"), "action": "save"})
    page = client.get(path).content.decode()
    (document,) = _documents(firm)
    download = f"{path}documents/{document.pk}/"
    assert f'Uploaded: <strong><a href="{download}">nda-2025.pdf</a></strong>' in page
    own = client.get(download)  # the contact opens what they uploaded, through the same link
    assert own.status_code == 200 and b"".join(own.streaming_content) == pdf_bytes()
    client.post(path, {"nda": pdf_upload("nda-2026.pdf", text="Mutual NDA 2026"), "action": "save"})
    first, second = _documents(firm)
    assert (first.version, second.version, second.replaces_id) == (1, 2, first.pk)
    assert first.superseded_at is not None and second.superseded_at is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"nda": upload("nda.pdf", b"just text, not a PDF", "application/pdf")},
            "Upload your standard NDA.: “nda.pdf” is not a PDF, PNG, JPEG or Word (.docx) file",
        ),
        (
            {
                "insured": "yes",
                "insurance": pdf_upload("eo.pdf"),
                "insurance__issued_on": TODAY.isoformat(),
                "insurance__expires_on": (TODAY - YEAR).isoformat(),
            },
            "Upload the insurance certificate. — Expires on: The expiry date is before the issue date.",
        ),
        (
            {"insured": "yes", "insurance": pdf_upload("eo.pdf")},
            "Upload the insurance certificate. — Expires on: A Professional liability (E&amp;O) insurance "
            "certificate lapses: give its expiry date",
        ),
        ({"insured": "perhaps"}, "Do you carry professional liability insurance?: “perhaps” is not one"),
    ],
)
def test_a_bad_upload_or_answer_is_named_and_nothing_is_saved(firm, link, client, settings, fields, message):
    questionnaire, path = link
    client.post(path, {"insured": "no", "action": "save"})  # the draft so far
    response = client.post(path, {**fields, "action": "save"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _documents(firm) == [] and _stored_files(settings) == []
    with firm_scope(firm):
        saved = {a.question_key: a.value for a in Answer.objects.filter(questionnaire=questionnaire)}
    assert saved["insured"] == "no"  # the earlier draft is kept as it was


def test_a_file_over_the_size_limit_is_refused_with_its_size(firm, link, client, settings):
    settings.EVIDENCE_MAX_MB = 1
    _questionnaire, path = link
    big = upload("scan.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    response = client.post(path, {"nda": big, "action": "save"})
    assert "Upload your standard NDA.: “scan.pdf” is 1.0 MB; the largest file accepted is 1 MB." in (
        response.content.decode()
    )
    assert _documents(firm) == []


def test_no_file_is_an_answer_too_it_scores_zero_and_says_so(firm, link, client):
    questionnaire, path = link
    done = client.post(path, {"insured": "no", "action": "submit"})
    assert "your answers are submitted" in done.content.decode()
    with firm_scope(firm):
        answers = {a.question_key: a for a in Answer.objects.filter(questionnaire=questionnaire)}
        questionnaire.refresh_from_db()
    assert "insurance" not in answers  # hidden by "No": its weight leaves the total
    assert answers["nda"].score == 0
    assert answers["nda"].breakdown["advice"] == ["Upload the document."]
    assert questionnaire.total_score == 0
