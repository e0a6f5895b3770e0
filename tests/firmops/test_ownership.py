import json
import zipfile
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command

from firmops.models import Engagement, Firm, User
from firmops.ownership import firm_export, firm_row_counts
from firmops.tenancy import firm_scope


def test_export_holds_the_firms_rows_and_none_of_another_firms(engagement, other_engagement, firm, members):
    archive = zipfile.ZipFile(BytesIO(firm_export(firm=firm)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["rows"]["firmops.Engagement"] == 1 and manifest["rows"]["firmops.Membership"] == 5
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Avery audit 2026" in everything
    assert b"Blackwood" not in everything


def test_delete_firm_removes_every_row_and_its_own_accounts_and_proves_it(
    engagement, other_engagement, firm, other_firm, members, other_partner
):
    firm_id = firm.pk
    out = StringIO()
    call_command("delete_firm", "avery", "--yes", stdout=out)
    assert "0 rows left" in out.getvalue()
    assert set(firm_row_counts(firm_id=firm_id).values()) == {0}
    assert not Firm.objects.filter(pk=firm_id).exists()
    assert not User.objects.filter(email__endswith="@avery.test").exists()
    with firm_scope(other_firm):
        assert Engagement.objects.get().name == "Blackwood secret engagement"
    assert User.objects.filter(email="partner@blackwood.test").exists()


def test_delete_firm_needs_confirmation(firm):
    with pytest.raises(CommandError, match="--yes"):
        call_command("delete_firm", "avery")
    assert Firm.objects.filter(slug="avery").exists()
