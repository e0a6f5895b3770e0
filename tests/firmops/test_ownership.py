import json
import zipfile
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command

from firmops.models import Engagement, Firm, User
from firmops.ownership import deletion_record, firm_export, firm_row_counts
from firmops.tenancy import firm_owned_models, firm_scope
from onboarding.models import PackExport


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
    assert only_the_deletion_record_left(firm_id, slug="avery")
    assert not Firm.objects.filter(pk=firm_id).exists()
    assert not User.objects.filter(email__endswith="@avery.test").exists()
    with firm_scope(other_firm):
        assert Engagement.objects.get().name == "Blackwood secret engagement"
    assert User.objects.filter(email="partner@blackwood.test").exists()


def only_the_deletion_record_left(firm_id: int, *, slug: str) -> bool:
    """Every firm table empty for the firm id but the trail, which holds one record: the deletion."""
    left = firm_row_counts(firm_id=firm_id)
    record = deletion_record(firm_id=firm_id)
    return (
        left.pop("firmops.ChangeRecord") == 1
        and set(left.values()) == {0}
        and record.action == "D"
        and record.before["slug"] == slug
        and record.before["rows_deleted"] > 0
    )


def test_delete_firm_needs_confirmation(firm):
    with pytest.raises(CommandError, match="--yes"):
        call_command("delete_firm", "avery")
    assert Firm.objects.filter(slug="avery").exists()


def test_export_holds_every_table_and_pdf_of_a_firm_and_delete_counts_them_all_down_to_zero(
    db, tmp_path, other_engagement
):
    # One test, because the demo firm (rows in most tables) and its PDF pack are slow to build.
    call_command("seed_demo", stdout=StringIO())
    firm = Firm.objects.get(slug="demo")
    with firm_scope(firm):
        engagement = Engagement.objects.get()
    call_command("build_onboarding_pack", "demo", str(engagement.pk), "--out", str(tmp_path / "pack.pdf"))
    with firm_scope(firm):
        pack = PackExport.objects.exclude(file="").get()
        in_database = {m._meta.label: m.objects.count() for m in firm_owned_models()}
    labels = set(in_database)

    call_command("export_firm", "demo", "--out", str(tmp_path / "demo.zip"), stdout=StringIO())
    archive = zipfile.ZipFile(tmp_path / "demo.zip")
    manifest = json.loads(archive.read("manifest.json"))["rows"]
    exported = {label: len(json.loads(archive.read(f"tables/{label}.json"))) for label in labels}
    assert set(manifest) == labels and exported == manifest == in_database
    assert sum(1 for n in in_database.values() if n) >= 20  # real rows were compared, not empty tables
    with pack.file.open("rb") as stored:
        pdf = stored.read()
    assert pdf.startswith(b"%PDF") and archive.read(f"files/{pack.file.name}") == pdf
    assert b"Blackwood" not in b"".join(archive.read(name) for name in archive.namelist())

    out = StringIO()
    call_command("delete_firm", "demo", "--yes", stdout=out)
    *tables, summary, kept = out.getvalue().splitlines()
    assert {line.split(":")[0].strip() for line in tables} == labels
    assert all(line.endswith(": 0 rows left") for line in tables)
    assert summary.endswith(f"0 rows left in {len(labels)} firm tables, 0 of its stored files left.")
    assert kept == "Kept: the audit trail's record that the firm was deleted, and when."
    assert not pack.file.storage.exists(pack.file.name)
    assert only_the_deletion_record_left(firm.pk, slug="demo")
    with firm_scope(other_engagement.firm):
        assert Engagement.objects.get().name == "Blackwood secret engagement"
