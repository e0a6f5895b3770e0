"""A partner takes the firm's data out from the browser or the API: one zip of every row (CSV to read,
JSON to load) and every stored document, built by Celery, offered for a week, noted in the trail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
import zipfile

import pytest
from django.db import close_old_connections, connection
from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from firmops.demo import seed_demo
from firmops.models import ChangeRecord, Firm, FirmExport, FirmExportProgress, Role
from firmops.ownership.archive import csv_name
from firmops.ownership.services import firm_export_request
from firmops.tasks import sweep_firm_exports
from firmops.tenancy import firm_owned_models, firm_scope

TEXT = (CharField, TextField)


def _zip(response) -> zipfile.ZipFile:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return zipfile.ZipFile(io.BytesIO(body))


def _canary_columns(model) -> list[str]:
    """Free-text columns a canary fits in: text, no choices, room for `ZQA123Q45678`."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT) and not f.choices and (f.max_length is None or f.max_length >= 24)
    ]


def _plant_canaries(firm: Firm, tag: str) -> dict[tuple[str, str], set[str]]:
    """Write `ZQ<tag><column no>Q<row id>` into every text column of every row the firm owns.

    The trail is left alone: the app may only append to it (and every change here is recorded in it).
    """
    planted: dict[tuple[str, str], set[str]] = {}
    with firm_scope(firm):
        for model in firm_owned_models():
            if model is ChangeRecord:
                continue
            for number, column in enumerate(_canary_columns(model)):
                prefix = f"ZQ{tag}{number:03d}Q"
                rows = model.objects.all()
                rows.update(**{column: Concat(Value(prefix), Cast(F("pk"), CharField()))})
                values = {f"{prefix}{pk}" for pk in rows.values_list("pk", flat=True)}
                if values:
                    planted[(model._meta.label, column)] = values
    return planted


def _two_demo_firms():
    """The demo firm twice over (rows in nearly every table), the first renamed out of the way."""
    seed_demo()
    Firm.objects.filter(slug="demo").update(slug="demo-earlier", name="Earlier Demo Law Group")
    return Firm.objects.get(slug="demo-earlier"), seed_demo().firm


def test_a_firms_export_zip_holds_every_row_of_that_firm_and_none_of_another(
    db, client, django_capture_on_commit_callbacks
):
    other, firm = _two_demo_firms()
    theirs = _plant_canaries(other, "B")
    ours = _plant_canaries(firm, "A")
    with firm_scope(firm):
        ids = {m._meta.label: set(m.objects.values_list("pk", flat=True)) for m in firm_owned_models()}
        partner = firm_partner(firm)
    assert len(ours) >= 60 and len({label for label, _ in ours}) >= 20  # real columns, not empty tables

    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):  # the Celery task runs, eagerly, on commit
        client.post("/f/demo/settings/data/export/")
    with firm_scope(firm):
        export = FirmExport.objects.get()
    archive = _zip(client.get(f"/f/demo/settings/data/exports/{export.pk}/download/"))

    everything = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert "ZQB" not in everything and "Earlier Demo" not in everything  # nothing of the other firm
    assert not {v for values in theirs.values() for v in values if v in everything}
    manifest = json.loads(archive.read("manifest.json"))["rows"]
    assert export.status == FirmExport.Status.READY and export.rows == sum(manifest.values())
    for model in firm_owned_models():
        label = model._meta.label
        exported = {row["pk"] for row in json.loads(archive.read(f"tables/{label}.json"))}
        sheet = list(csv.reader(io.StringIO(archive.read(csv_name(model)).decode("utf-8-sig"))))
        assert len(exported) == manifest[label] == len(sheet) - 1, label  # a header and a line per row
        if model in (FirmExport, FirmExportProgress, ChangeRecord):
            assert ids[label] <= exported, label  # the export itself adds its own job and trail rows
        else:
            assert exported == ids[label], label  # every row, by its id
    for (label, column), values in ours.items():  # every text column of every row, in both forms
        model = next(m for m in firm_owned_models() if m._meta.label == label)
        sheet = archive.read(csv_name(model)).decode("utf-8-sig")
        table = archive.read(f"tables/{label}.json").decode()
        missing = {v for v in values if v not in sheet or v not in table}
        assert not missing, f"{label}.{column}: {sorted(missing)[:3]}"


def firm_partner(firm):
    from firmops.models import Membership

    return Membership.objects.for_firm(firm).filter(role=Role.PARTNER).select_related("user").first().user


def test_the_export_builds_in_the_background_downloads_is_noted_and_expires_after_a_week(
    firm, partner, engagement, client_for, django_capture_on_commit_callbacks, settings
):
    client = client_for(partner)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer = client.post("/f/avery/settings/data/export/", follow=True)
    assert "This page shows its progress" in answer.content.decode()
    with firm_scope(firm):
        export = FirmExport.objects.get()
    status_url = f"/f/avery/settings/data/exports/{export.pk}/status/"
    assert f'data-job-status-url="{status_url}"' in answer.content.decode()
    assert client.get(status_url).json()["status"] == "queued"
    download = f"/f/avery/settings/data/exports/{export.pk}/download/"
    assert client.get(download).status_code == 404  # not ready yet

    for callback in queued:  # the worker picks the job up
        callback()
    state = client.get(status_url).json()
    assert state["status"] == "ready" and state["progress"] == 100 and state["download_url"] == download
    archive = _zip(client.get(download))
    assert b"Avery audit 2026" in archive.read("tables/firmops.Engagement.json")
    assert "Avery audit 2026" in archive.read("csv/firmops/engagement.csv").decode("utf-8-sig")

    with firm_scope(firm):
        export.refresh_from_db()
        assert export.downloads == 1 and export.last_downloaded_by == partner
        trail = list(ChangeRecord.objects.filter(table="firmops_firmexport", row_pk=str(export.pk)))
        asked = [r for r in trail if r.action == "I"]
        taken = [r for r in trail if r.action == "U" and (r.after or {}).get("downloads") == 1]
        assert [r.actor_id for r in asked + taken] == [partner.pk, partner.pk]  # who asked, who took it
    trail_page = client.get("/f/avery/trail/?table=firmops_firmexport").content.decode()
    assert "Data export" in trail_page

    stored = export.file.name
    assert export.file.storage.exists(stored)
    sweep_firm_exports.apply(kwargs={})  # within the week: kept
    assert export.file.storage.exists(stored)
    with firm_scope(firm):
        FirmExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert sweep_firm_exports.apply().get() == {"expired": 1, "requeued": 0}
    assert not export.file.storage.exists(stored)
    assert client.get(download).status_code == 404
    assert client.get(status_url).json()["status"] == "expired"


def test_an_export_asked_twice_is_one_job_on_the_page_and_in_the_api(
    firm, partner, members, client_for, django_capture_on_commit_callbacks
):
    client = client_for(partner)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post("/f/avery/settings/data/export/")
        again = client.post("/f/avery/settings/data/export/", follow=True)
        api = client.post("/api/v1/firms/avery/data-exports/", content_type="application/json")
    assert "already being built" in again.content.decode()
    with firm_scope(firm):
        [export] = FirmExport.objects.all()
    assert api.status_code == 200 and api.json()["id"] == export.pk and api.json()["status"] == "queued"
    assert len(queued) == 1  # one build enqueued, not three
    for callback in queued:
        callback()
    fresh = client.post("/api/v1/firms/avery/data-exports/", content_type="application/json")
    assert fresh.status_code == 201 and fresh.json()["id"] != export.pk  # once done, a new one may start


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_partners_asking_at_the_same_moment_get_one_job(firm, members):
    """Two transactions race past the "is one running?" look; the database's unique index keeps one."""
    start = threading.Barrier(2)
    answers = []

    def ask():
        try:
            start.wait(timeout=10)
            answers.append(firm_export_request(firm=firm, actor=members[Role.PARTNER]))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    with firm_scope(firm):
        assert FirmExport.objects.count() == 1
    assert len(answers) == 2 and len({export.pk for export, _ in answers}) == 1
    assert sorted(created for _, created in answers) == [False, True]


def test_other_roles_cannot_export_or_download(firm, members, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export, _ = firm_export_request(firm=firm, actor=members[Role.PARTNER])
    for role in (Role.ATTORNEY, Role.PARALEGAL, Role.OPS, Role.EXTERNAL):
        client = client_for(members[role])
        assert client.get(f"/f/avery/settings/data/exports/{export.pk}/download/").status_code == 403
        assert client.post("/f/avery/settings/data/export/").status_code == 403
        assert client.get(f"/api/v1/firms/avery/data-exports/{export.pk}/download/").status_code == 403
    with firm_scope(firm):
        assert FirmExport.objects.get().downloads == 0
