"""OpenAPI post-processing: every operation documents the refusals it can answer with.

drf-spectacular documents only the success answers; a client (and schemathesis) must also know the
shape of a refusal: 400 names the bad fields, 401/403/404 carry a `detail` sentence, 413 a body over
the size limit, 415 a body in a content type the operation does not read.
"""

from __future__ import annotations

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each bad field (or `detail`, or `non_field_errors`) with the reasons it was refused.",
    "additionalProperties": True,
}
REFUSALS = {
    "400": ("The request names something wrong; nothing was changed.", "FieldErrors"),
    "401": ("Not signed in.", "Detail"),
    "403": ("Signed in, but this role cannot do this.", "Detail"),
    "404": ("No such object in this firm (the same answer for another firm's).", "Detail"),
}
BODY_REFUSALS = {
    "413": ("The body is larger than the server accepts.", "Detail"),
    "415": ("The body's content type is not one this operation reads.", "Detail"),
}
METHODS = ("get", "post", "put", "patch", "delete")
# JSON Schema's "time" format demands a UTC offset; DRF reads and writes a local wall-clock time.
LOCAL_TIME = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"}


def _relax(node) -> None:
    """Formats DRF does not promise: local times without offset; blank stored emails and links."""
    if isinstance(node, list):
        for child in node:
            _relax(child)
        return
    if not isinstance(node, dict):
        return
    if node.get("format") == "time":
        node.pop("format")
        node.update({k: v for k, v in LOCAL_TIME.items() if k not in node})
        node.setdefault("description", "Local time, HH:MM[:SS].")
    elif node.get("format") in ("email", "uri") and node.get("readOnly"):
        # an optional email or link is stored blank when not given, and read back as ""
        what = {"email": "An email address", "uri": "A link"}[node.pop("format")]
        node["description"] = (node.get("description", "") + f" {what}, or blank.").strip()
    for child in node.values():
        _relax(child)


def document_refusals(result, generator, request, public):
    """Spectacular POSTPROCESSING_HOOKS entry: add the refusal answers to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Detail", DETAIL)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    _relax(result)
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            refusals = dict(REFUSALS)
            if "requestBody" in operation:
                refusals |= BODY_REFUSALS
            responses = operation.setdefault("responses", {})
            for code, (description, component) in refusals.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
                        },
                    },
                )
    return result
