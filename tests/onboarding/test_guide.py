import datetime

import pytest

from firmops.tenancy import firm_scope
from onboarding import selectors, services
from onboarding.models import GuideVersion
from onboarding.rendering import render_markdown
from tests.onboarding.conftest import DAY_1

PLANTED = """\
Intro <script>alert('x')</script>

![remote](https://evil.example/pixel.png) ![local](file:///etc/passwd)
![proto](//evil.example/a.png) ![ok](onboarding/logo.png)

<img src="file:///etc/hostname"><img src="http://169.254.169.254/latest/meta-data/">
<link rel="stylesheet" href="https://evil.example/x.css">
<style>@import url(file:///etc/passwd); body { background: url(https://evil.example/b.png) }</style>
<p style="background:url(file:///etc/shadow)">styled</p><iframe src="https://evil.example/"></iframe><object data="file:///etc/passwd"></object>
[safe link](https://www.loom.com/share/abc) [file link](file:///etc/passwd) [js](javascript:alert(1))
<a href="http://x" onclick="steal()">x</a>
"""


def test_markdown_is_rendered_without_scripts_styles_or_remote_resources():
    html = str(render_markdown(PLANTED))
    for banned in (
        "<script",
        "<style",
        "<link",
        "<iframe",
        "<object",
        "style=",
        "onclick",
        "javascript:",
        "file:",
        "evil.example",
        "169.254",
        "url(",
    ):
        assert banned not in html, banned
    assert '<img alt="ok" src="onboarding/logo.png">' in html
    assert '<a href="https://www.loom.com/share/abc" rel="noopener noreferrer nofollow">safe link</a>' in html
    assert "styled" in html and "Intro" in html


def test_markdown_tables_and_lists_survive_sanitising():
    html = str(render_markdown("| Who | Hours |\n|---|---|\n| Owen | 9–5 |\n\n- **no** exclamation points"))
    assert (
        "<table>" in html
        and "<td>Owen</td>" in html
        and "<li><strong>no</strong> exclamation points</li>" in html
    )


def test_every_saved_version_of_the_guide_is_kept(firm, engagement, partner, ops):
    with firm_scope(firm):
        guide = services.guide_ensure(firm=firm, actor=ops, engagement=engagement)
        first = selectors.guide_current(firm=firm, guide=guide)
        assert first.number == 1 and "No exclamation points" in first.unwritten_rules
        second = services.guide_save(
            firm=firm, actor=partner, guide=guide, unwritten_rules="- No emails after 7 PM"
        )
        unchanged = services.guide_save(
            firm=firm, actor=partner, guide=guide, unwritten_rules="- No emails after 7 PM\n"
        )
        third = services.guide_save(firm=firm, actor=ops, guide=guide, feedback_loop="Weekly on Zoom")
        versions = selectors.guide_versions(firm=firm, guide=guide)
    assert unchanged is None
    assert [v.number for v in versions] == [3, 2, 1]
    assert third.unwritten_rules == "- No emails after 7 PM\n" and third.style_guide == first.style_guide
    assert second.created_by == partner


def test_the_default_guide_names_who_answers_it_and_case_questions_with_hours(firm, engagement, members):
    with firm_scope(firm):
        guide = services.guide_ensure(firm=firm, actor=None, engagement=engagement)
        contacts = selectors.guide_current(firm=firm, guide=guide).key_contacts
    assert "IT, accounts and access" in contacts and "ops@avery.test" in contacts
    assert "Case questions" in contacts and "attorney@avery.test" in contacts
    assert "09:00–17:00 America/New_York" in contacts


def test_the_guide_page_shows_the_core_hours_in_both_zones_and_sanitised_text(
    client_for, firm, engagement, selected, ops, partner
):
    firm.time_zone, firm.core_hours_start = "America/Chicago", datetime.time(10)
    firm.save()
    with firm_scope(firm):
        services.plan_generate(
            firm=firm,
            actor=ops,
            engagement=engagement,
            starts_on=DAY_1,
            day_start=datetime.time(8),
            day_end=datetime.time(11),
        )
        guide = selectors.guide_for(firm=firm, engagement=engagement)
        services.guide_save(firm=firm, actor=ops, guide=guide, unwritten_rules=PLANTED)
    body = client_for(ops).get(f"/f/avery/onboarding/engagements/{engagement.pk}/guide/").content.decode()
    assert "10:00–13:00 America/Chicago = 08:00–11:00 America/Los_Angeles" in body
    assert "evil.example" not in body and "<script>alert" not in body and "file:///etc" not in body


def test_editing_the_guide_in_the_browser_saves_a_new_version_and_lists_it_in_history(
    client_for, firm, engagement, ops
):
    client = client_for(ops)
    url = f"/f/avery/onboarding/engagements/{engagement.pk}/guide/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "key_contacts": "Owen for IT",
            "style_guide": "Times 12",
            "unwritten_rules": "- No exclamation points",
            "feedback_loop": "Weekly",
        },
        follow=True,
    )
    assert "Guide saved as version 2" in response.content.decode()
    history = client.get(f"/f/avery/onboarding/engagements/{engagement.pk}/guide/history/").content.decode()
    assert "Version 2" in history and "Version 1" in history
    with firm_scope(firm):
        old = GuideVersion.objects.get(number=1)
    page = client.get(f"/f/avery/onboarding/guide-versions/{old.pk}/").content.decode()
    assert "No client emails after 7 PM" in page


@pytest.mark.parametrize("section", ["key_contacts", "style_guide", "unwritten_rules", "feedback_loop"])
def test_a_section_longer_than_the_limit_is_refused_with_its_name(firm, engagement, ops, section):
    from django.core.exceptions import ValidationError

    with firm_scope(firm):
        guide = services.guide_ensure(firm=firm, actor=ops, engagement=engagement)
        with pytest.raises(ValidationError) as caught:
            services.guide_save(firm=firm, actor=ops, guide=guide, **{section: "x" * 20_001})
    assert section in caught.value.message_dict
