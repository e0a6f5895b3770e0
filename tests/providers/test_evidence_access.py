"""Evidence files go out only through checked downloads (issue 18 item 3): the firm, the role, the link.

A document of another firm, of another provider, or not the asker's own is never served: every role
meets the same 404 as for a document that does not exist.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.evidence.models import EvidenceDocument, EvidenceKind
from providers.evidence.services import evidence_add
from providers.models import Provider, ProviderModel
from providers.questionnaires.services import questionnaire_answer, questionnaire_send
from tests.providers.conftest import link_path
from tests.providers.evidence_files import image_bytes, pdf_bytes, pdf_upload, upload

PAGES = "/f/avery/vetting"
API = "/api/v1/firms/avery/vetting"
ROLES = list(Role.values)


def _download_routes(document_id: int, firm_slug: str = "avery") -> list[str]:
    return [
        reverse("providers:evidence_download", args=[firm_slug, document_id]),
        reverse("providers-api:evidence-file", args=[firm_slug, document_id]),
        reverse("providers-api:evidence-detail", args=[firm_slug, document_id]),
    ]


@pytest.fixture
def blackwood_nda(other_firm, other_partner):
    with firm_scope(other_firm):
        provider = Provider.objects.create(
            firm=other_firm, name="Blackwood vendor", model=ProviderModel.TALENT_PLATFORM
        )
    return evidence_add(
        firm=other_firm,
        kind=EvidenceKind.NDA,
        file=pdf_upload("blackwood-secret.pdf", "Blackwood secret NDA"),
        provider=provider,
        actor=other_partner,
    )


def _assert_attachment(response, content: bytes, filename: str, mime: str = "application/pdf") -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == mime
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == content


def test_ops_add_an_nda_on_the_provider_page_and_a_partner_downloads_it(client_for, members, platform):
    ops = client_for(members[Role.OPS])
    response = ops.post(
        f"{PAGES}/providers/{platform.pk}/evidence/new/",
        {"kind": "nda", "issued_on": "2026-01-15", "file": pdf_upload("Meridian NDA.pdf")},
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"/providers/{platform.pk}/#evidence"
    )
    page = ops.get(f"{PAGES}/providers/{platform.pk}/").content.decode()
    assert "NDA of Meridian Legal Talent saved." in page and "Jan 15, 2026" in page
    with firm_scope(platform.firm):
        document = EvidenceDocument.objects.get()
    assert f"/evidence/{document.pk}/download/" in page
    partner = client_for(members[Role.PARTNER])
    _assert_attachment(
        partner.get(f"{PAGES}/evidence/{document.pk}/download/"), pdf_bytes(), "Meridian_NDA.pdf"
    )


def test_replacing_on_the_page_lists_the_earlier_version(client_for, members, platform):
    ops = client_for(members[Role.OPS])
    url = f"{PAGES}/providers/{platform.pk}/evidence/new/"
    dates = {"issued_on": "2025-06-01", "expires_on": "2026-06-01"}
    ops.post(url, {"kind": "cyber_insurance", **dates, "file": pdf_upload("cyber-2025.pdf")})
    with firm_scope(platform.firm):
        first = EvidenceDocument.objects.get()
    form = ops.get(f"{url}?replaces={first.pk}").content.decode()
    assert "Replace Cyber insurance certificate (v1)" in form and "becomes version 2" in form
    dates = {"issued_on": "2026-06-01", "expires_on": "2027-06-01"}
    ops.post(
        url, {"kind": "cyber_insurance", "replaces": first.pk, **dates, "file": pdf_upload("cyber-26.pdf")}
    )
    page = ops.get(f"{PAGES}/providers/{platform.pk}/").content.decode()
    assert "1 earlier version" in page and "v1: cyber-2025.pdf" in page and "Jun 1, 2027" in page


def test_a_wrong_file_on_the_page_is_named_and_nothing_is_kept(client_for, members, platform, settings):
    ops = client_for(members[Role.OPS])
    response = ops.post(
        f"{PAGES}/providers/{platform.pk}/evidence/new/",
        {
            "kind": "liability_insurance",
            "issued_on": "2026-03-01",
            "expires_on": "2026-02-01",
            "file": upload("policy.pdf", b"<html><body>not a pdf</body></html>", "application/pdf"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "File: “policy.pdf” is not a PDF, PNG, JPEG or Word (.docx) file" in body
    assert "Expiry date: The expiry date (Feb 1, 2026) is before the issue date (Mar 1, 2026)." in body
    with firm_scope(platform.firm):
        assert not EvidenceDocument.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_no_role_gets_another_firms_document_from_any_download_route(
    client_for, members, role, blackwood_nda
):
    client = client_for(members[role])
    for url in _download_routes(blackwood_nda.pk):
        response = client.get(url)
        assert response.status_code in (403, 404), f"{role} {url} → {response.status_code}"
        assert b"Blackwood" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_external_professional_downloads_only_their_own_signed_documents(
    client_for, members, firm, ops, platform, make_professional
):
    external = members[Role.EXTERNAL]
    elena = make_professional(platform, "Elena", user=external)
    marcus = make_professional(platform, "Marcus")
    own_nda = evidence_add(
        firm=firm, kind="nda", file=pdf_upload("elena-nda.pdf"), professional=elena, actor=ops
    )
    own_check = evidence_add(
        firm=firm,
        kind="background_check",
        file=upload("check.png", image_bytes(), "image/png"),
        professional=elena,
        actor=ops,
    )
    others_nda = evidence_add(firm=firm, kind="nda", file=pdf_upload(), professional=marcus, actor=ops)
    company = evidence_add(firm=firm, kind="nda", file=pdf_upload(), provider=platform, actor=ops)
    client = client_for(external)
    _assert_attachment(client.get(f"{PAGES}/evidence/{own_nda.pk}/download/"), pdf_bytes(), "elena-nda.pdf")
    for document in (own_check, others_nda, company):
        assert client.get(f"{PAGES}/evidence/{document.pk}/download/").status_code == 404
        for url in _download_routes(document.pk)[1:]:
            assert client.get(url).status_code == 403  # the vetting API is staff's only
    mine = client.get(f"{PAGES}/evidence/mine/").content.decode()
    assert "NDA" in mine and f"/evidence/{own_nda.pk}/download/" in mine
    assert f"/evidence/{others_nda.pk}/" not in mine and f"/evidence/{own_check.pk}/" not in mine


def test_a_provider_contact_downloads_only_what_they_uploaded_and_only_until_submission(
    firm, ops, platform, lpo, client, substance
):
    questionnaire, link = questionnaire_send(firm=firm, actor=ops, provider=platform, notify=False)
    theirs = evidence_add(
        firm=firm, kind="nda", file=pdf_upload("signed.pdf"), provider=platform, via_link=questionnaire
    )
    by_ops = evidence_add(
        firm=firm, kind="iso27001", file=pdf_upload(), provider=platform, actor=ops, expires_on=firm.today()
    )
    lpo_questionnaire, _ = questionnaire_send(firm=firm, actor=ops, provider=lpo, notify=False)
    lpo_upload = evidence_add(
        firm=firm, kind="nda", file=pdf_upload(), provider=lpo, via_link=lpo_questionnaire
    )
    base = link_path(link)
    _assert_attachment(client.get(f"{base}documents/{theirs.pk}/"), pdf_bytes(), "signed.pdf")
    assert client.get(f"{base}documents/{theirs.pk}/")["Referrer-Policy"] == "same-origin"
    for other in (by_ops, lpo_upload):
        assert client.get(f"{base}documents/{other.pk}/").status_code == 404
    assert client.get(f"/q/forged-token/documents/{theirs.pk}/").status_code == 404
    questionnaire_answer(questionnaire=questionnaire, answers=substance, submit=True, notify=False)
    assert client.get(f"{base}documents/{theirs.pk}/").status_code == 404


def test_stored_files_have_no_public_url(client_for, members, firm, ops, platform):
    document = evidence_add(firm=firm, kind="nda", file=pdf_upload(), provider=platform, actor=ops)
    partner = client_for(members[Role.PARTNER])
    for url in (f"/media/{document.file.name}", f"/{document.file.name}", f"/static/{document.file.name}"):
        assert partner.get(url).status_code == 404, url


def test_the_api_takes_a_multipart_upload_from_ops_and_refuses_it_to_attorneys(client_for, members, platform):
    attorney = client_for(members[Role.ATTORNEY])
    form = {"provider": platform.pk, "kind": "nda", "file": pdf_upload("api-nda.pdf")}
    assert attorney.post(f"{API}/evidence/", form).status_code == 403
    ops = client_for(members[Role.OPS])
    created = ops.post(f"{API}/evidence/", {**form, "file": pdf_upload("api-nda.pdf")})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["version"], body["original_name"], body["state"]) == (
        "nda",
        1,
        "api-nda.pdf",
        "valid",
    )
    bad = ops.post(f"{API}/evidence/", {**form, "file": upload("x.pdf", b"MZ\x90\x00" + b"\0" * 64)})
    assert bad.status_code == 400 and "is not a PDF, PNG, JPEG or Word" in str(bad.json())
    listed = attorney.get(f"{API}/evidence/?provider={platform.pk}&current=true").json()
    assert [d["original_name"] for d in listed["results"]] == ["api-nda.pdf"]
    _assert_attachment(attorney.get(f"{API}/evidence/{body['id']}/file/"), pdf_bytes(), "api-nda.pdf")


def test_partners_choose_the_evidence_each_provider_model_must_have(client_for, members, platform):
    partner = client_for(members[Role.PARTNER])
    assert "Required evidence" in partner.get("/f/avery/settings/").content.decode()
    saved = partner.post(
        f"{PAGES}/settings/evidence/",
        {"talent_platform": ["nda", "background_check"], "traditional_lpo": ["soc2_type2"]},
        follow=True,
    ).content.decode()
    assert "Required evidence saved." in saved
    page = partner.get(f"{PAGES}/providers/{platform.pk}/").content.decode()
    assert "NDA missing" in page and "Background-check attestation missing" in page
    assert client_for(members[Role.OPS]).get(f"{PAGES}/settings/evidence/").status_code == 403
