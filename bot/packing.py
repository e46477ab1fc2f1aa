"""Telegram's 4096-unit limit: join HTML parts into as few messages as fit, split the rest."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from html.parser import HTMLParser

MESSAGE_LIMIT = 4096  # Telegram's cap on one message's text, counted after entity parsing


def pack(parts: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join HTML parts with blank lines into as few chunks ≤ limit as possible."""
    chunks: list[str] = []
    current = ""
    for part in (piece for p in parts for piece in fit(p, limit)):
        candidate = f"{current}\n\n{part}" if current else part
        if units(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def fit(part: str, limit: int) -> list[str]:
    """Return a part whole, or split an over-long one into plain escaped pieces."""
    if units(part) <= limit:
        return [part]
    plain = strip_tags(part)
    step = limit // 12  # worst case: an astral character is 2 units, "&quot;" is 6
    return [escape(plain[i : i + step]) for i in range(0, len(plain), step)]


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def strip_tags(fragment: str) -> str:
    """Undo our own markup: drop tags and unescape entities."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.texts)


class _TextOnly(HTMLParser):
    """Collect the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        """Keep text, drop tags."""
        self.texts.append(data)
