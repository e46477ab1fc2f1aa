"""A corpus as data: its pages and articles and where each article is (no parser imported).

``pages/corpus.py`` builds one by parsing a folder; the index cache opens one from its
files.  Kept apart from the parser so a cached start never imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.models import Article, Paper
from retrieval.pages.lookup import ArticleLookup

__all__ = ["Corpus", "PageInfo"]


@dataclass(frozen=True, slots=True)
class PageInfo:
    """One loaded page file."""

    source: str
    year: int | None
    year_inferred: bool
    sha256: str
    articles: int


@dataclass(frozen=True)
class Corpus:
    """Every article of a corpus folder, in page order, then position on the page.

    ``articles`` and ``pages`` are sequences: tuples when the pages were parsed, lazy views
    when the index cache holds them (an article is decoded when first read).  The id lookup,
    the newest-first order and the date range come from ``lookup``: computed from the
    articles when not given, read from arrays by the cache.
    """

    directory: Path
    pages: Sequence[PageInfo]
    articles: Sequence[Article]
    problems: tuple[str, ...] = ()
    lookup: ArticleLookup = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    paper: Paper | None = field(default=None, compare=False)  # manifest [paper] + pages, if read

    def __post_init__(self) -> None:
        if self.lookup is None:
            object.__setattr__(self, "lookup", ArticleLookup.of(self.articles))

    def get(self, article_id: str) -> Article | None:
        """Return the article with this id, or None for any unknown id."""
        position = self.lookup.position(article_id)
        return None if position is None else self.articles[position]

    def latest(self, n: int) -> list[Article]:
        """Return the n newest articles, newest first (pages/order.py: ties in page order)."""
        return [self.articles[i] for i in self.lookup.order[: max(n, 0)].tolist()]

    @property
    def newest_first(self) -> Iterator[Article]:
        """Every article, newest first (the order of ``latest``), one at a time."""
        return (self.articles[i] for i in self.lookup.order.tolist())

    @property
    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """The oldest and newest article dates."""
        return self.lookup.span

    @property
    def newest_date(self) -> dt.date | None:
        """The newest article date."""
        return self.lookup.span[1]
