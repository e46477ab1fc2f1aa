"""Keyword alerts: what a subscription asks for, and which new articles match it.

A subscription is read like a question (``parse_question``): its people and its topic. A new
article matches when it names (or is signed by) every person and, given a topic, when a
search for the topic finds it, with the same relevance rule answers use.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from retrieval.answers.compose import passage_excerpt, richest_passage
from retrieval.answers.draft import hit_for, key_terms
from retrieval.models import Article, Hit, Passage
from retrieval.query.question import Query

if TYPE_CHECKING:
    from retrieval.search.index import SearchIndex
    from retrieval.store import ArticleStore as Corpus

PASSAGE_LIMIT = 160  # characters of the matching passage an alert quotes


def subject(query: Query) -> str:
    """What a subscription watches, in words (陈红民, 安置房, 陈红民 安置房); "" for nothing."""
    return " ".join([*query.people, *([query.topic] if query.topic else [])])


def matching(
    query: Query, index: SearchIndex, corpus: Corpus, article_ids: Collection[str]
) -> list[Hit]:
    """The articles among article_ids the subscription matches, each with its passage."""
    if not article_ids or not subject(query):
        return []
    if query.topic:
        found = index.search(query.topic, limit=len(corpus.articles), people=query.people)
        hits = [hit for hit in found if hit.article.article_id in article_ids]
    else:
        chosen = (corpus.get(i) for i in article_ids)
        hits = [naming(a, query.people) for a in chosen if a and names_all(a, query.people)]
    terms = key_terms(query, index)
    return [quoted(richest_passage(hit, terms, query.people), terms) for hit in hits]


def names_all(article: Article, people: Collection[str]) -> bool:
    """Whether the article names, or is signed by, every one of the people."""
    return all(
        n in article.title or n in article.text or n in article.byline.people for n in people
    )


def naming(article: Article, people: Collection[str]) -> Hit:
    """A hit on the first paragraph naming the people (the lead when only the byline does)."""
    first = next((p for p in article.paragraphs if all(n in p for n in people)), None)
    return hit_for(article, first)


def quoted(hit: Hit, terms: tuple[str, ...]) -> Hit:
    """The hit with its passage trimmed to the sentences around the subscription's terms."""
    text = passage_excerpt(hit.passage.text, terms, PASSAGE_LIMIT)
    return Hit(hit.article, Passage(hit.passage.article_id, hit.passage.index, text), hit.score)
