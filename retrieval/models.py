"""Frozen data passed between the pipeline's stages: pages → articles → hits → answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retrieval.items import Item


class DatePrecision(StrEnum):
    """How much to trust an article's date."""

    DAY = "day"  # the article states month and day ("11月29日上午")
    APPROX = "approx"  # "近日", "日前", "近年来" or no date: borrowed from the page, for sorting
    UNKNOWN = "unknown"  # nothing on the page gives a date


def describe_date(date: dt.date | None, precision: DatePrecision, note: str = "") -> str:
    """A date in Chinese as the paper writes it; an approximate one never claims a day."""
    if date is None or precision is DatePrecision.UNKNOWN:
        return "日期不详"
    if precision is DatePrecision.APPROX:
        said = f"（原文“{note}”）" if note else ""
        return f"约{date.year}年{date.month}月{said}"
    return f"{date.year}年{date.month}月{date.day}日"


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote an article: reporters (记者) and correspondents (通讯员)."""

    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[str]]:
        """Return the JSON form used by the CLI contract."""
        return {"reporters": list(self.reporters), "correspondents": list(self.correspondents)}

    def __str__(self) -> str:
        parts = []
        if self.reporters:
            parts.append("记者 " + " ".join(self.reporters))
        if self.correspondents:
            parts.append("通讯员 " + " ".join(self.correspondents))
        return " ".join(parts)

    @property
    def people(self) -> tuple[str, ...]:
        """Every name in the byline."""
        return self.reporters + self.correspondents


@dataclass(frozen=True, slots=True)
class Paper:
    """The paper and section a corpus comes from, for citations and /help.

    Either may be unknown (None): pages of another paper without a manifest entry say only
    what their text says.
    """

    name: str | None = None
    section: str | None = None
    homepage: str | None = None

    @property
    def stem(self) -> str:
        """The section's own name, as the pages prefix it to organs (二七区 → 二七; "" if none)."""
        section = self.section or ""
        return section[:-1] if len(section) > 2 and section[-1] in "区县市" else section


NO_PAPER = Paper()  # a corpus that names neither paper nor section


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a page, with its paragraphs cleaned of column breaks and byline."""

    article_id: str  # ≤ 24 ASCII chars, stable across runs and machines
    source: str  # page file name, e.g. "000_b59d7a4146e6a0ea.txt"
    title: str
    subtitle: str
    title_derived: bool  # True when no headline was printed and the title came from the lead
    date: dt.date | None
    date_precision: DatePrecision
    date_note: str  # the words that made the date approximate ("近日"), else ""
    year_inferred: bool  # True when the page had no manifest entry
    byline: Byline
    paragraphs: tuple[str, ...]
    position: int = 0  # order of the article on its page
    date_how: str = ""  # how the date was found ("lead", "dateline", "昨日, from the page date")

    @property
    def text(self) -> str:
        """Paragraphs joined by newlines (the CLI contract's ``text``)."""
        return "\n".join(self.paragraphs)

    @property
    def iso_date(self) -> str | None:
        """The date as YYYY-MM-DD, or None."""
        return self.date.isoformat() if self.date else None


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph of one article: the unit BM25 ranks."""

    article_id: str
    index: int  # paragraph number inside the article, from 0
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """An article found for a query, with its best passage and that passage's score."""

    article: Article
    passage: Passage
    score: float


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a sentence of an answer comes from."""

    article_id: str
    title: str
    date: dt.date | None
    date_precision: DatePrecision
    source: str
    byline: Byline
    date_note: str = ""  # the article's own word for an approximate date ("近日")

    @classmethod
    def of(cls, article: Article) -> Citation:
        """Cite an article."""
        return cls(
            article.article_id,
            article.title,
            article.date,
            article.date_precision,
            article.source,
            article.byline,
            article.date_note,
        )


@dataclass(frozen=True, slots=True)
class Block:
    """One line or paragraph of a composed answer.

    ``text`` is copied from an article or is a fixed template phrase; ``emphasis`` lists
    substrings of ``text`` that renderers may highlight (the query terms). A block showing
    a meeting, an article, a person or a fact carries it as ``item`` (retrieval/items.py),
    which renderers lay out from its fields.
    """

    text: str
    kind: str = "line"  # "heading" | "item" | "passage" | "note"
    article_id: str | None = None
    emphasis: tuple[str, ...] = ()
    item: Item | None = None  # the typed entry this block shows (``text`` is its plain form)


@dataclass(frozen=True, slots=True)
class Answer:
    """What newsbot says to one question: text blocks, citations and the hits behind them."""

    question: str
    blocks: tuple[Block, ...]
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    no_answer: bool
    intent: str = "topic"
    period: str | None = None  # the time range used, in words ("2021年12月"), if any
    notes: tuple[str, ...] = field(default=())  # e.g. ambiguity reports
    read_as: str = ""  # how a follow-up (那去年呢, 第二条) was read in its conversation

    @property
    def items(self) -> tuple[Item, ...]:
        """The typed entries of the answer, in the order shown."""
        return tuple(block.item for block in self.blocks if block.item is not None)
