"""Datelines: the marker opening a lead (本报讯, 本網訊, 【金华网讯】, 婺城网4月28日讯 …).

The forms are data (retrieval/data/datelines.txt); one mechanism compiles and matches them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from retrieval.pages.forms import data_lines, fold

PLACE = r"[\u4e00-\u9fff]{1,8}?"
DATE = r"\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*"
HEAD = 24  # a dateline is never longer than this
# Every form ends in 讯 or 消息 (訊 before folding): lines without one skip the matching.
MAYBE = re.compile(r"[讯訊息]")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline at the start of a text: its length, and the date it gives, if any."""

    length: int
    month: int | None = None
    day: int | None = None


def compile_form(form: str) -> re.Pattern[str]:
    """Turn one line of datelines.txt into a pattern over folded text."""
    pieces = re.split(r"(\{place\}|\{date\})", form)
    parts = [
        PLACE if piece == "{place}" else DATE if piece == "{date}" else re.escape(fold(piece))
        for piece in pieces
    ]
    return re.compile("".join(parts))


@functools.cache
def forms() -> tuple[re.Pattern[str], ...]:
    """The dateline patterns, longest-matching forms first as listed."""
    return tuple(compile_form(form) for form in data_lines("datelines.txt"))


@functools.lru_cache(maxsize=65536)
def match_head(head: str) -> Dateline | None:
    """Match a dateline at the start of (at most HEAD characters of) a text."""
    if not MAYBE.search(head):
        return None
    folded = fold(head)
    for pattern in forms():
        match = pattern.match(folded)
        if match:
            month, day = match.groupdict().get("month"), match.groupdict().get("day")
            return Dateline(match.end(), int(month) if month else None, int(day) if day else None)
    return None


def find_dateline(text: str) -> Dateline | None:
    """Return the dateline that opens a text, or None."""
    return match_head(text[:HEAD])


def is_lead(line: str) -> bool:
    """Tell whether a line opens an article with a dateline (``本报讯 …``, ``本網訊 …``)."""
    return find_dateline(line.lstrip("#").lstrip()) is not None


def split_dateline(text: str) -> tuple[str, str]:
    """Split a text into its opening dateline ("" if none) and the rest."""
    found = find_dateline(text)
    if found is None:
        return "", text
    return text[: found.length].strip(), text[found.length :]


def without_dateline(text: str) -> str:
    """Return a lead's text after its dateline (the text itself when it has none)."""
    return split_dateline(text)[1]


def join_split_datelines(lines: list[str]) -> list[str]:
    """Rejoin a dateline a narrow column broke over two lines (``金水网4月2`` / ``8日讯 …``)."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if previous and line and spans_break(previous, line):
            joined[-1] = previous + line
        else:
            joined.append(line)
    return joined


def spans_break(line: str, following: str) -> bool:
    """Tell whether a dateline starts on one line and ends on the next."""
    if is_lead(line) or is_lead(following):
        return False
    head = line.lstrip("#").lstrip()
    found = find_dateline(head + following)
    return found is not None and len(head) < found.length <= len(head) + len(following)
