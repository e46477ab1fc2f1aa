"""The one object the bot and the CLI talk to: a corpus, its index, and answers.

An engine owns all the state its answers depend on — the corpus, the index with its own
segmenter (one jieba dictionary per corpus), the catalog of per-article lookups and the
roster of people with their aliases — and passes it explicitly; nothing lives in a module.
Two engines over different corpora in one process answer as two processes would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from retrieval.answers import alerts, extract, followup
from retrieval.answers.catalog import Catalog
from retrieval.answers.compose import compose_answer, example_questions
from retrieval.answers.extract import chinese_date
from retrieval.models import NO_PAPER, Answer, Article, Hit, Paper
from retrieval.pages.collection import Corpus
from retrieval.pages.paper import PlaceNames, paper_from, read_paper_table
from retrieval.query.aliases import Roster
from retrieval.query.chatter import is_chatter
from retrieval.query.content import reduce_question
from retrieval.query.context import Conversation, resolve
from retrieval.query.names import unknown_candidates
from retrieval.query.question import MAX_QUESTION_CHARS, Query, parse_question
from retrieval.query.timeexpr import find_time_range
from retrieval.search import cache as store
from retrieval.search.index import SearchIndex
from retrieval.text.normalize import normalize
from retrieval.text.segment import Segmenter

if TYPE_CHECKING:
    from retrieval.search.solr_client import SolrTarget
    from retrieval.search.solr_push import PushReport

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """What the corpus covers, for /help and the no-answer message."""

    pages: int
    articles: int
    first: dt.date | None
    last: dt.date | None
    paper: Paper = NO_PAPER  # the paper and section the pages come from
    examples: tuple[str, ...] = ()  # questions this corpus answers (its people, its meetings)


class Engine:
    """Answers questions over one corpus; build once per process and share."""

    def __init__(self, corpus: Corpus, index: SearchIndex) -> None:
        self.corpus = corpus
        self.index = index
        # Read now, with the pages: a manifest broken later must not break a serving engine.
        # A loaded corpus read it already (a cached one holds what it said then).
        self._paper_table = read_paper_table(corpus.directory) if corpus.paper is None else {}
        self.catalog = Catalog(corpus.articles, index, lookup=corpus.lookup)
        self.roster = Roster(index.people)

    @property
    def segmenter(self) -> Segmenter:
        """The segmenter of this corpus (the index's: queries are cut as pages were)."""
        return self.index.segmenter

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
            # The HTTP client (urllib, ssl, email) loads only for the Solr backend.
            from retrieval.search.solr import SolrIndex  # noqa: PLC0415

            engine.index = SolrIndex.over(engine.index, solr)
        return engine

    @classmethod
    def _open_local(cls, corpus_dir: Path, cache_dir: Path | None, *, progress: bool) -> Engine:
        """Load or build the in-process index."""
        cached = store.load_cached(corpus_dir, cache_dir)
        if cached is not None:
            return cls(*cached)
        # The parser is imported only to build: a cached start never needs it.
        from retrieval.pages.corpus import load_corpus  # noqa: PLC0415

        key = cls._cache_key(corpus_dir, cache_dir)
        corpus = load_corpus(corpus_dir, show_progress=progress)
        index = SearchIndex.build(corpus, progress=progress)
        if cache_dir is not None:
            store.save(corpus, index, cache_dir, key=key, flags=article_flags(corpus.articles))
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

    def ask(self, question: str, *, limit: int = 5, max_chars: int = MAX_QUESTION_CHARS) -> Answer:
        """Answer one question (its first ``max_chars`` characters), never inventing a sentence."""
        query = self._parse(question, max_chars=max_chars)
        return self._compose(query, limit)

    def _compose(self, query: Query, limit: int) -> Answer:
        """Compose the answer to a parsed question with this engine's lookups."""
        return compose_answer(
            query, self.index, self.corpus, limit=limit, paper=self.paper, catalog=self.catalog
        )

    def subject(self, keyword: str) -> str:
        """What an alert for keyword watches (its people and topic), "" when it names nothing."""
        return alerts.subject(self._parse(keyword))

    def alerts(self, keyword: str, article_ids: Collection[str]) -> list[Hit]:
        """The articles among article_ids an alert for keyword matches, with their passages."""
        return alerts.matching(self._parse(keyword), self.index, self.corpus, article_ids)

    def _parse(self, question: str, *, max_chars: int = MAX_QUESTION_CHARS) -> Query:
        """Read a question (or an alert keyword) against this corpus's people, dates, places.

        A long question is read as its content: the clauses carrying the most information.
        Words typed by their sound (安至房) are read as the corpus words they sound like.
        """
        question = question[:max_chars]
        text = normalize(question)
        names = [name for name, _ in unknown_candidates(text, (p.name for p in self.roster))]
        spelled, respelled = self.index.respell(text, names)
        content = reduce_question(spelled, self.index.information, self._tokens)
        query = parse_question(
            content,
            self.roster,
            today=self.corpus.newest_date,
            district=self.paper.stem,
            is_place=self.places,
            max_chars=max_chars,
        )
        if respelled:  # the answer says how it read them: 按“安置房”回答
            query = dataclasses.replace(query, corrected=(*query.corrected, *respelled))
        return query if content == question else dataclasses.replace(query, question=question)

    def _tokens(self, text: str) -> list[str]:
        """The query words of a text, without their bigrams."""
        return [token for token, _ in self.segmenter.query_groups(text)]

    def chat(
        self,
        question: str,
        context: Conversation | None,
        *,
        limit: int = 5,
        now: float | None = None,
    ) -> tuple[Answer, Conversation]:
        """Answer a question of a conversation, reading follow-ups against ``context``.

        Returns the answer and the context to pass with the next question (see
        retrieval/query/context.py); a context older than CONTEXT_SECONDS is ignored.
        """
        now = time.monotonic() if now is None else now
        live = context if context is not None and context.fresh(now) else None
        people, today = self.index.people, self.corpus.newest_date
        reading = resolve(question, live, people, today)
        if reading.kind == "nth" and live is not None:
            ids = live.shown
            found = self.article(ids[reading.nth - 1]) if reading.nth <= len(ids) else None
            detail = followup.article_detail(question, found, reading.nth)
            return dataclasses.replace(detail, read_as=f"第{reading.nth}条"), live
        query = self._parse(reading.question)
        if reading.before is not None:  # 更早的呢: before the oldest article shown
            query = dataclasses.replace(
                query, date_to=reading.before, period=f"{chinese_date(reading.before)}以前"
            )
        wanted = limit + len(reading.exclude)
        if reading.before is None:
            answer = self.ask(reading.question, limit=wanted)
        else:
            answer = self._compose(query, wanted)
        if reading.kind == "more":
            answer = followup.without_shown(answer, reading.exclude)
        when = find_time_range(reading.question, today)
        remembered = followup.remember(
            reading.question, answer, time_words=when.words if when else "",
            names=query.people, people=people, now=now,
        )  # fmt: skip
        if reading.exclude:  # 还有吗: the next 第N条 counts from the first list
            remembered = dataclasses.replace(
                remembered, shown=tuple(dict.fromkeys((*reading.exclude, *remembered.shown)))
            )
        if reading.kind != "asked":
            answer = followup.read_as(answer, reading.said)
            answer = dataclasses.replace(answer, question=question, read_as=reading.said)
        return answer, remembered

    def latest(self, n: int) -> list[Article]:
        """The n newest articles, newest first."""
        return self.corpus.latest(n)

    def article(self, article_id: str) -> Article | None:
        """One article by id, or None for an unknown id."""
        if self.index.remote:  # the collection holds the articles, not this process
            return self.index.article(article_id)
        return self.corpus.get(article_id)

    def find(self, text: str, *, offset: int = 0, limit: int = 10) -> list[Hit]:
        """Articles matching free text, best first, one hit per article (inline mode)."""
        return self.index.search(text, limit=offset + limit)[offset:]

    def is_chatter(self, text: str) -> bool:
        """Whether a message asks nothing (thanks, laughter, emoji, a short reaction)."""
        return is_chatter(
            text, lambda term: bool(self.index.search(term, limit=1)), self.segmenter.query_terms
        )

    def words(self, text: str) -> list[str]:
        """Cut a passage into the words the index sees (for highlighting whole words)."""
        return self.segmenter.cut_words(text)

    @cached_property
    def paper(self) -> Paper:
        """The paper and section of this corpus (manifest [paper] table, else the pages)."""
        if self.corpus.paper is not None:
            return self.corpus.paper
        return paper_from(self._paper_table, self.corpus.articles)

    @cached_property
    def places(self) -> PlaceNames:
        """Which places the pages name, for questions about a place (郑州天气)."""
        return PlaceNames(self.corpus.articles, self.paper)

    def push(self, *, progress: bool = False) -> PushReport:
        """Send the pages the Solr collection lacks or holds stale (Solr backend only)."""
        # Pushing segments every page (scipy, tqdm): imported only here, off the cold path.
        from retrieval.search.solr import SolrIndex  # noqa: PLC0415
        from retrieval.search.solr_meta import corpus_meta, meta_doc  # noqa: PLC0415
        from retrieval.search.solr_push import push_corpus  # noqa: PLC0415

        if not isinstance(self.index, SolrIndex):
            raise TypeError("push needs an engine opened with a Solr target")
        client = self.index.client

        report = push_corpus(
            self.corpus, self.index, client, extra=article_facts, progress=progress
        )
        # what replicas read instead of the pages (people, words, summary); they reload on change
        client.add([meta_doc(corpus_meta(self.index, self.summary()))], commit=True)
        return report

    def summary(self) -> CorpusSummary:
        """How many pages and articles, and the date range they cover."""
        first, last = self.corpus.date_range
        examples = tuple(example_questions(self.index, self.corpus))
        return CorpusSummary(
            len(self.corpus.pages), len(self.corpus.articles), first, last, self.paper, examples
        )


def article_flags(articles: Sequence[Article]) -> dict[str, np.ndarray]:
    """Per-article facts the cache keeps, so a cold answer reads no article for them."""
    return {"meeting_held": np.fromiter(map(extract.meeting_held, articles), bool, len(articles))}


def article_facts(article: Article, people: Sequence[str]) -> dict[str, list[str]]:
    """Meeting name and what each named person did there ("陈红民:主持"): Solr fields."""
    meeting = extract.meeting_name(article)
    roles = [f"{name}:{role}" for name in people for role in extract.roles_of(name, article)]
    return {"meetings": [meeting] if meeting else [], "roles": roles}
