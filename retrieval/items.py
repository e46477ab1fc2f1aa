"""Typed entries of an answer: a meeting, an article, a person, a writer, a fact, a date.

Each item holds the data the templates found (every quote copied from its article) and the
citation of that article. Renderers lay items out from these fields (``parts`` is the
shared order of what is shown); ``ask --json`` lists them as ``items``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from retrieval.models import Citation, describe_date


def quoted(text: str) -> str:
    """Put a sentence from a page in Chinese quotation marks."""
    return f"“{text}”"


def shown_date(citation: Citation) -> str:
    """The cited article's date as every renderer writes it."""
    return describe_date(citation.date, citation.date_precision, citation.date_note)


@dataclass(frozen=True, slots=True)
class MeetingItem:
    """A meeting (or event) of a list: its date, its name, the person's roles, a quote."""

    citation: Citation
    meeting: str
    roles: tuple[str, ...] = ()
    quote: str = ""
    kind = "meeting"

    def parts(self) -> list[str]:
        """date · meeting · roles · “quote”."""
        roles = ["、".join(self.roles)] if self.roles else []
        return [shown_date(self.citation), self.meeting, *roles, *_quote(self.quote)]


@dataclass(frozen=True, slots=True)
class ArticleItem:
    """An article of a list or a topic answer: its headline, the byline role, a quote."""

    citation: Citation
    byline: str = ""  # how the people asked about sign it (记者 景静)
    quote: str = ""  # the sentence shown on the item's line
    passage: str = ""  # a longer excerpt shown below the line (topic answers)
    kind = "article"

    def parts(self) -> list[str]:
        """date · 《headline》 · byline · “quote”."""
        byline = [self.byline] if self.byline else []
        return [
            shown_date(self.citation),
            f"《{self.citation.title}》",
            *byline,
            *_quote(self.quote),
        ]


@dataclass(frozen=True, slots=True)
class PersonItem:
    """Who someone is: the newest sentence giving them a title."""

    citation: Citation
    name: str
    quote: str
    kind = "person"

    def parts(self) -> list[str]:
        """name · date · “quote”."""
        return [self.name, shown_date(self.citation), quoted(self.quote)]


@dataclass(frozen=True, slots=True)
class WriterItem:
    """Someone who signs articles: as 记者 or 通讯员, how many, over which dates."""

    citation: Citation  # the newest article they sign
    name: str
    role: str
    count: int
    span: str | None

    kind = "writer"

    def parts(self) -> list[str]:
        """name · 本报记者，署名报道 N 篇（span）."""
        return [self.name, f"本报{self.role}，署名报道 {self.count} 篇（{self.span}）"]


@dataclass(frozen=True, slots=True)
class FactItem:
    """One fact (a number with its noun, the people a role names) and the sentence giving it."""

    citation: Citation
    fact: str
    quote: str = ""
    kind = "fact"

    def parts(self) -> list[str]:
        """The fact alone; its quote is shown below it."""
        return [self.fact]


@dataclass(frozen=True, slots=True)
class DateItem:
    """When something happened: its article's date, or the report quoting a time for it."""

    citation: Citation
    subject: str  # the meeting or headline the date is for
    quote: str = ""
    reported: bool = False  # the quote gives the time; the date is the report's
    kind = "date"

    def parts(self) -> list[str]:
        """date · subject, or date的报道 · 《headline》 when the quote gives the time."""
        if self.reported:
            return [f"{shown_date(self.citation)}的报道", f"《{self.citation.title}》"]
        return [shown_date(self.citation), self.subject]


Item = MeetingItem | ArticleItem | PersonItem | WriterItem | FactItem | DateItem


def plain(item: Item) -> str:
    """An item's line as plain text."""
    return " · ".join(item.parts())


def item_json(item: Item) -> dict[str, Any]:
    """The JSON object of one item (``ask --json``'s ``items``)."""
    cite = item.citation
    fields = {name: getattr(item, name) for name in item.__slots__ if name != "citation"}
    return {
        "type": item.kind,
        **{k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()},
        "article_id": cite.article_id,
        "title": cite.title,
        "date": cite.date.isoformat() if cite.date else None,
        "date_precision": str(cite.date_precision),
        "date_text": shown_date(cite),
        "source": cite.source,
    }


def _quote(text: str) -> list[str]:
    return [quoted(text)] if text else []
