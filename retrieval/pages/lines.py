"""Line-level reading of a page: clean characters, spot leads, bylines, labels and headlines."""

from __future__ import annotations

import re

from retrieval.pages.bylines import (
    is_byline,
    is_names_line,
    is_open_byline,
    parse_byline,
    split_inline_byline,
)
from retrieval.pages.datelines import is_lead, split_dateline

__all__ = [
    "is_byline",
    "is_lead",
    "is_names_line",
    "is_open_byline",
    "parse_byline",
    "split_inline_byline",
]

# A sentence (or a quotation closing one) is over; a block ending otherwise runs on.
SENTENCE_END = re.compile(r"(?:[。！？!?…]|[。！？!?][”’」』）)])$")
LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufe0e\ufe0f]")
SPACE = re.compile(r"[^\S\n]+")
# Unicode's control characters (category Cc: U+0000-001F, U+007F-009F) but tab and newline.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Whitespace next to a non-ASCII character is a column artefact ("11月 29日", "魏锋等 4名").
STRAY_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
HEADING = re.compile(r"^#{1,6}\s*")
LABEL = re.compile(r"^[■□▲△▼●○◆◇★☆▶►【\[].{0,12}$")
# Page furniture repeated on every page: a dateline with its weekday, editors' credits, the
# page's name or number. Not part of any article.
DATELINE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*(?:星期|周)([一二三四五六日天])")
FURNITURE = re.compile(
    rf"{DATELINE.pattern}|(?:责任编辑|责编|校对|美编|版式|审读)[:：\s]"
    r"|^(?:第\s*\d{1,2}\s*版|[A-Z]\d{2}版?)$"
    r"|^[\u4e00-\u9fff]{0,6}(?:新闻|要闻|专刊|综合)(?:\s+(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)?$"
)
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Most pages have none: finding that out by regex is far cheaper than translating every
# character through a dict.
_FULL_WIDTH_DIGIT = re.compile("[０-９]")
HEADLINE_STOP = re.compile(r"[。！？!?；;]")
MAX_HEADLINE = 40


def normalize_text(text: str) -> str:
    """Return the text with one kind of line break, no invisible or control characters."""
    text = LINE_BREAKS.sub("\n", text)
    if _FULL_WIDTH_DIGIT.search(text):
        text = text.translate(FULL_WIDTH_DIGITS)
    text = CONTROL.sub("", INVISIBLE.sub("", text))
    return "\n".join(SPACE.sub(" ", line).strip() for line in text.split("\n"))


def squeeze(text: str) -> str:
    """Remove stray spaces inside Chinese text and numbers; keep one between Latin words."""
    text = STRAY_SPACE.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    dateline, rest = split_dateline(text)
    return f"{dateline} {rest.lstrip()}" if dateline else text


def join_lines(lines: list[str]) -> str:
    """Join column lines of one paragraph, with a space only between two Latin words."""
    joined = ""
    for line in lines:
        if joined and joined[-1].isascii() and joined[-1].isalnum() and line[:1].isascii():
            joined += " "
        joined += line
    return squeeze(joined)


def ends_sentence(text: str) -> bool:
    """Tell whether a piece of text ends a sentence."""
    return bool(SENTENCE_END.search(text.rstrip()))


def is_heading(line: str) -> bool:
    """Tell whether a line is a markdown heading."""
    return bool(HEADING.match(line)) and bool(HEADING.sub("", line).strip())


def is_label(line: str) -> bool:
    """Tell whether a line is a section label such as ``■ 短讯``, not a headline."""
    return bool(LABEL.match(line)) and not is_lead(line)


def byline_wraps(line: str) -> bool:
    """Tell whether a line is or ends with a byline whose names go on in the next line."""
    return is_open_byline(split_inline_byline(line)[1] or line)


def is_furniture(line: str) -> bool:
    """Tell whether a line is page furniture (dateline, editor credits, page name)."""
    return bool(FURNITURE.search(line))


def is_headline_like(line: str) -> bool:
    """Tell whether a line could be (part of) a headline: short, no full stop, no lead."""
    if is_heading(line):
        return True
    compact = "".join(line.split())
    if not compact or is_lead(line) or is_byline(line) or byline_wraps(line) or is_label(line):
        return False
    if len(compact) > MAX_HEADLINE or HEADLINE_STOP.search(compact):
        return False
    return compact[-1] not in "，、：,:（(《“"


def heading_text(line: str) -> str:
    """Return a headline line without markdown marks."""
    return HEADING.sub("", line).strip()
