"""The narrow interface the answer layer reads a corpus through, wherever its articles live.

``retrieval.pages.corpus.Corpus`` (every article in memory) and
``retrieval.search.solr_remote.RemoteCorpus`` (a stateless replica's view of a Solr
collection) both satisfy it.  Anything corpus-wide beyond this goes through the index and the
per-question Catalog, so a replica never needs the whole corpus at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from retrieval.models import Article


class ArticleStore(Protocol):
    """Articles by id, newest first, and the corpus's size and dates."""

    @property
    def articles(self) -> Sequence[Article]:
        """Every article in corpus order (its length is cheap; walking it may not be)."""
        ...

    @property
    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """The oldest and newest article dates."""
        ...

    @property
    def newest_date(self) -> dt.date | None:
        """The newest article date."""
        ...

    @property
    def newest_first(self) -> Iterable[Article]:
        """Every article, newest first (read lazily by callers that stop early)."""
        ...

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        ...

    def latest(self, n: int) -> list[Article]:
        """The n newest articles, newest first."""
        ...
