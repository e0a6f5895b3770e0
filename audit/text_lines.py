"""Text files line by line: UTF-8 checked per line (so a bad byte is pinned to its line), capped in size."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

MAX_BYTES = 20 * 1024 * 1024


class FileTooLarge(Exception):
    pass


class NotUtf8(Exception):
    def __init__(self, line: int):
        super().__init__(f"line {line} is not UTF-8")
        self.line = line


NOT_UTF8 = "the file is not UTF-8 text from here on; save it as “CSV UTF-8” (or UTF-8 text) and try again"


class Capped(io.RawIOBase):
    """A binary stream that stops once more than `limit` bytes were read (for uploads of unknown size)."""

    def __init__(self, raw: BinaryIO, limit: int = MAX_BYTES):
        self.raw, self.seen, self.limit = raw, 0, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.limit:
            raise FileTooLarge
        buffer[: len(data)] = data
        return len(data)


def decoded_lines(stream: BinaryIO) -> Iterator[str]:
    """Text lines of a binary stream, decoded one by one; a byte-order mark at the start is dropped."""
    for number, raw in enumerate(io.BufferedReader(Capped(stream)), start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotUtf8(number) from exc
        yield text.removeprefix("\ufeff") if number == 1 else text
