"""A stateless replica's index and corpus: everything corpus-sized stays in Solr.

``RemoteIndex`` ranks as SolrIndex does, but holds no BM25 tables and no articles: a word's
information comes from a document-frequency facet (kept in a bounded memo), abbreviations and
people from the meta document.  ``scoped`` gives one question its working set (the articles
its templates may list), so positions and masks stay question-sized.  ``RemoteCorpus`` answers
what the engine asks of a corpus (an article by id, the newest ones, the counts and dates) with
Solr queries and the meta document.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from retrieval.models import Article
from retrieval.pages.lookup import ArticleLookup
from retrieval.search.people import searchable_text
from retrieval.search.solr import SolrIndex, _info
from retrieval.search.solr_client import Params, SolrClient
from retrieval.search.solr_docs import decode_article
from retrieval.search.solr_meta import Meta
from retrieval.search.tables import Postings, Tables
from retrieval.text.normalize import normalize
from retrieval.text.segment import Segmenter

logger = logging.getLogger(__name__)

MEMO = 20_000  # document frequencies kept; cleared when full, whatever the collection's size
PAGE = 500  # articles per request when a caller walks the whole collection
NEWEST = [("sort", "date desc,source asc,ord asc")]  # pages/order.py's newest-first order


class RemoteIndex(SolrIndex):
    """SolrIndex without local tables: statistics by facet, articles by id, both bounded."""

    def __init__(self, meta: Meta, segmenter: Segmenter, client: SolrClient) -> None:
        super().__init__((), _empty_tables(meta), segmenter, client)
        self.meta = meta
        self._df: dict[str, int] = {}

    def scoped(self, articles: Sequence[Article]) -> RemoteIndex:
        """This index with positions over ``articles`` (one question's working set)."""
        scoped = copy.copy(self)
        scoped.articles = tuple(articles)
        scoped._lookup = ArticleLookup.of(scoped.articles)
        scoped._named_cache = {}
        return scoped

    def matching_ids(
        self,
        text: str,
        limit: int,
        date_from: dt.date | None,
        date_to: dt.date | None,
        people: Sequence[str],
    ) -> list[str]:
        """The ids of the articles ``search`` returns for the same arguments, best first."""
        docs = self._solr_expanded(text, limit, date_from, date_to, people)
        return [d["article_id"] for d in docs]

    @property
    def passage_count(self) -> int:
        """How many passages the collection ranks (from the meta document)."""
        return self.meta.passages

    def prefetch(self, terms: Sequence[str]) -> None:
        """Look up the document frequencies of many terms in one request."""
        missing = [t for t in dict.fromkeys(terms) if t and t not in self._df]
        if not missing:
            return
        if len(self._df) + len(missing) > MEMO:
            self._df.clear()
        params: list[tuple[str, str]] = [("q", "type:passage"), ("rows", "0"), ("facet", "true")]
        params += [("facet.query", "{!term f=tokens}" + t) for t in missing]
        counts = self.client.select(params)["facet_counts"]["facet_queries"]
        self._df.update({t: int(counts["{!term f=tokens}" + t]) for t in missing})

    def frequency(self, term: str) -> int:
        """How many passages hold ``term``."""
        if term not in self._df:
            self.prefetch([term])
        return self._df.get(term, 0)

    def _uses(self, word: str) -> bool:
        """Whether the collection uses ``word`` (its vocabulary is not held here)."""
        return self.frequency(word) > 0

    def information(self, term: str) -> float:
        """The information a term the corpus uses carries (0 for a term it never uses)."""
        if len(term) < 2:
            return 0.0
        df = self.frequency(term)
        return _info(term, df, self.passage_count) if df else 0.0

    def naming(self, name: str) -> np.ndarray:
        """Mask the working set's articles whose headline, text or byline names ``name``."""
        key = normalize(name).strip()
        found = [bool(key) and key in searchable_text(a) for a in self.articles]
        return np.array(found, dtype=bool)

    def _holds(self, phrase: str) -> bool:
        """Tell whether the collection holds every word of a phrase (or all its bigrams)."""
        groups = self.segmenter.query_groups(phrase)
        self.prefetch([t for token, sub in groups for t in (token, *sub)])
        return bool(groups) and all(
            self.frequency(token) or (subwords and all(self.frequency(w) for w in subwords))
            for token, subwords in groups
        )

    def _rarity(self, phrase: str) -> float:
        """The information of a phrase's rarest word, a word the collection lacks the most."""
        passages = self.passage_count
        most = math.log((passages + 0.5) / 0.5)
        tokens = [token for token, _ in self.segmenter.query_groups(phrase)]
        self.prefetch(tokens)
        values = [_info(t, df, passages) if (df := self.frequency(t)) else most for t in tokens]
        return max(values, default=most)


class RemoteCorpus:
    """What the engine reads of a corpus, answered by Solr and the meta document."""

    def __init__(self, index: RemoteIndex, directory: Path) -> None:
        self.index = index
        self.directory = directory  # never read: named only in messages
        self.pages: tuple[Any, ...] = ()
        self.problems: tuple[str, ...] = ()
        self.articles = CollectionArticles(index)

    @property
    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """The oldest and newest article dates."""
        return self.index.meta.first, self.index.meta.last

    @property
    def newest_date(self) -> dt.date | None:
        """The newest article date."""
        return self.index.meta.last

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        return self.index.article(article_id) if isinstance(article_id, str) else None

    def latest(self, n: int) -> list[Article]:
        """The n newest articles, newest first."""
        return list(_walk(self.index.client, NEWEST, limit=n)) if n > 0 else []

    @property
    def newest_first(self) -> Iterator[Article]:
        """Every article, newest first, fetched a page of results at a time."""
        return _walk(self.index.client, NEWEST)


class CollectionArticles(Sequence[Article]):
    """The collection's articles in corpus order: its length from the meta document,
    its items fetched when read (a walk over all of them pages through Solr)."""

    def __init__(self, index: RemoteIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return self._index.meta.articles

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | Sequence[Article]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        order = i % len(self)
        found = list(_walk(self._index.client, [("fq", f"ord:{order}")], limit=1))
        if not found:
            raise IndexError(i)
        return found[0]

    def __iter__(self) -> Iterator[Article]:
        return _walk(self._index.client, [("sort", "ord asc")])


def _walk(client: SolrClient, params: Params, *, limit: int | None = None) -> Iterator[Article]:
    """Articles in the order ``params`` sorts them, fetched PAGE at a time."""
    start = 0
    while limit is None or start < limit:
        rows = PAGE if limit is None else min(PAGE, limit - start)
        found = client.select(
            [("q", "type:article"), *params, ("fl", "article_json"),
             ("start", str(start)), ("rows", str(rows))]
        )  # fmt: skip
        docs = found["response"]["docs"]
        yield from (decode_article(d["article_json"]) for d in docs)
        start += len(docs)
        if len(docs) < rows:
            return


def _empty_tables(meta: Meta) -> Tables:
    """Tables holding only what the meta document gives: people, phrases, abbreviations, sounds."""
    empty32 = np.empty(0, dtype=np.int32)
    return Tables(
        vocabulary={},
        weights=Postings(np.zeros(1, np.int64), empty32, np.empty(0, np.float32)),
        info=np.empty(0, np.float32),
        passage_article=empty32,
        passage_paragraph=empty32,
        article_days=empty32,
        people=meta.people,
        terms=meta.terms,
        abbreviations=meta.abbreviations,
        sounds=meta.sounds,
    )
