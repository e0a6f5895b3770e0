"""What an evidence upload may be: a PDF, PNG, JPEG or Word (.docx) file, judged by its bytes.

The name and the browser's content type are the uploader's to choose, so neither is trusted: puremagic
reads the file's signature, and a .docx (a zip like any Office file) must hold word/document.xml.
"""

from __future__ import annotations

import hashlib
import zipfile
from typing import IO

import puremagic
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    DOCX: "Word document (.docx)",
}
ALLOWED_WORDS = "a PDF, PNG, JPEG or Word (.docx) file"
_HEAD_BYTES = 8192
_ZIP = b"PK\x03\x04"


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_MB * 1024 * 1024


def _size(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return size


def _is_docx(upload: IO[bytes]) -> bool:
    """A Word document: a readable zip with the main document part (not any zip, xlsx or pptx)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def _sniff(head: bytes) -> str:
    """The MIME type the bytes' signature names, among the allowed ones; "" for anything else."""
    if head.startswith(_ZIP):
        return DOCX  # a candidate only: _is_docx looks inside
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return ""
    for match in matches:
        if match.mime_type in ALLOWED and match.mime_type != DOCX:
            return match.mime_type
    return ""


def _described(head: bytes) -> str:
    """What the bytes are instead, in words, for the refusal ("an HTML page"), or ""."""
    try:
        match = puremagic.magic_string(head)[0]
    except (puremagic.PureError, ValueError, IndexError):
        return ""
    return match.name or match.mime_type or ""


def evidence_file_check(upload: IO[bytes]) -> tuple[str, int]:
    """(MIME type, size) of an acceptable upload; ValidationError naming the file and what is wrong.

    Reads the upload (and leaves it rewound); stores nothing.
    """
    name = getattr(upload, "name", "") or "the file"
    size = _size(upload)
    if size == 0:
        raise ValidationError(f"“{name}” is empty: choose the document again.", code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            f"“{name}” is {size / 1024 / 1024:.1f} MB; the largest file accepted is "
            f"{settings.EVIDENCE_MAX_MB} MB.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    mime = _sniff(head)
    if mime == DOCX and not _is_docx(upload):
        mime = ""
    upload.seek(0)
    if not mime:
        what = _described(head)
        instead = f" (its contents look like: {what})" if what else ""
        raise ValidationError(
            f"“{name}” is not {ALLOWED_WORDS}{instead}. The type is read from the file itself, "
            "not from its name.",
            code="file_type",
        )
    return mime, size


def file_digest(upload: IO[bytes]) -> str:
    """SHA-256 of the upload's bytes (left rewound): a later copy can be checked against it."""
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def download_name(original: str, extension: str) -> str:
    """A safe file name for the attachment: the uploader's stem, the extension the bytes proved."""
    try:
        stem = get_valid_filename(original.rsplit(".", 1)[0])[:100]
    except SuspiciousFileOperation:  # nothing usable left of the name ("..", only symbols)
        stem = ""
    return f"{stem or 'document'}{extension}"
