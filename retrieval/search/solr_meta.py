"""The meta document: what a stateless replica needs from a corpus besides its articles.

One document (id ``newsbot!meta``) holds the corpus's people with their titles and how many
articles name them, the words segmentation learned from the pages (as entries over jieba's
dictionary), the mined abbreviations, the paper, the summary figures and example questions.
Its size grows with the people and words a corpus names, not with its articles; the indexer
rewrites it after every push, and its ``fingerprint`` (a digest of its content) tells a
replica when to reload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from retrieval.models import Paper
from retrieval.search.people import Person
from retrieval.search.solr_client import SolrClient, SolrError

if TYPE_CHECKING:
    from retrieval.search.index import SearchIndex

META_ID = "newsbot!meta"


class Summary(Protocol):
    """The corpus figures the engine's summary gives (retrieval/engine.py, CorpusSummary)."""

    @property
    def pages(self) -> int: ...
    @property
    def articles(self) -> int: ...
    @property
    def first(self) -> dt.date | None: ...
    @property
    def last(self) -> dt.date | None: ...
    @property
    def paper(self) -> Paper: ...
    @property
    def examples(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class CountedPerson(Person):
    """A person as a replica knows them: the number of articles naming them, not their ids."""

    count: int = 0

    @property
    def mentions(self) -> int:
        """How many articles name this person."""
        return self.count


@dataclass(frozen=True, slots=True)
class Meta:
    """A corpus as the meta document describes it."""

    fingerprint: str
    pages: int
    articles: int
    passages: int
    first: dt.date | None
    last: dt.date | None
    paper: Paper
    examples: tuple[str, ...]
    people: tuple[CountedPerson, ...]
    terms: tuple[str, ...]
    abbreviations: tuple[tuple[str, str], ...]
    words: Mapping[str, int]  # entries over jieba's dictionary
    total: int  # the segmenter's frequency total
    sounds: tuple[tuple[str, str], ...] = ()  # (pinyin, word): the index's sound-alike table

    def size(self) -> int:
        """How many entries (people, words, phrases) the document carries."""
        shared = len(self.terms) + len(self.abbreviations) + len(self.sounds)
        return len(self.people) + len(self.words) + shared


def meta_doc(meta: Meta) -> dict[str, Any]:
    """The Solr document for ``meta`` (its fingerprint computed from the content)."""
    body = json.dumps(_plain(meta), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(body.encode()).hexdigest()[:24]
    return {"id": META_ID, "type": "meta", "fingerprint": digest, "meta_json": body}


def read_meta(client: SolrClient) -> Meta:
    """The collection's meta document; SolrError when the collection has none."""
    found = client.select(
        [("q", "{!term f=id}" + META_ID), ("fl", "fingerprint,meta_json"), ("rows", "1")]
    )
    docs = found["response"]["docs"]
    if not docs:
        raise SolrError(
            f"Solr collection {client.target.collection} holds no newsbot corpus yet: "
            "run `newsbot index --backend solr` where the pages are"
        )
    return decode_meta(docs[0]["meta_json"], docs[0]["fingerprint"])


def read_fingerprint(client: SolrClient) -> str | None:
    """The meta document's fingerprint (None before the first push): one tiny request."""
    found = client.select([("q", "{!term f=id}" + META_ID), ("fl", "fingerprint"), ("rows", "1")])
    docs = found["response"]["docs"]
    return str(docs[0]["fingerprint"]) if docs else None


def decode_meta(text: str, fingerprint: str) -> Meta:
    """Rebuild Meta from its JSON."""
    data = json.loads(text)
    return Meta(
        fingerprint=fingerprint,
        pages=data["pages"],
        articles=data["articles"],
        passages=data["passages"],
        first=_date(data["first"]),
        last=_date(data["last"]),
        paper=Paper(**data["paper"]),
        examples=tuple(data["examples"]),
        people=tuple(CountedPerson(n, tuple(r), (), c) for n, r, c in data["people"]),
        terms=tuple(data["terms"]),
        abbreviations=tuple((s, f) for s, f in data["abbreviations"]),
        words=data["words"],
        total=data["total"],
        sounds=tuple((p, w) for p, w in data.get("sounds", ())),
    )


def people_of(people: Sequence[Person]) -> tuple[CountedPerson, ...]:
    """The people with their article counts instead of their article ids."""
    return tuple(CountedPerson(p.name, p.roles, (), len(p.article_ids)) for p in people)


def _plain(meta: Meta) -> dict[str, Any]:
    """Meta as JSON-ready data (the fingerprint left out: it is computed from this)."""
    paper = meta.paper
    return {
        "pages": meta.pages,
        "articles": meta.articles,
        "passages": meta.passages,
        "first": meta.first.isoformat() if meta.first else None,
        "last": meta.last.isoformat() if meta.last else None,
        "paper": {"name": paper.name, "section": paper.section, "homepage": paper.homepage},
        "examples": list(meta.examples),
        "people": [[p.name, list(p.roles), p.count] for p in meta.people],
        "terms": list(meta.terms),
        "abbreviations": [list(pair) for pair in meta.abbreviations],
        "words": dict(meta.words),
        "total": meta.total,
        "sounds": [list(pair) for pair in meta.sounds],
    }


def _date(text: str | None) -> dt.date | None:
    """An ISO date or None."""
    return dt.date.fromisoformat(text) if text else None


def corpus_meta(index: SearchIndex, summary: Summary) -> Meta:
    """The meta document of a local index and its corpus summary (what the indexer sends)."""
    from retrieval.search.solr_words import word_delta  # noqa: PLC0415 - loads jieba's words

    return Meta(
        fingerprint="",
        pages=summary.pages,
        articles=summary.articles,
        passages=index.passage_count,
        first=summary.first,
        last=summary.last,
        paper=summary.paper,
        examples=tuple(summary.examples),
        people=people_of(index.people),
        terms=tuple(index.tables.terms),
        abbreviations=tuple(index.tables.abbreviations),
        words=word_delta(index.segmenter),
        total=index.segmenter.total,
        sounds=tuple(index.tables.sounds),
    )
