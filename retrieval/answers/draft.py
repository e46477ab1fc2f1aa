"""An answer being written: its blocks and hits, and the lookups every template shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from retrieval.answers.catalog import Catalog
from retrieval.answers.extract import present
from retrieval.items import Item, plain
from retrieval.models import NO_PAPER, Article, Block, Hit, Paper, Passage
from retrieval.query.question import Query

if TYPE_CHECKING:
    from retrieval.search.index import SearchIndex
    from retrieval.store import ArticleStore as Corpus


SHORTEST_APPROX_RANGE = 27  # days: a range shorter than a month leaves out 近日 articles


@dataclass
class Draft:
    """An answer being written: its blocks and the hits behind them."""

    blocks: list[Block] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    period: str | None = None
    no_answer: bool = False  # the draft explains why there is no answer (天气, 那去年呢)

    def add(self, text: str, kind: str, article: Article | None = None, *emph: str) -> None:
        """Append a block; emphasis keeps only the terms that occur in its text."""
        article_id = article.article_id if article else None
        self.blocks.append(Block(text, kind, article_id, present(emph, text)))

    def add_item(self, item: Item, kind: str = "item", *emph: str) -> None:
        """Append a block showing a typed item (its text is the item's plain form)."""
        text = plain(item)
        self.blocks.append(Block(text, kind, item.citation.article_id, present(emph, text), item))


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a template needs besides the query."""

    index: SearchIndex
    corpus: Corpus
    terms: tuple[str, ...]
    limit: int
    catalog: Catalog
    paper: Paper = NO_PAPER  # the section names the district in headings and notes


def key_terms(query: Query, index: SearchIndex) -> tuple[str, ...]:
    """People, the topic's words as typed, and its search terms (bigram pieces dropped)."""
    terms = [t for t in index.segmenter.query_terms(query.topic) if t]
    # query_terms adds the bigrams of long words; a piece seen once is only such a bigram.
    whole = [t for t in terms if terms.count(t) > 1 or not any(t != o and t in o for o in terms)]
    chunks = [c for c in query.topic.split() if len(c) >= 2]
    return tuple(dict.fromkeys([*query.people, *chunks, *whole]))


def search_text(query: Query) -> str:
    """What to search for: the topic, else the people asked about, else the whole question."""
    return query.topic or " ".join(query.people) or query.text


def search(query: Query, context: Context, text: str, limit: int) -> list[Hit]:
    """Search the index with the query's date range and people."""
    hits = context.index.search(
        text, limit=limit, date_from=query.date_from, date_to=query.date_to, people=query.people
    )
    return [hit for hit in hits if in_period(hit.article, query)]


def hit_for(article: Article, sentence: str | None, score: float = 1.0) -> Hit:
    """A hit on the paragraph holding the quoted sentence (the first paragraph otherwise)."""
    number = next(
        (i for i, p in enumerate(article.paragraphs) if sentence and sentence.strip("…") in p),
        0,
    )
    text = article.paragraphs[number] if article.paragraphs else article.title
    return Hit(article, Passage(article.article_id, number, text), score)


def pool(query: Query, context: Context, *, bylines: bool = False) -> np.ndarray | None:
    """Mask the articles of the query's period naming every one of its people (None: all).

    With ``bylines``, signing an article counts as being named. Built from the catalog's
    masks, so only the articles that qualify are looked at.
    """
    catalog = context.catalog
    mask = None
    if query.date_from is not None or query.date_to is not None:
        low = query.date_from.toordinal() if query.date_from else 1
        high = query.date_to.toordinal() if query.date_to else dt.date.max.toordinal()
        mask = catalog.dated_between(low, high)
        for i in np.flatnonzero(mask).tolist():  # 近日 and a short range: see in_period
            mask[i] = in_period(catalog.articles[i], query)
    for name in query.people:
        named = catalog.involving(name) if bylines else catalog.naming(name)
        mask = named.copy() if mask is None else mask & named
    return mask


def on_topic(query: Query, context: Context, mask: np.ndarray | None) -> np.ndarray:
    """Mask the articles of a pool that a search for the query's topic finds."""
    found = context.index.matching_articles(
        query.topic,
        limit=context.catalog.count(mask),
        date_from=query.date_from,
        date_to=query.date_to,
        people=query.people,
    )
    topical = np.zeros(len(context.catalog.articles), dtype=bool)
    topical[found] = True
    return topical if mask is None else topical & mask


def in_period(article: Article, query: Query) -> bool:
    """Tell whether the article falls in the query's date range (undated ones never do)."""
    if query.date_from is None and query.date_to is None:
        return True
    if article.date is None:
        return False
    # 近日 borrows the page's date: it cannot answer for one day or one week.
    if article.date_precision != "day" and query.date_from and query.date_to:
        return (query.date_to - query.date_from).days >= SHORTEST_APPROX_RANGE and (
            query.date_from <= article.date <= query.date_to
        )
    return (query.date_from or article.date) <= article.date <= (query.date_to or article.date)
