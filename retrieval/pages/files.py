"""Page files as bytes: decode UTF-8 or GB18030, refuse empty and binary files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import PageError
from retrieval.pages.lines import normalize_text

MAX_PAGE_BYTES = 8_000_000  # a newspaper page is ~10 kB; anything this big is not one
SNIFF = 8192
CONTROL_SHARE = 0.02  # more control bytes than this: a binary file, not text
TEXT_CONTROLS = b"\t\n\r\x0b\x0c"


@dataclass(frozen=True, slots=True)
class PageText:
    """A page file decoded to text, with a note when decoding needed care."""

    text: str
    notice: str | None


def looks_binary(data: bytes) -> bool:
    """Tell whether bytes look like a binary file (NUL or many control bytes)."""
    head = data[:SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in TEXT_CONTROLS)
    return controls > CONTROL_SHARE * len(head)


def decode_page(data: bytes, source: str) -> PageText:
    """Decode a page's bytes, or raise PageError naming the file and the problem."""
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(source, f"too large for a page ({len(data)} bytes)")
    if not data.strip():
        raise PageError(source, "empty file")
    if looks_binary(data):
        raise PageError(source, "binary file, not page text")
    page = decode_text(data, source)
    if not page.text.strip():
        raise PageError(source, "no text in the file")
    return page


def decode_text(data: bytes, source: str) -> PageText:
    """Decode UTF-8 (a cut-off last character is dropped) or else GB18030/GBK."""
    try:
        return PageText(data.decode("utf-8-sig"), None)
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            notice = (
                "ends in the middle of a character (truncated?); the partial character was dropped"
            )
            return PageText(data[: exc.start].decode("utf-8-sig"), notice)
        utf8_error = exc
    try:
        return PageText(data.decode("gb18030"), "decoded as GB18030/GBK, not UTF-8")
    except UnicodeDecodeError:
        raise PageError(
            source, f"neither UTF-8 nor GB18030 text (bad byte at offset {utf8_error.start})"
        ) from None


def read_page(path: Path) -> PageText:
    """Read and decode one page file, or raise PageError naming it."""
    try:
        if path.stat().st_size > MAX_PAGE_BYTES:
            raise PageError(path.name, f"too large for a page ({path.stat().st_size} bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise PageError(path.name, f"cannot be read ({exc.strerror or exc})") from exc
    return decode_page(data, path.name)


def content_key(text: str) -> str:
    """Return a digest of a page's text that ignores encoding, line breaks and spacing."""
    return hashlib.sha256("".join(normalize_text(text).split()).encode("utf-8")).hexdigest()
