"""One engagement from audit to scaling in a real Chromium, each person on their own pages.

Before the browser starts, services set up the firm, its five people, the engagement with an audit
week open today, and two providers on its shortlist with a proposed professional each (the one who
will be selected already has an outsourced-professional account: the product has no screen that links
a candidate to an account). From then on only the browser acts. The steps share that one story and run
in order, each starting where the previous one left the engagement: audit → vetting → onboarding →
performance. The only thing read outside the browser is the outbox (the provider's emailed link).

pytest-django's `live_server` normally flushes the database after every test (its autouse
`_live_server_helper` requests transactional_db), which would end the story after its first step; this
module overrides that helper, keeps the database for the module and flushes it once at the end, as a
TransactionTestCase does.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import TransactionTestCase, override_settings
from playwright.sync_api import Locator, Page, expect

from audit.services import audit_period_open
from firmops.demo import NAMES
from firmops.engagements.services import engagement_create
from firmops.models import Role
from firmops.services import firm_create, membership_set
from firmops.tenancy import firm_scope
from providers.candidates.services import professional_create, provider_create
from providers.models import ProviderModel
from tests.factories import PASSWORD, UserFactory

# The steps share one worker and run in order (`--dist loadgroup`; see tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

FIRM, SLUG, ENGAGEMENT = "Harbor & Vale LLP", "harbor", "Harbor litigation support"
MERIDIAN, APEX = "Meridian Legal Talent", "Apex Offshore Legal Services"
PRO = "Elena Novak"
PROVIDERS = {  # model, contact email, hourly rate range
    MERIDIAN: (ProviderModel.TALENT_PLATFORM, "dana@meridian.example", "32", "45"),
    APEX: (ProviderModel.TRADITIONAL_LPO, "sales@apex.example", "18", "25"),
}
TASKS = [  # what the paralegal types, minutes, and the category it should land in
    ("Summarized depo of Officer Grant", "45", "Deposition summaries"),
    ("E-filed notice of appearance", "15", "E-filing"),
    ("Drafted RFPs to defendant", "60", "Discovery drafting"),
    ("Calendared hearing dates", "20", "Calendar & scheduling"),
    ("Helped Dana with the Hartley thing", "30", "Needs review"),  # no word it knows: a partner decides
]
UNPLACED = TASKS[-1][0]
SUBSTANCE = {
    "vetting_process": (
        "First a resume screen against the role with education and certifications verified, then a "
        "45-minute video interview with our legal recruiter, a timed skills test such as a mock motion to "
        "compel graded by a licensed attorney, a criminal background check through Checkr and two "
        "reference checks with supervising attorneys. About 6% of applicants pass all five steps."
    ),
    "data_security": (
        "Every professional signs an NDA. Access is by role-based permissions on named accounts, never "
        "shared logins; we require MFA on every account and encrypted channels (TLS 1.2+, BitLocker full "
        "disk encryption). When an engagement ends we revoke access the same day and confirm it in "
        "writing. We are SOC 2 Type II audited every year."
    ),
    "replacement_guarantee": (
        "A 7-day trial period. If you're not satisfied within the first week, we find a replacement within "
        "5 business days at no extra cost, and the new professional gets the same trial."
    ),
    "timezone_communication": (
        "Our professionals work US hours with at least 6 hours of overlap with Eastern time, join a "
        "15-minute daily check-in on Microsoft Teams, and answer email within 2 business hours."
    ),
    "pricing_billing": (
        "$38 an hour, billed monthly in arrears against time entries, net 15. No setup or placement fees; "
        "minimum 20 hours a week, cancellable with 14 days' notice."
    ),
    "references": (
        "Three references: two litigation boutiques in Boston and one insurance defense firm in "
        "Hartford, each with a named partner you can call. We have placed paralegals with 40+ firms since "
        "2017."
    ),
    "conflicts_of_interest": (
        "Before any assignment we run a conflict check of your client and adverse-party list against "
        "every firm and matter each professional has worked on, disclose any hit in writing, and never "
        "place someone who worked for an opposing party; related past matters get an ethical wall."
    ),
}
BUZZWORDS = {
    "vetting_process": "We have a rigorous multi-stage review and only hire the best. Top talent guaranteed.",
    "data_security": "Our platform is very secure. We take security seriously and follow best practices.",
    "replacement_guarantee": "That rarely happens. Our clients are always happy, satisfaction guaranteed.",
    "timezone_communication": "We are always available and communication is seamless, no worries.",
    "pricing_billing": "Very competitive, transparent pricing tailored to your needs.",
    "references": "Many satisfied clients around the world trust us. Industry leading reputation.",
    "conflicts_of_interest": "Conflicts are not an issue for us. We follow best practices, rest assured.",
}


@dataclass
class Story:
    url: str
    emails: dict[str, str]
    engagement_id: int

    def at(self, path: str) -> str:
        return f"{self.url}/f/{SLUG}/{path.lstrip('/')}"

    @property
    def engagement(self) -> str:
        return self.at(f"engagements/{self.engagement_id}/")


class _Flushed(TransactionTestCase):
    """Empties the database when the story ends, as pytest-django's transactional_db does per test."""


def _set_up_firm() -> tuple[dict[str, str], int]:
    firm = firm_create(name=FIRM, slug=SLUG, time_zone="America/New_York", require_mfa_for_partners=False)
    users = {}
    for role, (first, last) in NAMES.items():  # the demo firm's people
        users[role] = UserFactory(email=f"{role}@harbor.test", first_name=first, last_name=last)
        membership_set(firm=firm, user=users[role], role=role, hourly_rate=Decimal("300"))
    partner = users[Role.PARTNER]
    engagement = engagement_create(firm=firm, actor=partner, name=ENGAGEMENT)
    audit_period_open(firm=firm, actor=partner, engagement=engagement, participants=[users[Role.PARALEGAL]])
    meridian, apex = (
        provider_create(
            firm=firm,
            actor=partner,
            engagement=engagement,
            name=name,
            model=model,
            contact_email=email,
            time_zone="America/New_York",
            rate_min=Decimal(low),
            rate_max=Decimal(high),
        )
        for name, (model, email, low, high) in PROVIDERS.items()
    )
    elena = professional_create(
        firm=firm,
        provider=meridian,
        name=PRO,
        role="Litigation paralegal",
        email=users[Role.EXTERNAL].email,
        hourly_rate=Decimal("38"),
        skills="Deposition summaries, Discovery drafting, E-filing",
        weekly_capacity_hours=40,
    )
    professional_create(firm=firm, provider=apex, name="Assigned review team", hourly_rate=Decimal("22"))
    with firm_scope(firm):
        elena.user = users[Role.EXTERNAL]  # no screen links a candidate to an account (see docstring)
        elena.save(update_fields=["user"])
    return {role: user.email for role, user in users.items()}, engagement.pk


@pytest.fixture(scope="module")
def story(django_db_setup, django_db_blocker, live_server):
    md5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the hasher tests/conftest.py sets per test
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=md5):
        flusher = _Flushed(methodName="__init__")
        flusher._pre_setup()
        try:
            yield Story(live_server.url, *_set_up_firm())
        finally:
            flusher._post_teardown()


@pytest.fixture(autouse=True)
def _live_server_helper(live_server):
    """Replaces pytest-django's helper here: the live server's settings, without a flush after each step."""
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture
def last_page(page, output_path):
    """Each step leaves a full-page screenshot of its last page in the run's output folder."""
    yield
    Path(output_path).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(output_path) / "last-page.png"), full_page=True)


def sign_in(page: Page, story: Story, role: str) -> Page:
    page.goto(f"{story.url}/accounts/login/")
    page.get_by_label("Email").fill(story.emails[role])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**/f/{SLUG}/**")
    return page


def next_step(page: Page, story: Story, label: str | re.Pattern, *, first: bool = True) -> Locator:
    """The engagement page's next step for the person signed in: a link named `label`.

    `first`: it is the single next action; otherwise it is among those "also waiting".
    """
    page.goto(story.engagement)
    box = page.locator("[data-next-action]")
    if first:
        expect(box.locator("[data-next-action-link]")).to_have_text(label)
    link = box.get_by_role("link", name=label)
    expect(link).to_be_visible()
    return link


def move_stage(page: Page, story: Story, to: str) -> None:
    """The partner moves the engagement one stage on, explicitly (it is recorded with their name)."""
    page.goto(story.engagement)
    page.get_by_role("button", name=f"Move to {to}").click()
    expect(page.get_by_role("list", name="Engagement stages").locator("[aria-current=step]")).to_have_text(to)


def test_a_paralegal_logs_five_tasks_by_keyboard_alone_and_sees_each_classified(story, page, last_page):
    sign_in(page, story, Role.PARALEGAL)
    next_step(page, story, "Log today's tasks").click()
    expect(page.get_by_role("heading", name="Log tasks")).to_be_visible()
    rows = page.locator("#ql-rows tr")
    for n, (description, minutes, category) in enumerate(TASKS, start=1):
        expect(page.get_by_label("What did you do?")).to_be_focused()  # focus comes back after each save
        page.keyboard.type(description)
        page.keyboard.press("Tab")
        expect(page.get_by_label("Minutes")).to_be_focused()
        page.keyboard.type(minutes)
        page.keyboard.press("Enter")
        row = rows.filter(has_text=description)
        expect(row).to_contain_text(category)
        expect(rows).to_have_count(n)
    expect(page.get_by_role("status").filter(has_text="Logged")).to_contain_text("Logged 30 min")
    expect(page.locator("#ql-rows")).to_contain_text("outsourceable")


def _emailed_link(to: str) -> str:
    """The questionnaire link in the last email to `to` (the provider's outside inbox)."""
    sent = [m for m in mail.outbox if to in m.to]
    assert sent, f"no email to {to}"
    return re.search(r"https?://[^/\s]+(/q/\S+)", sent[-1].body).group(1)


def test_b_partner_reviews_overrides_sends_provider_answers_partner_compares_and_selects(
    story, page, browser, last_page
):
    sign_in(page, story, Role.PARTNER)
    page.goto(story.at("audit/"))
    page.get_by_role("link", name="Hit list", exact=True).click()
    expect(page.get_by_role("heading", name="Outsourcing hit list")).to_be_visible()
    ranked = page.get_by_role("table").filter(has_text="Task category")
    for _description, _minutes, category in TASKS[:-1]:
        expect(ranked).to_contain_text(category)
    expect(ranked).to_contain_text("Not yet sorted")  # the task it could not place: in no dollar figure

    # The partner knows what the vague task was (advice to the client): correct it, and the hit list follows.
    page.get_by_role("link", name="All entries").click()
    page.get_by_role("link", name=f"Correct “{UNPLACED}”").click()
    page.get_by_label("Bucket").select_option(label="Core")
    page.get_by_label("Category").select_option(label="Legal advice to clients")
    page.get_by_role("button", name="Save correction").click()
    call = page.get_by_role("row").filter(has_text=UNPLACED)
    expect(call).to_contain_text("Legal advice to clients")
    expect(call).to_contain_text("(override)")
    page.get_by_role("link", name="Hit list").click()
    expect(ranked).not_to_contain_text("Not yet sorted")
    expect(ranked).to_contain_text("Legal advice to clients")

    # On to vetting: the next step asks for the questionnaire, one provider at a time.
    move_stage(page, story, "Vetting")
    contacts = {name: email for name, (_model, email, _low, _high) in PROVIDERS.items()}
    links = {}
    for left in (2, 1):
        next_step(page, story, f"Send the questionnaire to {left} provider{'s' if left > 1 else ''}").click()
        provider = page.get_by_role("heading", level=1).inner_text()
        provider = MERIDIAN if MERIDIAN in provider else APEX
        page.get_by_role("button", name="Email the link").click()
        expect(page.get_by_text(f"Questionnaire sent to {contacts[provider]}")).to_be_visible()
        links[provider] = _emailed_link(contacts[provider])
    assert set(links) == {MERIDIAN, APEX}

    # Each provider answers through its link, in a browser of its own with nobody signed in.
    for provider, answers in ((MERIDIAN, SUBSTANCE), (APEX, BUZZWORDS)):
        outside = browser.new_context()
        try:
            form = outside.new_page()
            form.goto(story.url + links[provider])
            expect(form.get_by_role("heading", level=1)).to_contain_text(provider)
            boxes = form.get_by_role("textbox")
            expect(boxes).to_have_count(len(answers))
            for box, text in zip(boxes.all(), answers.values(), strict=True):
                box.fill(text)
            form.get_by_role("button", name="Submit answers").click()
            expect(form.get_by_role("heading", level=1)).to_contain_text("Thank you")
        finally:
            outside.close()

    next_step(page, story, "Compare 2 answered questionnaires and select").click()
    side = page.get_by_role("table").filter(has_text="Weighted total")
    expect(side.get_by_role("columnheader").filter(has_text=MERIDIAN)).to_contain_text("highest score")
    expect(side.get_by_role("columnheader").filter(has_text=APEX)).not_to_contain_text("highest score")
    page.get_by_label("Professional").select_option(label=f"{PRO} — {MERIDIAN}, $38.00/h")
    page.get_by_label("Rationale").fill(
        "Meridian answered every question with concrete steps and controls; Apex with buzzwords."
    )
    page.get_by_role("button", name="Select and start the trial").click()
    expect(page.get_by_text(f"{PRO} of {MERIDIAN} selected")).to_be_visible()


def test_c_ops_generates_the_plan_exports_the_pack_and_downloads_a_valid_pdf(
    story, page, output_path, last_page
):
    sign_in(page, story, Role.OPS)
    next_step(page, story, "Generate the 30-day plan").click()
    page.get_by_role("button", name="Generate plan").click()
    expect(page.get_by_role("heading", name=re.compile("30-day plan"))).to_be_visible()
    expect(page.get_by_text(PRO).first).to_be_visible()
    first_item = page.locator("table.ob-items tbody tr td.what strong").first.inner_text()

    next_step(page, story, "Export the onboarding pack", first=False).click()
    page.get_by_role("button", name="Export PDF").click()
    progress = page.get_by_role("progressbar", name="Export progress")
    expect(progress).to_have_attribute("value", "100", timeout=30_000)
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible()
    with page.expect_download() as info:
        download_link.click()
    Path(output_path).mkdir(parents=True, exist_ok=True)
    pdf = Path(output_path) / "onboarding-pack.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    flat = " ".join(text.stdout.split())
    for expected in (FIRM, ENGAGEMENT, PRO, " ".join(first_item.split())):
        assert expected in flat, f"{expected!r} is not in the pack"


def test_d_the_professional_ticks_a_plan_item_and_cannot_open_audit_or_vetting(story, page, last_page):
    sign_in(page, story, Role.EXTERNAL)
    step = next_step(page, story, re.compile(r"^Next in your plan: "))
    title = step.inner_text().removeprefix("Next in your plan: ").strip()
    step.click()
    expect(page.get_by_role("heading", name=re.compile("30-day plan"))).to_be_visible()
    page.get_by_role("button", name=f"Mark “{title}” done").click()
    expect(page.get_by_role("button", name=f"Mark “{title}” not done")).to_be_visible()

    for path in ("audit/", "audit/log/", "vetting/", f"vetting/engagements/{story.engagement_id}/"):
        response = page.goto(story.at(path))
        assert response.status in (403, 404), (path, response.status)
        expect(page.get_by_role("heading", name=re.compile("Not allowed|Not found"))).to_be_visible()
        expect(page.get_by_text(MERIDIAN)).to_have_count(0)


def test_e_partner_runs_a_check_in_and_sees_a_scaling_signal(story, page, last_page):
    sign_in(page, story, Role.PARTNER)
    move_stage(page, story, "Performing")

    # Work began four weeks ago at this time of day plus ten minutes: check-in 2 is about to start,
    # close enough to write up (one can't be written up before it happens).
    starts = (dt.datetime.now(ZoneInfo("America/New_York")) + dt.timedelta(minutes=10)).replace(second=0)
    next_step(
        page, story, "Schedule the biweekly check-ins", first=False
    ).click()  # after the access checklist
    page.get_by_label("Outsourced work began on").fill(f"{starts.date() - dt.timedelta(weeks=4):%Y-%m-%d}")
    page.get_by_label("Check-in time (firm's time zone)").fill(f"{starts:%H:%M}")
    page.get_by_role("button", name="Start the check-ins").click()
    expect(page.get_by_text("Check-in schedule saved")).to_be_visible()

    next_step(page, story, re.compile(rf"^Check-in (today|tomorrow) at {starts:%H:%M}$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in 2")
    page.get_by_label("What's working well?").fill("Deposition summaries come back within two days.")
    page.get_by_label("Where are the roadblocks?").fill("Elena is at capacity; work waits for her.")
    page.get_by_label("What can we improve for next week?").fill("Decide whether to add a second person.")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("Check-in 2 written up.")).to_be_visible()

    # The last two weeks' delivered work, logged after the fact: 37 h of a 40-hour week each.
    page.get_by_role("link", name="Work items").click()
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    for weeks_ago in (2, 1):
        start = monday - dt.timedelta(weeks=weeks_ago)
        title = f"Deposition summaries, week of {start:%b %-d}"
        page.get_by_label("Title").fill(title)
        page.get_by_label("Category").select_option(label="Deposition summaries")
        page.get_by_label("Assigned at").fill(f"{start:%Y-%m-%d}T09:00")
        page.get_by_label("Delivered at").fill(f"{start + dt.timedelta(days=4):%Y-%m-%d}T17:00")
        page.get_by_label("Hours").fill("37")
        page.get_by_role("button", name="Delegate").click()
        expect(page.get_by_text(f"“{title}” handed to {PRO}.")).to_be_visible()

    page.get_by_role("link", name="Scaling signals").click()
    page.get_by_role("button", name="Check now").click()
    next_step(page, story, "1 open scaling signal — review").click()
    signal = page.locator("section.signal").filter(has_text="Professional at full capacity")
    expect(signal).to_contain_text(f"{PRO} is at full capacity")
    expect(signal.get_by_role("button", name="Acknowledge")).to_be_visible()
