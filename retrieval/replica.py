"""A stateless bot replica: an Engine whose corpus, index and lookups all live in SolrCloud.

``ReplicaEngine.open`` reads one small meta document (people, the corpus's words, summary) and
nothing of the page folder or the index cache; it holds no corpus-sized state.  Each question
gets a working set — the newest articles matching its people and period, the articles its
topic finds, and the candidates for names it asks about — fetched from Solr, and the answer
templates run over that set exactly as they run over a whole local corpus.  A working set is
capped at WORKING_SET articles, so lists and counts past that many articles are cut there.
"""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path

from retrieval.answers.catalog import Catalog
from retrieval.answers.compose import compose_answer
from retrieval.engine import CorpusSummary, Engine
from retrieval.models import Answer, Article, Paper
from retrieval.pages.paper import PLACE_ENDINGS, PlaceNames
from retrieval.query.aliases import Roster
from retrieval.query.question import MAX_QUESTION_CHARS, Query
from retrieval.search.solr_client import Params, SolrClient, SolrTarget
from retrieval.search.solr_docs import solr_date
from retrieval.search.solr_meta import Meta, read_fingerprint, read_meta
from retrieval.search.solr_remote import NEWEST, RemoteCorpus, RemoteIndex
from retrieval.search.solr_words import replica_segmenter

logger = logging.getLogger(__name__)

WORKING_SET = 300  # articles one question may list or count, at most
CANDIDATES = 20  # articles fetched to check a name the roster lacks


class ReplicaEngine(Engine):
    """Answers from a Solr collection alone; open with ``ReplicaEngine.open``."""

    def __init__(self, index: RemoteIndex, corpus: RemoteCorpus) -> None:
        # Engine.__init__ reads the manifest and builds corpus-wide lookups: none of that here.
        self.index: RemoteIndex = index
        self.corpus: RemoteCorpus = corpus  # type: ignore[assignment]
        self.meta: Meta = index.meta
        self.catalog = Catalog((), index)
        self.roster = Roster(index.people)

    @classmethod
    def open_replica(
        cls, target: SolrTarget, words_dir: Path | None, corpus_dir: Path = Path()
    ) -> ReplicaEngine:
        """Read the collection's meta document and build the segmenter; nothing else."""
        client = SolrClient(target)
        meta = read_meta(client)
        names = tuple(p.name for p in meta.people)
        segmenter = replica_segmenter(meta.words, meta.total, names, words_dir)
        index = RemoteIndex(meta, segmenter, client)
        logger.info("replica of %s: %d articles, meta %s", target.collection, meta.articles,
                    meta.fingerprint)  # fmt: skip
        return cls(index, RemoteCorpus(index, corpus_dir))

    @property
    def fingerprint(self) -> str:
        """The version of the collection this engine serves (the meta document's digest)."""
        return self.meta.fingerprint

    def is_current(self) -> bool:
        """Whether the collection still holds the version this engine was opened on."""
        return read_fingerprint(self.index.client) == self.meta.fingerprint

    def _parse(self, question: str, *, max_chars: int = MAX_QUESTION_CHARS) -> Query:
        """Engine._parse, with the question's word statistics fetched in one request."""
        self.index.prefetch(self._tokens(question[:max_chars]))
        return super()._parse(question, max_chars=max_chars)

    def _compose(self, query: Query, limit: int) -> Answer:
        """Compose over the question's working set, fetched from Solr."""
        articles = working_set(query, self.index)
        index = self.index.scoped(articles)
        catalog = Catalog(articles, index)
        return compose_answer(
            query, index, self.corpus, limit=limit, paper=self.paper, catalog=catalog
        )

    def latest(self, n: int) -> list[Article]:
        """The n newest articles, newest first."""
        return self.corpus.latest(n)

    def article(self, article_id: str) -> Article | None:
        """One article by id, read from Solr."""
        return self.index.article(article_id)

    @cached_property
    def paper(self) -> Paper:
        """The paper and section, as the indexer resolved them."""
        return self.meta.paper

    @cached_property
    def places(self) -> PlaceNames:
        """Which places the articles name, asked of Solr a word at a time."""
        return RemotePlaces(self.index, self.meta.paper)

    def push(self, *, progress: bool = False) -> None:  # type: ignore[override]
        """A replica pushes nothing: its pages are pushed where the page files are."""
        raise TypeError("a replica has no pages to push: run `newsbot index --backend solr`")

    def summary(self) -> CorpusSummary:
        """The figures the indexer recorded in the meta document."""
        meta = self.meta
        return CorpusSummary(
            meta.pages, meta.articles, meta.first, meta.last, meta.paper, meta.examples
        )


class RemotePlaces(PlaceNames):
    """PlaceNames over a Solr collection: a place counts when an article holds its words."""

    def __init__(self, index: RemoteIndex, paper: Paper) -> None:
        super().__init__((), paper)
        self._index = index

    def _named(self, word: str) -> bool:
        if not word or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
            return False
        forms = (word,) if word.endswith(PLACE_ENDINGS) else tuple(word + e for e in PLACE_ENDINGS)
        return any(_holding(self._index, form) for form in forms)


def _holding(index: RemoteIndex, text: str) -> bool:
    """Whether some article holds every word of ``text`` (its own words, as pages are cut)."""
    terms = [t for t, _ in index.segmenter.query_groups(text)]
    if not terms:
        return False
    params = [("q", "type:article"), ("rows", "0")]
    params += [("fq", "{!term f=article_tokens}" + t) for t in terms]
    return int(index.client.select(params)["response"]["numFound"]) > 0


def working_set(query: Query, index: RemoteIndex) -> list[Article]:
    """The articles a question's templates may use, newest first, at most WORKING_SET.

    The newest articles of its period naming (or signed by) its people, then those its topic
    finds, then candidates for the names the roster lacks (李国强区长: is he named at all?).
    """
    params: list[tuple[str, str]] = [("q", "type:article"), *_period(query)]
    for n, name in enumerate(query.people):
        params += _involving(n, name)
    found = index.client.select(
        [*params, *NEWEST, ("fl", "article_id"), ("rows", str(WORKING_SET))]
    )
    ids = [d["article_id"] for d in found["response"]["docs"]]
    if query.topic:
        topical = index.matching_ids(
            query.topic, WORKING_SET, query.date_from, query.date_to, query.people
        )
        ids += topical
    for name, _ in query.unknown:
        ids += _candidates(index, name)
    ids = list(dict.fromkeys(ids))[:WORKING_SET]
    found_articles = index.articles_by_id(ids)
    return [found_articles[i] for i in ids if i in found_articles]


def _period(query: Query) -> Params:
    """The query's date range as a filter (undated articles drop out), else nothing."""
    if query.date_from is None and query.date_to is None:
        return []
    low = solr_date(query.date_from) if query.date_from else "*"
    high = solr_date(query.date_to) if query.date_to else "*"
    return [("fq", f"date:[{low} TO {high}]")]


def _involving(n: int, name: str) -> Params:
    """Articles naming the person or signed by them, as one filter."""
    fields = ("people", "reporters", "correspondents")
    should = " ".join(f"should=$n{n}{f[0]}" for f in fields)
    return [
        ("fq", f"{{!bool {should}}}"),
        *((f"n{n}{f[0]}", f"{{!term f={f}}}{name}") for f in fields),
    ]


def _candidates(index: RemoteIndex, name: str) -> list[str]:
    """Articles holding every word of a name the roster lacks (checked exactly later)."""
    terms = [t for t, _ in index.segmenter.query_groups(name)]
    if not terms:
        return []
    params = [("q", "type:article"), ("fl", "article_id"), ("rows", str(CANDIDATES))]
    params += [("fq", "{!term f=article_tokens}" + t) for t in terms]
    return [d["article_id"] for d in index.client.select(params)["response"]["docs"]]
