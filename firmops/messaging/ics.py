"""iCalendar (RFC 5545) text encoding shared by every calendar feed: escaping and line folding."""

from __future__ import annotations

LINE_OCTETS = 75  # RFC 5545 §3.1: lines longer than this are folded


def escape_text(value: str) -> str:
    """TEXT value escaping (§3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line into ≤75-octet pieces without splitting a UTF-8 character (§3.1)."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # the leading space counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)
