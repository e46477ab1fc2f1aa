"""Per-corpus lookups the answer templates share, so no question scans every article.

Who is named where, who signs what, which articles fall in a period, their newest-first rank
and whether an article reports a meeting: each is built on first use and kept for the life
of the catalog, which its engine builds once and passes to the composer, so only the first
question touching it pays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, overload

import numpy as np

from retrieval.answers import extract
from retrieval.models import Article
from retrieval.pages.lookup import ArticleLookup, bylines_of
from retrieval.pages.order import newest_first_positions
from retrieval.search.people import names_in_text

if TYPE_CHECKING:
    from retrieval.pages.corpus import Corpus
    from retrieval.search.index import SearchIndex


class Catalog:
    """Article pools by person, byline and date over one corpus, and per-article facts."""

    def __init__(
        self,
        articles: Sequence[Article],
        index: SearchIndex,
        *,
        lookup: ArticleLookup | None = None,
    ) -> None:
        """``lookup``: the corpus's precomputed order and byline pools (computed if not given)."""
        # Kept as given when it is the index's own (a cached corpus's lazy store: never copied).
        keep = isinstance(articles, tuple) or articles is index.articles
        self.articles = articles if keep else tuple(articles)
        self._index = index
        # The index's people postings give the candidates; unaligned articles get a scan.
        aligned = index.articles is self.articles or (
            len(index.articles) == len(self.articles) and index.articles == self.articles
        )
        self._aligned = aligned  # the index's per-article arrays are this catalog's
        self._known = {p.name for p in index.people} if aligned else set()
        self._lookup = lookup
        self._names: dict[str, np.ndarray] = {}
        self._involved: dict[str, np.ndarray] = {}
        self._bylines: dict[str, list[int]] | None = None
        self._days: np.ndarray | None = None
        self._order: np.ndarray | None = None
        self._held: np.ndarray | None = None
        self._checked = np.zeros(0, dtype=bool)
        self._facts: dict[str, bool] = {}
        self._roles: dict[tuple[str, str], tuple[str, ...]] = {}
        self._meetings: dict[str, str] = {}
        # By position: the number of the article's meeting name in _meeting_names, or -1
        # while not worked out (sized on first use): names repeat, so one test per name.
        self._meeting_ids = np.zeros(0, dtype=np.int32)
        self._meeting_names: dict[str, int] = {}
        self._meeting_list: list[str] = []  # the names, by number

    def serves(self, corpus: Corpus, index: SearchIndex) -> bool:
        """Tell whether this catalog was built for this corpus and index."""
        return self.articles is corpus.articles and self._index is index

    def naming(self, name: str) -> np.ndarray:
        """Mask the articles whose headline or text contains the name (bylines aside)."""
        if name not in self._names:
            self._names[name] = self._verified(name)
        return self._names[name]

    def involving(self, name: str) -> np.ndarray:
        """Mask the articles by the person (byline) or naming them."""
        if name not in self._involved:
            mask = self.naming(name).copy()
            mask[self.bylined(name)] = True
            self._involved[name] = mask
        return self._involved[name]

    def bylined(self, name: str) -> list[int]:
        """Positions, in corpus order, of the articles the person signs."""
        if self._bylines is None:
            lookup = self._lookup
            self._bylines = lookup.signed if lookup is not None else bylines_of(self.articles)
        return self._bylines.get(name, [])

    def select(self, positions: np.ndarray | None) -> list[Article]:
        """The articles at these positions, or of a mask (every article for None)."""
        if positions is None:
            return list(self.articles)
        if positions.dtype == bool:
            positions = np.flatnonzero(positions)
        return [self.articles[i] for i in positions.tolist()]

    def count(self, mask: np.ndarray | None) -> int:
        """How many articles a mask keeps (None keeps all)."""
        return len(self.articles) if mask is None else int(np.count_nonzero(mask))

    def dated_between(self, low: int, high: int) -> np.ndarray:
        """Mask the dated articles whose date ordinal lies in [low, high]."""
        days = self.days()
        return (days >= low) & (days <= high) & (days > 0)

    def days(self) -> np.ndarray:
        """Each article's date ordinal, 0 when undated."""
        if self._days is None and self._aligned:  # the index's copy: no article is read
            self._days = np.asarray(self._index.tables.article_days, dtype=np.int64)
        if self._days is None:
            self._days = np.array(
                [a.date.toordinal() if a.date else 0 for a in self.articles], dtype=np.int64
            )
        return self._days

    def newest(self, mask: np.ndarray | None) -> np.ndarray:
        """Positions of a mask's articles in the one newest-first order (pages/order.py)."""
        if self._order is None:
            lookup = self._lookup
            self._order = lookup.order if lookup else newest_first_positions(self.articles)
        return self._order if mask is None else self._order[mask[self._order]]

    def held(self, mask: np.ndarray | None) -> np.ndarray:
        """Mask the articles of a mask that report a meeting (extract.meeting_held, once each)."""
        stored = self._lookup.flags.get("meeting_held") if self._lookup else None
        if stored is not None:  # computed when the corpus was indexed
            return np.array(stored) if mask is None else stored & mask
        if self._held is None:
            self._held = np.zeros(len(self.articles), dtype=bool)
            self._checked = np.zeros(len(self.articles), dtype=bool)
        todo = ~self._checked if mask is None else mask & ~self._checked
        for i in np.flatnonzero(todo).tolist():
            self._held[i] = extract.meeting_held(self.articles[i])
        self._checked |= todo
        return self._held.copy() if mask is None else self._held & mask

    def meeting_held(self, article: Article) -> bool:
        """extract.meeting_held, computed once per article."""
        held = self._facts.get(article.article_id)
        if held is None:
            held = self._facts[article.article_id] = extract.meeting_held(article)
        return held

    def meeting_name(self, article: Article) -> str:
        """extract.meeting_name, computed once per article."""
        name = self._meetings.get(article.article_id)
        if name is None:
            name = self._meetings[article.article_id] = extract.meeting_name(article)
        return name

    def meeting_name_at(self, position: int) -> str:
        """``meeting_name`` of the article at a position, read from the store only once."""
        return self._meeting_list[int(self._meeting_numbers(np.array([position]))[0])]

    def meetings_of(self, positions: np.ndarray, body: str) -> np.ndarray:
        """Mask the positions whose article's meeting name holds ``body`` (区委常委会).

        Each article is read once; each distinct meeting name is tested once.
        """
        numbers = self._meeting_numbers(positions)
        holds = np.array([body in name for name in self._meeting_list], dtype=bool)
        return holds[numbers] if holds.size else np.zeros(positions.size, dtype=bool)

    def _meeting_numbers(self, positions: np.ndarray) -> np.ndarray:
        """The meeting-name numbers of the articles at ``positions``, worked out once each."""
        if self._meeting_ids.size != len(self.articles):
            self._meeting_ids = np.full(len(self.articles), -1, dtype=np.int32)
        numbers = self._meeting_ids[positions]
        for position in positions[numbers < 0].tolist():
            name = self.meeting_name(self.articles[position])
            if name not in self._meeting_names:
                self._meeting_names[name] = len(self._meeting_list)
                self._meeting_list.append(name)
            self._meeting_ids[position] = self._meeting_names[name]
        return self._meeting_ids[positions]

    def lazy(self, positions: np.ndarray) -> Sequence[Article]:
        """The articles at these positions, each read from the store when first looked at."""
        return _Selection(self.articles, positions.tolist())

    def roles(self, name: str, article: Article) -> tuple[str, ...]:
        """extract.roles_of, computed once per person and article."""
        key = (name, article.article_id)
        if key not in self._roles:
            self._roles[key] = extract.roles_of(name, article)
        return self._roles[key]

    def _verified(self, name: str) -> np.ndarray:
        """Check the candidates for a name (its index postings, else every article) exactly.

        A cached corpus holds the answer for its mined people: no article is read.
        """
        mask = np.zeros(len(self.articles), dtype=bool)
        known = self._lookup.named(name) if self._lookup and name in self._known else None
        if known is not None:
            mask[known] = True
            return mask
        candidates: Sequence[int] = range(len(self.articles))
        if name in self._known:
            candidates = np.flatnonzero(self._index.naming(name)).tolist()
        mask[[i for i in candidates if names(self.articles[i], name)]] = True
        return mask


names = names_in_text  # the predicate the cache's precomputed pools were built with


class _Selection(Sequence[Article]):
    """Articles at given positions, read on access (a date span looks at two of thousands)."""

    def __init__(self, articles: Sequence[Article], positions: list[int]) -> None:
        self._articles = articles
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [self._articles[p] for p in self._positions[i]]
        return self._articles[self._positions[i]]
