"""The Solr search backend: the same ``search`` as SearchIndex, ranked by a SolrCloud.

The query is segmented by newsbot's own segmenter, as at index time, and sent as one
``TermQuery`` per term on the passages' whitespace-tokenised field (a term asked twice
counts twice, as in the in-process index), scored by Lucene's BM25 with k1 1.5 and b 0.75
and exact distributed statistics.  The no-answer rule is the in-process one, evaluated by
Solr: document frequencies come from a facet count over the whole collection, and an
article qualifies through a function query on its article document, joined to its
passages (an article and its passages share a shard).  One hit per article comes from a
collapse on the article id; articles are read back from their stored JSON.

What still comes from the local index: the mined people and phrases (so questions and
passages are segmented alike, and person names resolve), and the composer's per-corpus
catalog (meetings, roles, periods), which reads the parsed corpus.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import Counter, OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from retrieval.models import Article, Hit, Passage
from retrieval.pages.lookup import ArticleLookup
from retrieval.search.expand import VARIANT_WEIGHT
from retrieval.search.gate import unseen_information
from retrieval.search.index import MIN_COVERAGE, SearchIndex
from retrieval.search.solr_client import Params, SolrClient, SolrTarget
from retrieval.search.solr_docs import decode_article, solr_date
from retrieval.search.tables import Tables
from retrieval.text.normalize import normalize
from retrieval.text.segment import Segmenter

logger = logging.getLogger(__name__)

ARTICLE_CACHE = 2048  # articles kept decoded; bounded, whatever the collection's size
Groups = list[tuple[str, list[str]]]


class SolrIndex(SearchIndex):
    """A SearchIndex whose ranking and article look-ups go to a Solr collection."""

    remote = True

    def __init__(
        self,
        articles: Sequence[Article],
        tables: Tables,
        segmenter: Segmenter,
        client: SolrClient,
        *,
        lookup: ArticleLookup | None = None,
    ) -> None:
        super().__init__(articles, tables, segmenter, lookup=lookup)
        self.client = client
        self._decoded: OrderedDict[str, Article] = OrderedDict()

    @classmethod
    def over(cls, index: SearchIndex, target: SolrTarget) -> SolrIndex:
        """Rank through ``target`` with the words and people of a local index."""
        client = SolrClient(target)
        return cls(index.articles, index.tables, index.segmenter, client, lookup=index.lookup)

    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        people: Sequence[str] = (),
    ) -> list[Hit]:
        """Return the best articles for ``text`` as SearchIndex.search does, ranked by Solr."""
        docs = self._solr_expanded(text, limit, date_from, date_to, people)
        found = self.articles_by_id([d["article_id"] for d in docs])
        return [_hit(found[d["article_id"]], d["para"], d["score"]) for d in docs]

    def matching_articles(
        self,
        text: str,
        *,
        limit: int,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        people: Sequence[str] = (),
    ) -> np.ndarray:
        """Positions (ascending) of the articles ``search`` returns for the same arguments."""
        docs = self._solr_expanded(text, limit, date_from, date_to, people)  # ids only: no articles
        positions = [self.lookup.position(d["article_id"]) for d in docs]
        return np.sort(np.array([p for p in positions if p is not None], dtype=np.int64))

    def article(self, article_id: str) -> Article | None:
        """One article by id, read from Solr (None for an unknown id)."""
        return self.articles_by_id([article_id]).get(article_id)

    def articles_by_id(self, ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles with these ids (unknown ids left out)."""
        found = {i: self._decoded[i] for i in ids if i in self._decoded}
        missing = [i for i in dict.fromkeys(ids) if i not in found]
        if missing:
            params = [
                ("q", "{!terms f=id}" + ",".join(f"{i}!article" for i in missing)),
                ("fl", "article_id,article_json"),
                ("rows", str(len(missing))),
                ("distrib.singlePass", "true"),
            ]
            for doc in self.client.select(params)["response"]["docs"]:
                article = found[doc["article_id"]] = decode_article(doc["article_json"])
                self._remember(article)  # a batch larger than the cache still comes back whole
        return found

    def _remember(self, article: Article) -> None:
        """Keep a decoded article, dropping the least recently read past the bound."""
        self._decoded[article.article_id] = article
        self._decoded.move_to_end(article.article_id)
        while len(self._decoded) > ARTICLE_CACHE:
            self._decoded.popitem(last=False)

    def _solr_expanded(
        self,
        text: str,
        limit: int,
        date_from: dt.date | None,
        date_to: dt.date | None,
        people: Sequence[str],
    ) -> list[dict[str, Any]]:
        """``_ranked`` for the question and its variants, merged as the local index does.

        Words a variant puts in weigh VARIANT_WEIGHT of a word asked, and an article found
        only through a variant scores at most VARIANT_WEIGHT of the best one the words asked
        find (retrieval/search/index.py, ``_expanded``).
        """
        groups = self.segmenter.query_groups(text)
        docs = self._ranked(groups, limit, date_from, date_to, people)
        exact = {d["article_id"] for d in docs}
        cap = VARIANT_WEIGHT * docs[0]["score"] if docs else math.inf
        best = {d["article_id"]: d for d in docs}
        asked = {term for token, subwords in groups for term in (token, *subwords)}
        for variant in self._expansions().variants(normalize(text), self._useful):
            varied = self.segmenter.query_groups(variant)
            new = frozenset(t for token, sub in varied for t in (token, *sub) if t not in asked)
            for doc in self._ranked(varied, limit, date_from, date_to, people, discounted=new):
                article = doc["article_id"]
                score = doc["score"] if article in exact else min(doc["score"], cap)
                if article not in best or score > best[article]["score"]:
                    best[article] = {**doc, "score": score}
        return sorted(best.values(), key=lambda d: -d["score"])[:limit]

    def _ranked(
        self,
        groups: Groups,
        limit: int,
        date_from: dt.date | None,
        date_to: dt.date | None,
        people: Sequence[str],
        *,
        discounted: frozenset[str] = frozenset(),
    ) -> list[dict[str, Any]]:
        """The best passage of each of the ``limit`` best relevant articles, best first."""
        if limit <= 0 or not groups:
            return []
        params = [*self._query(groups, discounted), *_filters(date_from, date_to, people)]
        relevance = self._relevance(groups)
        if relevance:
            params += [("fq", "{!join from=article_id to=article_id v=$rel}"), *relevance]
        params += [
            ("fq", "{!collapse field=article_id sort='score desc,para asc'}"),
            ("sort", "score desc,ord asc,para asc"),
            ("fl", "article_id,para,score"),
            ("rows", str(limit)),
            ("distrib.singlePass", "true"),  # the fields are tiny: skip the second round trip
        ]
        return list(self.client.select(params)["response"]["docs"])

    def _query(self, groups: Groups, discounted: frozenset[str] = frozenset()) -> Params:
        """One should-clause per query term occurrence, each a TermQuery on the passages.

        A ``discounted`` term (put in by a variant) is boosted by VARIANT_WEIGHT.
        """
        counts = Counter(term for token, subwords in groups for term in (token, *subwords))
        params: list[tuple[str, str]] = [("fq", "type:passage")]
        clauses = []
        for n, (term, count) in enumerate(counts.items()):
            if term in discounted:
                params.append((f"t{n}", f"{{!boost b={VARIANT_WEIGHT!r} v=$u{n}}}"))
                params.append((f"u{n}", "{!term f=tokens}" + term))
            else:
                params.append((f"t{n}", "{!term f=tokens}" + term))
            clauses += [f"should=$t{n}"] * count
        return [("q", "{!bool " + " ".join(clauses) + "}"), *params]

    def _relevance(self, groups: Groups) -> Params:
        """The article filter of the no-answer rule, or nothing when every article passes."""
        info = self._information([token for token, _ in groups])
        total = sum(info.values())
        if total <= 0:
            return []
        words: dict[str, str] = {}

        def has(term: str) -> str:
            name = words.setdefault(term, f"w{len(words)}")
            return f"if(termfreq(article_tokens,${name}),1,0)"

        parts = []
        for token, subwords in groups:
            if info[token] > 0:
                present = has(token)
                if subwords:
                    every = f"product({','.join(has(w) for w in subwords)})"
                    present = f"max({present},{every})"
                parts.append(f"product({present},{info[token]!r})")
        low = MIN_COVERAGE * total - 1e-9
        function = f"sum({','.join(parts)},0)"
        return [
            ("rel", "{!bool filter=type:article filter=$cov}"),
            ("cov", f"{{!frange l={low!r}}}{function}"),
            *((name, term) for term, name in words.items()),
        ]

    def _information(self, tokens: Sequence[str]) -> dict[str, float]:
        """Each token's information, from collection-wide document frequencies."""
        unique = list(dict.fromkeys(tokens))
        params = [("q", "type:passage"), ("rows", "0"), ("facet", "true")]
        params += [("facet.query", "{!term f=tokens}" + t) for t in unique]
        found = self.client.select(params)
        passages = int(found["response"]["numFound"])
        counts = found["facet_counts"]["facet_queries"]
        return {t: _info(t, int(counts["{!term f=tokens}" + t]), passages) for t in unique}


def _info(term: str, df: int, passages: int) -> float:
    """SearchIndex's information of a term: idf before the floor, clipped at 0."""
    if df == 0:  # as the local index weighs a word the pages never use
        return unseen_information(term, math.log((passages + 0.5) / 0.5)) if len(term) > 1 else 0.0
    return max(0.0, math.log(passages - df + 0.5) - math.log(df + 0.5))


def _filters(date_from: dt.date | None, date_to: dt.date | None, people: Sequence[str]) -> Params:
    """Date range (undated articles drop out) and people, as filter queries."""
    params = []
    if date_from is not None or date_to is not None:
        low = solr_date(date_from) if date_from else "*"
        high = solr_date(date_to) if date_to else "*"
        params.append(("fq", f"date:[{low} TO {high}]"))
    params += [("fq", "{!term f=people}" + name) for name in people]
    return params


def _hit(article: Article, paragraph: int, score: float) -> Hit:
    """A hit on one paragraph of an article."""
    text = article.paragraphs[paragraph]
    return Hit(article, Passage(article.article_id, paragraph, text), float(score))
