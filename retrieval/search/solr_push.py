"""Push a corpus into a Solr collection: batched, idempotent by id, resumable per page.

Each page file gets a record (type=page) holding a fingerprint of what its documents were
made from: the page's bytes, its year, and the word lists segmentation used.  A page whose
record matches is skipped; any other page has its old documents deleted and is sent again,
its record last, so an interrupted push leaves that page unrecorded and the next push
redoes it.  Re-pushing never duplicates: every document's id is fixed by article and
paragraph.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from retrieval.models import Article
from retrieval.search import bm25
from retrieval.search.solr_client import SolrClient
from retrieval.search.solr_docs import Doc, ExtraFields, article_docs, page_doc
from retrieval.workers import worker_count

if TYPE_CHECKING:
    from retrieval.pages.corpus import Corpus
    from retrieval.search.index import SearchIndex

logger = logging.getLogger(__name__)

BATCH = 1000  # documents per update request
COMMIT_EVERY = 50_000  # documents between commits, so a resumed push sees finished pages


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push did."""

    pushed: int  # pages sent
    skipped: int  # pages already in the collection as they are now
    documents: int  # documents sent


def push_corpus(
    corpus: Corpus,
    index: SearchIndex,
    client: SolrClient,
    *,
    extra: ExtraFields | None = None,
    progress: bool = False,
) -> PushReport:
    """Send every page not yet in the collection (or changed since) and commit."""
    words = words_digest(index)
    recorded = recorded_pages(client, len(corpus.pages))
    by_page: dict[str, list[tuple[int, Article]]] = defaultdict(list)
    for order, article in enumerate(corpus.articles):
        by_page[article.source].append((order, article))
    people = people_by_article(index)
    todo = []
    for page in corpus.pages:
        stamp = page_fingerprint(corpus.directory / page.source, page.year, words)
        if recorded.get(page.source) != stamp:
            todo.append((page.source, stamp))
    sender = _Sender(client)
    show = progress and sys.stderr.isatty()
    pages = [(source, stamp, by_page[source]) for source, stamp in todo]
    strings = _segmented([article for _, _, placed in pages for _, article in placed], index)
    for source, stamp, placed in tqdm(pages, disable=not show, desc="Solr", unit="页"):
        if _content(recorded.get(source)) not in (None, _content(stamp)):
            # new bytes may mean other articles: drop the old ones (a slow request, so only
            # then; the same bytes give the same ids, which replace their documents)
            client.delete_query(f"{{!term f=source}}{source}")
        for order, article in placed:
            named = people.get(article.article_id, ())
            docs = article_docs(article, next(strings), order=order, people=named, extra=extra)
            sender.extend(docs)
        sender.extend([page_doc(source, stamp, len(placed))])
    sender.finish()
    logger.info("pushed %d pages (%d documents), %d unchanged", len(todo), sender.sent,
                len(corpus.pages) - len(todo))  # fmt: skip
    return PushReport(len(todo), len(corpus.pages) - len(todo), sender.sent)


class _Sender:
    """Buffers documents and sends them in batches, committing now and then."""

    def __init__(self, client: SolrClient) -> None:
        self.client = client
        self.buffer: list[Doc] = []
        self.sent = 0
        self.since_commit = 0

    def extend(self, docs: Iterator[Doc] | list[Doc]) -> None:
        """Queue documents, sending full batches."""
        for doc in docs:
            self.buffer.append(doc)
            if len(self.buffer) >= BATCH:
                self.flush()

    def flush(self) -> None:
        """Send what is buffered."""
        if self.buffer:
            self.client.add(self.buffer)
            self.sent += len(self.buffer)
            self.since_commit += len(self.buffer)
            self.buffer = []
        if self.since_commit >= COMMIT_EVERY:
            self.client.commit()
            self.since_commit = 0

    def finish(self) -> None:
        """Send the rest and commit."""
        self.flush()
        self.client.commit()


def _segmented(articles: list[Article], index: SearchIndex) -> Iterator[list[str]]:
    """Each article's passage strings, in order; in worker processes for a large push."""
    passages = sum(len(a.paragraphs) for a in articles)
    workers = worker_count(passages, bm25.PARALLEL_MIN_PASSAGES)
    words = (index.tables.terms, tuple(p.name for p in index.people))
    return bm25.segmented(articles, index.segmenter, words, workers)


def recorded_pages(client: SolrClient, expected: int) -> dict[str, str]:
    """The fingerprint of every page the collection has a record of."""
    found = client.select(
        [("q", "type:page"), ("fl", "source,fingerprint"), ("rows", str(expected + 1000))]
    )
    return {d["source"]: d["fingerprint"] for d in found["response"]["docs"]}


def page_fingerprint(path: Path, year: int | None, words: str) -> str:
    """Digest a page's bytes, then its year and the word lists its documents were made with."""
    content = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    return f"{content}-{year}-{words}"


def _content(fingerprint: str | None) -> str | None:
    """The page-bytes part of a fingerprint."""
    return fingerprint.partition("-")[0] if fingerprint else None


def words_digest(index: SearchIndex) -> str:
    """Digest what segmentation depends on: the mined phrases and people's names."""
    digest = hashlib.sha256()
    for word in (*index.tables.terms, *(p.name for p in index.people)):
        digest.update(word.encode() + b"\n")
    return digest.hexdigest()[:16]


def people_by_article(index: SearchIndex) -> dict[str, list[str]]:
    """The known people each article names."""
    named: dict[str, list[str]] = defaultdict(list)
    for person in index.people:
        for article_id in person.article_ids:
            named[article_id].append(person.name)
    return named
