"""No one-click mistakes in the audit (issue 16 item 5): withdrawing a partner's override and deleting a
saved import mapping first say what follows; a post without `confirmed=yes` changes nothing."""

from __future__ import annotations

import html
import re

from audit.imports.models import ColumnMapping
from audit.models import ClassificationOverride, TaskEntry
from audit.services import audit_entry_create, audit_override_set
from firmops.tenancy import firm_scope


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_withdrawing_an_override_says_how_many_entries_go_back_and_acts_once_confirmed(
    client_for, firm, partner, paralegal, period
):
    entries = [
        audit_entry_create(
            firm=firm,
            actor=paralegal,
            period=period,
            description="Reviewed pre-bills and approved invoices",
            minutes=30,
        )
        for _ in range(2)
    ]
    result = audit_override_set(
        firm=firm, actor=partner, entry=entries[0], bucket="outsourceable", category="billing_time_entry"
    )
    client = client_for(partner)
    url = f"/f/avery/audit/overrides/{result.override.pk}/delete/"

    asked = client.post(url)
    text = _text(asked)
    assert asked.status_code == 200
    assert "Withdraw the correction that files “Reviewed pre-bills and approved invoices”" in text
    assert "It decides 2 entries of the firm today." in text
    assert "Those 2 entries go back to the classifier's own verdict" in text
    with firm_scope(firm):
        assert ClassificationOverride.objects.count() == 1
        assert set(TaskEntry.objects.values_list("bucket", flat=True)) == {"outsourceable"}

    done = client.post(url, {"confirmed": "yes"})
    assert done.status_code == 302 and done["Location"].endswith("/audit/overrides/")
    with firm_scope(firm):
        assert ClassificationOverride.objects.count() == 0
        assert set(TaskEntry.objects.values_list("bucket", "override")) == {("core", None)}


def test_deleting_a_saved_mapping_says_next_months_file_needs_mapping_again(client_for, firm, partner):
    with firm_scope(firm):
        mapping = ColumnMapping.objects.create(
            firm=firm,
            name="Clio monthly",
            header=["Date", "User", "Description", "Minutes"],
            header_key="a" * 64,
            spec={},
        )
    client = client_for(partner)
    url = f"/f/avery/audit/imports/mappings/{mapping.pk}/delete/"

    asked = client.post(url)
    text = _text(asked)
    assert asked.status_code == 200
    assert "Delete the saved mapping “Clio monthly” (4 columns: Date, User, Description, Minutes)?" in text
    assert "Next month's file with this header row will need mapping again" in text
    with firm_scope(firm):
        assert ColumnMapping.objects.filter(pk=mapping.pk).exists()

    done = client.post(url, {"confirmed": "yes"})
    assert done.status_code == 302
    with firm_scope(firm):
        assert not ColumnMapping.objects.filter(pk=mapping.pk).exists()
