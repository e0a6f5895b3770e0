"""Refuse malformed requests before any view runs, with a message that names what is wrong.

- A NUL character (\\x00) anywhere in the path, a query parameter or a text body: PostgreSQL cannot
  store it in a text column (psycopg refuses it), so it would otherwise surface as a 500 mid-write.
- A JSON or form body larger than DATA_UPLOAD_MAX_MEMORY_SIZE: 413 before the body is read (DRF's
  JSON parser reads the stream without Django's limit).
- A page (not /api/) posted anything but a form: 415 instead of a form silently seen as empty.
Multipart bodies carry files, so they are left to Django's own limits; their text fields go through
form or serializer fields, which refuse NUL themselves, and uploaded files through the importers.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from firmops.tenancy.middleware import refusal_before_body

JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)  # an escaped NUL, not an escaped backslash
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "")
TEXT_BODY_TYPES = ("application/json", "application/x-www-form-urlencoded", "text/")
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _refuse(request, status: int, message: str):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _nul_in_query(request) -> str | None:
    raw = request.META.get("QUERY_STRING", "")
    if "%00" not in raw and "\x00" not in raw:
        return None
    for name, value in parse_qsl(raw, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "\\x00")
    return "?"


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._check(request)
        if refusal is None:
            return self.get_response(request)
        # A firm request is admitted only in FirmMiddleware.process_view (around its view); a
        # stranger to the firm must still get the 404, not a word about the body.
        return refusal_before_body(request) or refusal

    def _check(self, request):
        if "\x00" in unquote(request.path_info):
            return _refuse(request, 400, "The address contains a NUL character (\\x00).")
        name = _nul_in_query(request)
        if name is not None:
            return _refuse(request, 400, f"The query parameter '{name}' contains a NUL character (\\x00).")
        if request.method not in BODY_METHODS:
            return None
        content_type = request.content_type or ""
        api = request.path_info.startswith("/api/")
        if not api and request.method == "POST" and content_type not in FORM_TYPES:
            return _refuse(
                request,
                415,
                f"This page takes a form (application/x-www-form-urlencoded or multipart/form-data), "
                f"not {content_type}.",
            )
        if not content_type.startswith(TEXT_BODY_TYPES):
            return None
        return self._check_text_body(request, content_type)

    @staticmethod
    def _check_text_body(request, content_type: str):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, "The Content-Length header is not a number.")
        if limit is not None and length > limit:
            return _refuse(request, 413, f"The request body is {length} bytes; the limit is {limit} bytes.")
        body = request.body
        if b"\x00" in body or (content_type == "application/json" and JSON_NUL.search(body)):
            return _refuse(request, 400, "The request body contains a NUL character (\\u0000); remove it.")
        if content_type == "application/x-www-form-urlencoded" and b"%00" in body:
            return _refuse(request, 400, "A form field contains a NUL character (\\x00); remove it.")
        return None
