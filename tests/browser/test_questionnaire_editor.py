"""Issue 18's "done when", first half, in a real Chromium: ops builds a questionnaire in forms (a yes/no,
a choice shown only after Yes, a file and a free-text question), previews it and tries an answer; a
provider contact answers it through the emailed link with a real PDF upload, and it becomes evidence."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from firmops.demo import DEMO_PASSWORD, seed_demo
from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.demo import SUBSTANCE
from providers.evidence.models import EvidenceDocument, EvidenceKind
from providers.models import Answer, Questionnaire
from providers.questionnaires.services import template_create
from tests.browser.layout import DESKTOP, PHONE, SMALL_PHONE, layout_problems
from tests.browser.test_phone_width import UNLABELLED
from tests.providers.evidence_files import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

KEEP = ("Walk us through your vetting process", "How do you actually ensure data security")
SOC2, WHICH = "Do you hold a SOC 2 Type II report?", "Which SOC 2 report can you share?"
NDA, SCREEN = "Upload your standard NDA.", "How do you screen the people who will work on our files?"


def _add(page, kind: str, text: str):
    """Choose the type under "Add a question", open its form and fill the question's text."""
    page.get_by_label("Add a question:").select_option(label=kind)
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_label("Question", exact=True).fill(text)


def test_ops_builds_previews_and_sends_a_typed_questionnaire_and_the_provider_uploads_its_nda(
    page, browser, live_server, sign_in, screenshot, tmp_path
):
    demo = seed_demo()
    sign_in("ops@demo.firmops.test", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/f/demo/vetting/templates/")
    page.get_by_label("Name of your copy").fill("Demo security-first questionnaire")
    page.get_by_label("Copy from").select_option(label="Built-in vetting questionnaire")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo security-first questionnaire")

    # Keep two of the built-in questions: remove the other five.
    for _ in range(5):
        remove = page.get_by_role("button", name=re.compile(r"^Remove “(?!Walk us|How do you actually)"))
        remove.first.click()
        expect(page.get_by_text("Question removed.")).to_be_visible()
    expect(page.locator(".editor-question")).to_have_count(2)

    _add(page, "Yes / no", SOC2)
    expect(page.get_by_role("group", name="Choices and their points")).to_be_hidden()  # script: only yes/no
    page.get_by_label("Weight").fill("2")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text(f"Question saved: “{SOC2}”.")).to_be_visible()

    _add(page, "One choice", WHICH)
    page.get_by_label("Show this question").select_option(label=f"Only if the answer to “{SOC2}” is “Yes”")
    for n, (label, points) in enumerate([("Type II, last 12 months", "100"), ("Type II, older", "50")], 1):
        page.get_by_label(f"Choice {n}", exact=True).fill(label)
        page.get_by_label(f"Points for choice {n}", exact=True).fill(points)
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text(f"Only if the answer to “{SOC2}” is “Yes”")).to_be_visible()

    _add(page, "File upload (a document)", NDA)
    page.get_by_label("Document asked for").select_option(label="NDA")
    page.get_by_role("button", name="Save question").click()

    _add(page, "Free text (scored by its rubric)", SCREEN)
    page.get_by_label("Rubric item 1", exact=True).fill("Background check")
    page.get_by_label("Rubric item 2", exact=True).fill("Reference check")
    page.get_by_label("Vague wording that costs points").fill("best practices")
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".editor-question")).to_have_count(6)

    # The preview: the follow-up appears only after Yes; a tried answer shows its score and why.
    page.get_by_role("link", name="Preview and try answers").click()
    follow_up = page.get_by_role("group", name=f"4. {WHICH}")
    expect(follow_up).to_be_hidden()
    page.get_by_role("group", name=f"3. {SOC2}").get_by_label("Yes").check()
    expect(follow_up).to_be_visible()
    follow_up.get_by_label("Type II, older").check()
    page.get_by_label(f"6. {SCREEN}").fill(
        "Every candidate passes a background check through Checkr and two reference checks by phone."
    )
    page.get_by_role("button", name="Try these answers").click()
    trial = page.get_by_role("region", name="Scores of these answers")
    expect(trial).to_contain_text("Answered “Type II, older”")
    expect(trial).to_contain_text("Rubric items named: 2 of 2")
    expect(trial).to_contain_text("Why not 100")
    with firm_scope(demo.firm):
        assert not Answer.objects.filter(question_key="which_soc_2_report_can_you_share").exists()

    # Send it to Meridian; its contact answers through the emailed link in a browser of its own.
    page.goto(f"{live_server.url}/f/demo/vetting/")
    page.get_by_role("link", name="Meridian Legal Talent").first.click()
    page.get_by_label("Questionnaire", exact=True).select_option(label="Demo security-first questionnaire")
    page.get_by_role("button", name="Email the link").click()
    expect(page.get_by_text("Questionnaire sent to dana@meridian-talent.example")).to_be_visible()
    sent = [m for m in mail.outbox if "dana@meridian-talent.example" in m.to]
    path = re.search(r"https?://[^/\s]+(/q/\S+)", sent[-1].body).group(1)

    nda = tmp_path / "meridian-mutual-nda.pdf"
    nda.write_bytes(pdf_bytes("Meridian mutual NDA"))
    outside = browser.new_context()
    try:
        form = outside.new_page()
        form.goto(live_server.url + path)
        form.get_by_label(f"1. {KEEP[0]}", exact=False).fill(SUBSTANCE["vetting_process"])
        form.get_by_label(f"2. {KEEP[1]}", exact=False).fill(SUBSTANCE["data_security"])
        form.get_by_role("group", name=f"3. {SOC2}").get_by_label("Yes").check()
        form.get_by_role("group", name=f"4. {WHICH}").get_by_label("Type II, last 12 months").check()
        form.get_by_label(f"5. {NDA}").set_input_files(str(nda))
        form.get_by_label(f"6. {SCREEN}").fill(
            "A background check through Checkr and two reference checks by phone, within 5 business days."
        )
        form.get_by_role("button", name="Submit answers").click()
        expect(form.get_by_role("heading", level=1)).to_contain_text("Thank you")
    finally:
        outside.close()

    with firm_scope(demo.firm):
        questionnaire = Questionnaire.objects.filter(template_name="Demo security-first questionnaire").get()
        document = EvidenceDocument.objects.get(via_link=questionnaire)
        scores = {a.question_key: a.score for a in Answer.objects.filter(questionnaire=questionnaire)}
        with document.file.open("rb") as stored_file:
            stored = stored_file.read()
    assert (document.kind, document.original_name) == (EvidenceKind.NDA, "meridian-mutual-nda.pdf")
    assert stored == nda.read_bytes()
    assert scores["upload_your_standard_nda"] == 100 and scores["which_soc_2_report_can_you_share"] == 100

    # The answers page explains each score.
    page.goto(f"{live_server.url}/f/demo/vetting/questionnaires/{questionnaire.pk}/")
    expect(page.get_by_text("meridian-mutual-nda.pdf", exact=True)).to_be_visible()
    expect(page.get_by_text("Provided: meridian-mutual-nda.pdf", exact=True)).to_be_visible()


def test_the_editor_and_the_preview_read_cleanly_on_desktop_and_phones_with_every_field_labelled(
    page, live_server, sign_in, screenshot
):
    demo = seed_demo()
    template = template_create(firm=demo.firm, actor=demo.users[Role.OPS], name="Phone check")
    sign_in("ops@demo.firmops.test", DEMO_PASSWORD)
    base = f"{live_server.url}/f/demo/vetting/templates/{template.pk}"
    problems = {}
    for path in ("/", "/questions/vetting_process/", "/questions/new/?type=choice", "/preview/"):
        page.goto(base + path)
        for width in (DESKTOP, PHONE, SMALL_PHONE):
            page.set_viewport_size({"width": width, "height": 900})
            if faults := layout_problems(page):
                problems[f"{path} at {width} px"] = faults
        if unlabelled := page.evaluate(UNLABELLED):
            problems[f"{path} unlabelled"] = unlabelled
    assert problems == {}
