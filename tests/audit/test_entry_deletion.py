"""No one-click deletions (issue 16 item 5): deleting one entry from the quick log, or many ticked on the
entries page, first says how many entries and hours go and what the hit list loses; only the confirmed
post deletes."""

from __future__ import annotations

import html
import re

from audit.models import TaskEntry
from audit.selectors import hit_list
from audit.services import audit_entry_create, audit_period_open
from firmops.models import Role
from firmops.tenancy import firm_scope

JSON = {"HTTP_ACCEPT": "application/json"}


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _log(firm, actor, period, description, minutes, performer=None):
    return audit_entry_create(
        firm=firm, actor=actor, period=period, description=description, minutes=minutes, performer=performer
    )


def _left(firm) -> set[str]:
    with firm_scope(firm):
        return set(TaskEntry.objects.values_list("description", flat=True))


def test_one_click_on_delete_asks_and_names_what_the_hit_list_loses(client_for, paralegal, firm, period):
    entry = _log(firm, paralegal, period, "Summarized depo of Officer Grant", 45)
    client = client_for(paralegal)
    url = f"/f/avery/audit/entries/{entry.pk}/delete/"
    asked = client.post(url)
    text = _text(asked)
    assert asked.status_code == 200
    assert "Delete “Summarized depo of Officer Grant” (45 min)? A deleted entry cannot be restored." in text
    assert "The hit list loses 45 min of outsourceable work (Deposition summaries 45 min)" in text
    assert _left(firm) == {"Summarized depo of Officer Grant"}  # nothing deleted yet

    done = client.post(url, {"confirmed": "yes"})
    assert done.status_code == 302 and done["Location"].endswith(f"?day={entry.performed_on:%Y-%m-%d}")
    assert _left(firm) == set()


def test_the_quick_logs_script_gets_the_same_words_to_show_in_the_row(client_for, paralegal, firm, period):
    entry = _log(firm, paralegal, period, "Cross-examined the plaintiff's expert witness", 90)
    asked = client_for(paralegal).post(f"/f/avery/audit/entries/{entry.pk}/delete/", **JSON).json()
    assert asked["ok"] is False and asked["confirm"]["field"] == "confirmed"
    assert asked["confirm"]["lead"].startswith(
        "Delete “Cross-examined the plaintiff's expert witness” (1 h 30 min)?"
    )
    assert len(_left(firm)) == 1


def test_a_partner_deletes_ticked_entries_after_seeing_count_hours_and_hit_list_change(
    client_for, partner, members, firm, period
):
    paralegal, attorney = members[Role.PARALEGAL], members[Role.ATTORNEY]
    depo = _log(firm, paralegal, period, "Summarized depo of Officer Grant", 45, performer=paralegal)
    efile = _log(firm, attorney, period, "E-filed notice of appearance", 15, performer=attorney)
    kept = _log(firm, attorney, period, "Drafted RFPs", 60, performer=attorney)
    client = client_for(partner)
    entries_page = client.get(f"/f/avery/audit/periods/{period.pk}/entries/").content.decode()
    assert f'name="entry" value="{depo.pk}" form="bulk-delete"' in entries_page
    url = f"/f/avery/audit/periods/{period.pk}/entries/delete/"
    with firm_scope(firm):
        before = {r.category: r.hours for r in hit_list(firm=firm, period=period)}

    asked = client.post(url, {"entry": [depo.pk, efile.pk]})
    text = _text(asked)
    assert asked.status_code == 200
    assert "Delete 2 entries, 1 h in all, logged by 2 people" in text
    assert (
        "The hit list loses 1 h of outsourceable work "
        "(Deposition summaries 45 min, E-filing & service 15 min)" in text
    )
    assert "“Summarized depo of Officer Grant”, 45 min" in text and "Drafted RFPs" not in text
    assert len(re.findall(r'name="entry" value="\d+"', asked.content.decode())) == 2  # carried to the step
    assert len(_left(firm)) == 3

    done = client.post(url, {"entry": [depo.pk, efile.pk], "confirmed": "yes"}, follow=True)
    assert "Deleted 2 entries (1 h); the hit list no longer counts them." in _text(done)
    assert _left(firm) == {"Drafted RFPs"}
    with firm_scope(firm):
        after = {r.category: r.hours for r in hit_list(firm=firm, period=period)}
    assert "deposition_summaries" in before and "deposition_summaries" not in after
    assert after.get(kept.category) == before[kept.category]


def test_staff_cannot_bulk_delete_and_nobody_deletes_another_firms_entries(
    client_for, partner, paralegal, firm, period, other_firm, other_partner, other_engagement
):
    mine = _log(firm, paralegal, period, "Drafted RFPs", 30)
    assert (
        client_for(paralegal)
        .post(f"/f/avery/audit/periods/{period.pk}/entries/delete/", {"entry": [mine.pk], "confirmed": "yes"})
        .status_code
        == 403
    )
    theirs_period = audit_period_open(
        firm=other_firm, actor=other_partner, engagement=other_engagement, starts_on=period.starts_on
    )
    theirs = _log(other_firm, other_partner, theirs_period, "Blackwood secret task", 30)
    answer = client_for(partner).post(
        f"/f/avery/audit/periods/{period.pk}/entries/delete/",
        {"entry": [theirs.pk], "confirmed": "yes"},
        follow=True,
    )
    assert "Tick the entries to delete first: nothing was deleted." in _text(answer)
    with firm_scope(other_firm):
        assert TaskEntry.objects.filter(pk=theirs.pk).exists()
    assert _left(firm) == {"Drafted RFPs"}
