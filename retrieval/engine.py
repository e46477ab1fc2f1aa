"""The one object the bot and the CLI talk to: a corpus, its index, and answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from retrieval.answers import followup
from retrieval.answers.compose import compose_answer
from retrieval.answers.extract import chinese_date
from retrieval.models import Answer, Article, Hit, Paper
from retrieval.pages.corpus import Corpus, load_corpus
from retrieval.pages.paper import read_paper
from retrieval.query.content import reduce_question
from retrieval.query.context import Conversation, resolve
from retrieval.query.question import parse_question
from retrieval.query.timeexpr import find_time_range
from retrieval.search import cache as store
from retrieval.search.index import SearchIndex

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
    def open(cls, corpus_dir: Path, cache_dir: Path | None, *, progress: bool = False) -> Engine:
        """Load a corpus folder and its persisted index (building it when needed).

        A cache hit restores the parsed articles too, so pages are not re-parsed at start-up.
        """
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
        content = reduce_question(question, self.index.information)  # a long one: its content
        query = parse_question(content, self.index.people, today=self.corpus.newest_date)
        if content != question:
            query = dataclasses.replace(query, question=question)
        return compose_answer(query, self.index, self.corpus, limit=limit)

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
            return followup.article_detail(question, found, reading.nth), live
        query = parse_question(reading.question, people, today=today)
        if reading.before is not None:  # 更早的呢: before the oldest article shown
            query = dataclasses.replace(
                query, date_to=reading.before, period=f"{chinese_date(reading.before)}以前"
            )
        wanted = limit + len(reading.exclude)
        if reading.before is None:
            answer = self.ask(reading.question, limit=wanted)
        else:
            answer = compose_answer(query, self.index, self.corpus, limit=wanted)
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
            answer = dataclasses.replace(followup.read_as(answer, reading.said), question=question)
        return answer, remembered

    def latest(self, n: int) -> list[Article]:
        """The n newest articles, newest first."""
        return self.corpus.latest(n)

    def article(self, article_id: str) -> Article | None:
        """One article by id, or None for an unknown id."""
        return self.corpus.get(article_id)

    def find(self, text: str, *, offset: int = 0, limit: int = 10) -> list[Hit]:
        """Articles matching free text, best first, one hit per article (inline mode)."""
        return self.index.search(text, limit=offset + limit)[offset:]

    @cached_property
    def paper(self) -> Paper:
        """The paper and section of this corpus (manifest [paper] table, else the pages)."""
        return read_paper(self.corpus.directory, self.corpus.articles)

    def summary(self) -> CorpusSummary:
        """How many pages and articles, and the date range they cover."""
        first, last = self.corpus.date_range
        return CorpusSummary(len(self.corpus.pages), len(self.corpus.articles), first, last)
