"""Real small files for evidence uploads: a PDF, a PNG, a JPEG, a Word document, and impostors."""

from __future__ import annotations

import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@functools.cache
def pdf_bytes(text: str = "Mutual NDA") -> bytes:
    """A one-page PDF whose text pdftotext can read (WeasyPrint, as the product renders its own)."""
    from weasyprint import HTML

    return HTML(string=f"<h1>{text}</h1>").write_pdf()


def image_bytes(fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes(text: str = "Engagement terms") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "nda.pdf", text: str = "Mutual NDA") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(text))
