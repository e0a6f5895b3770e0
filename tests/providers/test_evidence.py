"""Evidence documents (issue 18 items 1, 3, 7): kept safely, versioned, refused plainly when wrong."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from firmops.tenancy import firm_scope
from providers.evidence.models import EvidenceDocument, EvidenceKind
from providers.evidence.selectors import evidence_gaps, evidence_of, nda_on_file
from providers.evidence.services import evidence_add, evidence_requirements_set
from providers.models import ProviderModel
from providers.questionnaires.services import questionnaire_send
from tests.providers.evidence_files import (
    docx_bytes,
    image_bytes,
    pdf_bytes,
    pdf_upload,
    upload,
    zip_bytes,
)

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_nda_is_kept_under_an_unguessable_name_with_who_added_it(firm, ops, platform, settings):
    document = evidence_add(
        firm=firm,
        kind=EvidenceKind.NDA,
        file=pdf_upload("Meridian mutual NDA.pdf"),
        issued_on=TODAY - 30 * DAY,
        provider=platform,
        actor=ops,
    )
    name = document.file.name
    assert name.startswith(f"evidence/{firm.pk}/") and name.endswith(".pdf")
    assert "Meridian" not in name and "NDA" not in name and len(Path(name).stem) >= 32
    with document.file.open("rb") as stored:
        assert stored.read() == pdf_bytes("Mutual NDA")
    assert document.original_name == "Meridian mutual NDA.pdf"
    assert (document.content_type, document.version, document.added_by) == ("application/pdf", 1, ops)
    assert document.added_by_label == ops.display_name and document.is_current


def test_replacing_a_document_keeps_the_earlier_version_and_the_latest_is_current(firm, ops, platform):
    first = evidence_add(
        firm=firm,
        kind=EvidenceKind.LIABILITY_INSURANCE,
        file=pdf_upload("eo-2025.pdf", "E&O 2025"),
        issued_on=TODAY - 400 * DAY,
        expires_on=TODAY - 35 * DAY,
        provider=platform,
        actor=ops,
    )
    second = evidence_add(
        firm=firm,
        kind=EvidenceKind.LIABILITY_INSURANCE,
        file=pdf_upload("eo-2026.pdf", "E&O 2026"),
        issued_on=TODAY - 35 * DAY,
        expires_on=TODAY + 330 * DAY,
        provider=platform,
        actor=ops,
    )
    with firm_scope(firm):
        versions = list(evidence_of(firm=firm, provider=platform))
        first.refresh_from_db()
    assert [(d.original_name, d.version, d.is_current) for d in versions] == [
        ("eo-2026.pdf", 2, True),
        ("eo-2025.pdf", 1, False),
    ]
    assert second.replaces == first and first.superseded_at is not None
    assert first.file.storage.exists(first.file.name)  # the earlier file is kept too


def test_other_documents_are_separate_unless_one_is_named_as_replaced(firm, ops, platform):
    a = evidence_add(
        firm=firm, kind="other", title="Data map", file=pdf_upload("map.pdf"), provider=platform, actor=ops
    )
    b = evidence_add(
        firm=firm, kind="other", title="Org chart", file=pdf_upload("org.pdf"), provider=platform, actor=ops
    )
    c = evidence_add(
        firm=firm,
        kind="other",
        title="Data map",
        file=pdf_upload("map2.pdf"),
        provider=platform,
        actor=ops,
        replaces=a,
    )
    with firm_scope(firm):
        current = {d.pk for d in evidence_of(firm=firm, provider=platform, current=True)}
    assert current == {b.pk, c.pk} and c.version == 2


def test_a_professionals_document_belongs_to_their_provider_too(firm, ops, platform, make_professional):
    dana = make_professional(platform, "Dana Reyes")
    document = evidence_add(
        firm=firm,
        kind=EvidenceKind.BACKGROUND_CHECK,
        file=upload("check.png", image_bytes("PNG"), "image/png"),
        professional=dana,
        actor=ops,
    )
    assert document.provider == platform and document.professional == dana
    assert document.subject_name == "Dana Reyes"


@pytest.mark.parametrize(
    ("name", "content", "mime", "extension"),
    [
        ("scan.png", image_bytes("PNG"), "image/png", ".png"),
        ("photo.jpeg", image_bytes("JPEG"), "image/jpeg", ".jpg"),
        (
            "terms.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        ("really-a-png.pdf", image_bytes("PNG"), "image/png", ".png"),
    ],
)
def test_the_type_comes_from_the_bytes_not_the_name(firm, ops, platform, name, content, mime, extension):
    document = evidence_add(
        firm=firm,
        kind=EvidenceKind.ENGAGEMENT_TERMS,
        file=upload(name, content),
        provider=platform,
        actor=ops,
    )
    assert document.content_type == mime and document.file.name.endswith(extension)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "nda.pdf",
            b"<html><script>alert(1)</script></html>",
            "“nda.pdf” is not a PDF, PNG, JPEG or Word (.docx) file",
        ),
        ("nda.docx", zip_bytes(), "“nda.docx” is not a PDF, PNG, JPEG or Word (.docx) file"),
        ("setup.pdf", b"MZ\x90\x00" + b"\0" * 200, "not from its name"),
        ("empty.pdf", b"", "“empty.pdf” is empty"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_by_name_and_nothing_is_saved(
    firm, ops, platform, settings, name, content, says
):
    with pytest.raises(ValidationError) as refused:
        evidence_add(
            firm=firm, kind=EvidenceKind.NDA, file=upload(name, content), provider=platform, actor=ops
        )
    assert says in " ".join(refused.value.message_dict["file"])
    with firm_scope(firm):
        assert not EvidenceDocument.objects.exists()
    assert _stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(firm, ops, platform, settings):
    settings.EVIDENCE_MAX_MB = 1
    big = pdf_bytes() + b"%" + b"x" * (1024 * 1024 + 500_000)
    with pytest.raises(ValidationError) as refused:
        evidence_add(
            firm=firm, kind=EvidenceKind.NDA, file=upload("big.pdf", big), provider=platform, actor=ops
        )
    assert refused.value.message_dict["file"] == ["“big.pdf” is 1.5 MB; the largest file accepted is 1 MB."]
    assert _stored_files(settings) == []


def test_an_expiry_before_the_issue_date_is_refused_naming_the_field(firm, ops, platform, settings):
    with pytest.raises(ValidationError) as refused:
        evidence_add(
            firm=firm,
            kind=EvidenceKind.CYBER_INSURANCE,
            file=pdf_upload(),
            issued_on=datetime.date(2026, 3, 1),
            expires_on=datetime.date(2026, 2, 1),
            provider=platform,
            actor=ops,
        )
    assert refused.value.message_dict == {
        "expires_on": ["The expiry date (Feb 1, 2026) is before the issue date (Mar 1, 2026)."]
    }
    assert _stored_files(settings) == []


def test_every_problem_is_named_at_once(firm, ops, platform):
    with pytest.raises(ValidationError) as refused:
        evidence_add(
            firm=firm,
            kind=EvidenceKind.SOC2_TYPE2,
            file=upload("report.pdf", b"just text"),
            issued_on=TODAY + 3 * DAY,
            provider=platform,
            actor=ops,
        )
    errors = refused.value.message_dict
    assert set(errors) == {"file", "issued_on", "expires_on"}
    assert "give its expiry date" in errors["expires_on"][0]


def test_another_firms_provider_is_refused(firm, other_firm, ops, platform):
    with pytest.raises(ValidationError, match="another firm"):
        evidence_add(firm=other_firm, kind=EvidenceKind.NDA, file=pdf_upload(), provider=platform, actor=ops)


def test_a_document_uploaded_through_the_link_is_the_providers_and_stops_at_submission(
    firm, ops, platform, answered, substance
):
    questionnaire, _ = questionnaire_send(firm=firm, actor=ops, provider=platform, notify=False)
    document = evidence_add(
        firm=firm, kind=EvidenceKind.NDA, file=pdf_upload(), provider=platform, via_link=questionnaire
    )
    assert document.added_by is None
    assert document.added_by_label == "the provider, through the questionnaire link"
    submitted = answered(platform, substance)
    with pytest.raises(ValidationError, match="submitted"):
        evidence_add(
            firm=firm, kind=EvidenceKind.NDA, file=pdf_upload(), provider=platform, via_link=submitted
        )


def test_required_evidence_missing_or_expired_is_named_per_provider_model(firm, partner, ops, platform, lpo):
    with firm_scope(firm):
        assert [str(g) for g in evidence_gaps(firm=firm, provider=platform)] == ["NDA missing"]
    evidence_requirements_set(
        firm=firm, actor=partner, provider_model=ProviderModel.TRADITIONAL_LPO, kinds=["soc2_type2", "nda"]
    )
    evidence_add(
        firm=firm,
        kind=EvidenceKind.SOC2_TYPE2,
        file=pdf_upload("soc2.pdf"),
        issued_on=TODAY - 400 * DAY,
        expires_on=TODAY - 5 * DAY,
        provider=lpo,
        actor=ops,
    )
    with firm_scope(firm):
        gaps = evidence_gaps(firm=firm, provider=lpo)
    expired = TODAY - 5 * DAY
    assert [str(g) for g in gaps] == ["NDA missing", f"SOC 2 Type II report expired on {expired:%b %-d, %Y}"]
    evidence_add(firm=firm, kind=EvidenceKind.NDA, file=pdf_upload(), provider=platform, actor=ops)
    with firm_scope(firm):
        assert evidence_gaps(firm=firm, provider=platform) == []
    with pytest.raises(ValidationError, match="Not a kind a firm can require: telepathy"):
        evidence_requirements_set(
            firm=firm, actor=partner, provider_model=ProviderModel.TALENT_PLATFORM, kinds=["telepathy"]
        )


def test_a_providers_nda_covers_its_professionals_and_their_own_counts_too(
    firm, ops, platform, make_professional
):
    dana, lee = make_professional(platform, "Dana"), make_professional(platform, "Lee")

    def nda(professional):
        with firm_scope(firm):
            return nda_on_file(firm=firm, provider=platform, professional=professional)

    assert nda(dana) is None
    own = evidence_add(firm=firm, kind=EvidenceKind.NDA, file=pdf_upload(), professional=dana, actor=ops)
    assert (nda(dana), nda(lee)) == (own, None)
    company = evidence_add(firm=firm, kind=EvidenceKind.NDA, file=pdf_upload(), provider=platform, actor=ops)
    assert (nda(dana), nda(lee)) == (own, company)
