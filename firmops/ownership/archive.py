"""Everything a firm owns as one zip, written as a stream: `manage.py export_firm` and the partner's
browser export (firmops.ownership.exports) both call `firm_export_write`, so the two are the same file.

Inside: `firm.json`, `people.json`, one `tables/<app.Model>.json` per firm table (Django's serializer
format, which `loaddata` reads), the same rows as `csv/<app>/<table>.csv` for people (through
SafeWriter, so a spreadsheet opens them as data), every stored file a row points at under `files/`,
and `manifest.json` with each table's row count. The tables are `firm_owned_models()` and the files
every FileField on them, so a table or file an app adds later is exported without a change here.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.core import serializers
from django.db import models
from django.utils.text import slugify

from firmops.models import Firm, Membership, User
from firmops.spreadsheets import SafeWriter
from firmops.tenancy import firm_owned_models, firm_scope

CHUNK = 2000  # rows fetched at a time: a firm's largest table never sits in memory whole
CSV_IN_MEMORY = 8 * 1024 * 1024  # a table's CSV spills to a temporary file past this size
README = """This archive holds everything {firm} keeps in firmops, as of {when}.

csv/      one spreadsheet per table, for reading (cells that a spreadsheet could run as a formula
          start with an apostrophe)
tables/   the same rows as JSON in Django's serialisation format, for loading into another system
files/    every stored document the rows point at (PDF packs, reports, evidence), by stored name
firm.json, people.json   the firm's settings and its members' names and addresses
manifest.json            how many rows each table holds, to check the archive is complete
"""

Progress = Callable[[int, int], None]


def file_fields(model: type[models.Model]) -> list[str]:
    """The model's stored-file columns (every FileField, ImageField included)."""
    return [f.name for f in model._meta.fields if isinstance(f, models.FileField)]


def csv_name(model: type[models.Model]) -> str:
    """csv/<app>/<what one row is>.csv, e.g. csv/audit/task-entry.csv (Django's plurals are naive)."""
    return f"csv/{model._meta.app_label}/{slugify(str(model._meta.verbose_name))}.csv"


def _is_user(field: models.Field) -> bool:
    return field.is_relation and field.related_model is User


def _csv_fields(model: type[models.Model]) -> list[models.Field]:
    skip = (models.BinaryField,)  # bytes are not for reading; the JSON file holds them
    return [f for f in model._meta.concrete_fields if f.name != "firm" and not isinstance(f, skip)]


def csv_header(model: type[models.Model]) -> list[str]:
    header = []
    for field in _csv_fields(model):
        label = str(field.verbose_name)
        if field.is_relation:
            header.append(f"{label} (id)")
            if _is_user(field):
                header.append(f"{label} (email)")
        else:
            header.append(label)
    return header


def _cell(row: models.Model, field: models.Field) -> list[Any]:
    if field.is_relation:
        cells = [getattr(row, field.attname)]
        if _is_user(field):
            person = getattr(row, field.name)
            cells.append(person.email if person else "")
        return cells
    value = getattr(row, field.attname)
    if value is None:
        return [""]
    if field.choices:
        return [getattr(row, f"get_{field.name}_display")()]
    if isinstance(field, models.JSONField):
        return [json.dumps(value, ensure_ascii=False, default=str)]
    if isinstance(field, models.FileField):
        return [value.name or ""]
    if isinstance(field, models.BooleanField):
        return ["yes" if value else "no"]
    if hasattr(value, "isoformat"):
        return [value.isoformat()]
    return [value]


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    users = [f.name for f in _csv_fields(model) if _is_user(f)]
    return model.objects.select_related(*users).order_by("pk").iterator(chunk_size=CHUNK)


def _write_table(archive: zipfile.ZipFile, model: type[models.Model]) -> tuple[int, list]:
    """One table as JSON and CSV from a single pass over its rows; (rows, stored files to copy)."""
    fields, stored, count = _csv_fields(model), [], 0
    with_files = file_fields(model) if getattr(model, "export_files", True) else []
    with tempfile.SpooledTemporaryFile(CSV_IN_MEMORY, mode="w+", encoding="utf-8", newline="") as sheet:
        writer = SafeWriter(sheet)
        writer.writerow(csv_header(model))

        def rows() -> Iterator[models.Model]:
            nonlocal count
            for row in _rows(model):
                count += 1
                writer.writerow([cell for field in fields for cell in _cell(row, field)])
                stored.extend(getattr(row, name) for name in with_files if getattr(row, name))
                yield row

        with (
            archive.open(f"tables/{model._meta.label}.json", "w", force_zip64=True) as raw,
            io.TextIOWrapper(raw, encoding="utf-8") as text,
        ):
            serializers.serialize("json", rows(), indent=2, stream=text)
        sheet.seek(0)
        with archive.open(csv_name(model), "w", force_zip64=True) as raw:
            raw.write("\ufeff".encode())  # so Excel reads the file as UTF-8
            with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                shutil.copyfileobj(sheet, text)
    return count, stored


def _copy_files(archive: zipfile.ZipFile, stored: list, written: set[str]) -> None:
    for field_file in stored:
        name = field_file.name
        if name in written or not field_file.storage.exists(name):
            continue
        with field_file.storage.open(name, "rb") as source, archive.open(f"files/{name}", "w") as target:
            shutil.copyfileobj(source, target)
        written.add(name)


def firm_export_write(*, firm: Firm, out: IO[bytes], on_table: Progress | None = None) -> dict[str, int]:
    """Write the firm's zip to `out`; returns each table's row count. on_table(done, total) after each."""
    tables = firm_owned_models()
    counts: dict[str, int] = {}
    written: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with firm_scope(firm):
            archive.writestr("firm.json", serializers.serialize("json", [firm], indent=2))
            user_ids = list(Membership.objects.values_list("user_id", flat=True))
            people = User.objects.filter(pk__in=user_ids).order_by("pk")
            archive.writestr(
                "people.json",
                serializers.serialize(
                    "json", people, fields=["email", "first_name", "last_name", "time_zone"], indent=2
                ),
            )
        for done, model in enumerate(tables, start=1):
            with firm_scope(firm):  # one table per transaction, so a progress mark between them commits
                counts[model._meta.label], stored = _write_table(archive, model)
                _copy_files(archive, stored, written)
            if on_table is not None:
                on_table(done, len(tables))
        archive.writestr("README.txt", README.format(firm=firm.name, when=firm.today().isoformat()))
        archive.writestr("manifest.json", json.dumps({"firm": firm.slug, "rows": counts}, indent=2))
    return counts


def firm_export(*, firm: Firm) -> bytes:
    """The whole zip in memory (small firms, tests); the command and the job stream to a file instead."""
    buffer = io.BytesIO()
    firm_export_write(firm=firm, out=buffer)
    return buffer.getvalue()
