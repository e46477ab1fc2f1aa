"""The one object the bot and the CLI talk to: a corpus, its index, and answers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.answers import extract
from retrieval.answers.compose import compose_answer
from retrieval.models import Answer, Article, Hit
from retrieval.pages.corpus import Corpus, load_corpus
from retrieval.query.question import parse_question
from retrieval.search import cache as store
from retrieval.search.index import SearchIndex
from retrieval.search.solr import SolrIndex
from retrieval.search.solr_client import SolrTarget
from retrieval.search.solr_push import PushReport, push_corpus

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """What the corpus covers, for /help and the no-answer message."""

    pages: int
    articles: int
    first: dt.date | None
    last: dt.date | None


class Engine:
    """Answers questions over one corpus; build once per process and share."""

    def __init__(self, corpus: Corpus, index: SearchIndex) -> None:
        self.corpus = corpus
        self.index = index

    @classmethod
    def open(
        cls,
        corpus_dir: Path,
        cache_dir: Path | None,
        *,
        progress: bool = False,
        solr: SolrTarget | None = None,
    ) -> Engine:
        """Load a corpus folder and its persisted index (building it when needed).

        A cache hit restores the parsed articles too, so pages are not re-parsed at start-up.
        With ``solr``, ranking and article look-ups go to that Solr collection instead.
        """
        engine = cls._open_local(corpus_dir, cache_dir, progress=progress)
        if solr is not None:
            engine.index = SolrIndex.over(engine.index, solr)
        return engine

    @classmethod
    def _open_local(cls, corpus_dir: Path, cache_dir: Path | None, *, progress: bool) -> Engine:
        """Load or build the in-process index."""
        cached = store.load_cached(corpus_dir, cache_dir)
        if cached is not None:
            return cls(*cached)
        key = cls._cache_key(corpus_dir, cache_dir)
        corpus = load_corpus(corpus_dir, show_progress=progress)
        index = SearchIndex.build(corpus, progress=progress)
        if cache_dir is not None:
            store.save(corpus, index, cache_dir, key=key)
        return cls(corpus, index)

    @staticmethod
    def _cache_key(corpus_dir: Path, cache_dir: Path | None) -> str | None:
        """The cache key of the pages as they are now, before they are read."""
        if cache_dir is None:
            return None
        try:
            return store.cache_key(corpus_dir, cache_dir)
        except OSError:
            return None  # an unreadable folder: load_corpus says what is wrong with it

    def ask(self, question: str, *, limit: int = 5) -> Answer:
        """Answer one question from the articles, never inventing a sentence."""
        query = parse_question(question, self.index.people, today=self.corpus.newest_date)
        return compose_answer(query, self.index, self.corpus, limit=limit)

    def latest(self, n: int) -> list[Article]:
        """The n newest articles, newest first."""
        return self.corpus.latest(n)

    def article(self, article_id: str) -> Article | None:
        """One article by id, or None for an unknown id."""
        if isinstance(self.index, SolrIndex):
            return self.index.article(article_id)
        return self.corpus.get(article_id)

    def find(self, text: str, *, offset: int = 0, limit: int = 10) -> list[Hit]:
        """Articles matching free text, best first, one hit per article (inline mode)."""
        return self.index.search(text, limit=offset + limit)[offset:]

    def push(self, *, progress: bool = False) -> PushReport:
        """Send the pages the Solr collection lacks or holds stale (Solr backend only)."""
        if not isinstance(self.index, SolrIndex):
            raise TypeError("push needs an engine opened with a Solr target")
        client = self.index.client
        return push_corpus(self.corpus, self.index, client, extra=article_facts, progress=progress)

    def summary(self) -> CorpusSummary:
        """How many pages and articles, and the date range they cover."""
        first, last = self.corpus.date_range
        return CorpusSummary(len(self.corpus.pages), len(self.corpus.articles), first, last)


def article_facts(article: Article, people: Sequence[str]) -> dict[str, list[str]]:
    """Meeting name and what each named person did there ("陈红民:主持"): Solr fields."""
    meeting = extract.meeting_name(article)
    roles = [f"{name}:{role}" for name in people for role in extract.roles_of(name, article)]
    return {"meetings": [meeting] if meeting else [], "roles": roles}
