"""Where each article of a corpus is: id → position, the newest-first order, who signs what.

Built from the articles in one pass when a corpus is parsed, or given as arrays by the index
cache, so a cached corpus answers these without decoding a single article.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property, partial
from typing import overload

import numpy as np

from retrieval.models import Article
from retrieval.pages.order import newest_first_positions

__all__ = ["ArticleIds", "ArticleLookup", "bylines_of", "id_table"]

Span = tuple[dt.date | None, dt.date | None]


class ArticleLookup:
    """Id → position, newest-first positions, date span and byline pools of one corpus."""

    def __init__(
        self,
        ids: np.ndarray,
        id_positions: np.ndarray,
        order: np.ndarray,
        span: Span,
        bylines: Callable[[], dict[str, list[int]]],
        *,
        named: Callable[[str], np.ndarray | None] | None = None,
        flags: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        """``ids`` sorted (bytes), ``id_positions[i]`` the position of ``ids[i]``.

        ``named(name)``: positions of the articles whose headline or text holds a mined
        person's name (None when not precomputed); ``flags``: per-article booleans an engine
        computed when the corpus was indexed (e.g. ``meeting_held``).
        """
        self._ids = ids
        self._id_positions = id_positions
        self.order = order
        self.span = span
        self._bylines = bylines
        self.named = named or _not_precomputed
        self.flags: Mapping[str, np.ndarray] = flags or {}

    @classmethod
    def of(cls, articles: Sequence[Article]) -> ArticleLookup:
        """Compute every table from the articles themselves (one pass)."""
        ids, positions = id_table(articles)
        dates = [a.date for a in articles if a.date is not None]
        span: Span = (min(dates), max(dates)) if dates else (None, None)
        return cls(
            ids, positions, newest_first_positions(articles), span, partial(bylines_of, articles)
        )

    def position(self, article_id: object) -> int | None:
        """The position of the article with this id, None for any unknown id."""
        if not isinstance(article_id, str) or "\x00" in article_id or not self._ids.shape[0]:
            return None  # (numpy's byte strings drop trailing NULs: "x\x00" would find "x")
        key = article_id.encode("utf-8")
        found = int(np.searchsorted(self._ids, key))
        if found < self._ids.shape[0] and self._ids[found] == key:
            return int(self._id_positions[found])
        return None

    def ids_at(self, positions: np.ndarray) -> list[str]:
        """The ids of the articles at these positions (in their order)."""
        return [raw.decode("utf-8") for raw in self._ids[self._rank[positions]].tolist()]

    @cached_property
    def _rank(self) -> np.ndarray:
        """For each position, where its id stands among the sorted ids."""
        rank = np.empty(self._id_positions.shape[0], dtype=np.int64)
        rank[self._id_positions] = np.arange(self._id_positions.shape[0], dtype=np.int64)
        return rank

    @cached_property
    def signed(self) -> dict[str, list[int]]:
        """Byline name → positions, in corpus order, of the articles that name signs."""
        return self._bylines()


def _not_precomputed(name: str) -> None:
    """No precomputed pool: the caller reads the articles."""
    return None


def id_table(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray]:
    """The article ids sorted as UTF-8 bytes, and the position of each."""
    raw = np.array([a.article_id.encode("utf-8") for a in articles] or [b""], dtype=bytes)
    raw = raw[: len(articles)]
    order = np.argsort(raw, kind="stable")
    return raw[order], order.astype(np.int64)


def bylines_of(articles: Sequence[Article]) -> dict[str, list[int]]:
    """Byline name → positions of the articles it signs, in corpus order."""
    signed: dict[str, list[int]] = defaultdict(list)
    for position, article in enumerate(articles):
        for person in dict.fromkeys(article.byline.people):
            signed[person].append(position)
    return dict(signed)


class ArticleIds(Sequence[str]):
    """Article ids held as positions, decoded only when read (a cached person's articles).

    Equal to (and hashed as) the tuple of its ids, so a person read from the cache equals the
    person the index was built with.
    """

    __slots__ = ("_ids", "_lookup", "positions")

    def __init__(self, positions: np.ndarray, lookup: ArticleLookup) -> None:
        self.positions = positions
        self._lookup = lookup
        self._ids: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._ids is None:
            self._ids = tuple(self._lookup.ids_at(self.positions))
        return self._ids

    def __len__(self) -> int:
        return int(self.positions.shape[0])

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._all()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ArticleIds | tuple | list):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"ArticleIds({len(self)} articles)"
