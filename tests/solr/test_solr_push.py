"""Pushing pages into Solr: idempotent, resumable after an interruption, and on live reload."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.refresh import Refresher
from retrieval.search import solr_push
from retrieval.search.solr_client import SolrClient
from retrieval.search.solr_docs import page_doc

pytestmark = pytest.mark.solr


def count(client: SolrClient, query: str) -> int:
    """How many documents match ``query``."""
    return int(client.select([("q", query), ("rows", "0")])["response"]["numFound"])


def expected_documents(engine: Engine) -> int:
    """Pages + articles + paragraphs: what a complete push leaves in the collection."""
    articles = engine.corpus.articles
    return len(engine.corpus.pages) + len(articles) + sum(len(a.paragraphs) for a in articles)


def test_reindex_is_idempotent(
    scratch: SolrClient, seeds_dir: Path, session_cache_dir: Path
) -> None:
    engine = Engine.open(seeds_dir, session_cache_dir, solr=scratch.target)
    first = engine.push()
    assert (first.pushed, first.skipped) == (len(engine.corpus.pages), 0)
    assert count(scratch, "*:* -type:meta") == expected_documents(engine) == first.documents
    assert count(scratch, "type:meta") == 1  # what replicas read, rewritten after each push
    again = engine.push()
    assert (again.pushed, again.skipped, again.documents) == (0, len(engine.corpus.pages), 0)
    # Forgetting the page records forces every page out again: ids replace, nothing doubles.
    scratch.delete_query("type:page")
    scratch.commit()
    assert engine.push().pushed == len(engine.corpus.pages)
    assert count(scratch, "*:* -type:meta") == expected_documents(engine)


def test_interrupted_push_resumes_where_it_stopped(
    scratch: SolrClient,
    seeds_dir: Path,
    session_cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = Engine.open(seeds_dir, session_cache_dir, solr=scratch.target)
    monkeypatch.setattr(solr_push, "BATCH", 20)
    monkeypatch.setattr(solr_push, "COMMIT_EVERY", 20)
    real_add = SolrClient.add
    sent: list[int] = []

    def failing_add(self: SolrClient, docs: list[dict[str, object]], **kw: bool) -> None:
        if len(sent) == 4:
            raise ConnectionResetError("Solr went away")
        sent.append(len(docs))
        real_add(self, docs, **kw)

    monkeypatch.setattr(SolrClient, "add", failing_add)
    with pytest.raises(ConnectionResetError):
        engine.push()
    monkeypatch.setattr(SolrClient, "add", real_add)
    done = count(scratch, "type:page")
    assert 0 < done < len(engine.corpus.pages)
    resumed = engine.push()
    assert resumed.skipped == done
    assert resumed.pushed == len(engine.corpus.pages) - done
    assert count(scratch, "*:* -type:meta") == expected_documents(engine)


def test_live_reload_pushes_new_pages(scratch: SolrClient, seeds_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pages = sorted(seeds_dir.glob("*.txt"))
    for page in [*pages[:-1], seeds_dir / "manifest.toml", seeds_dir / "userdict.dict"]:
        shutil.copy(page, corpus / page.name)
    cache = tmp_path / "cache"
    refresher = Refresher(corpus, cache, solr=scratch.target)
    engine = Engine.open(corpus, cache, solr=scratch.target)
    engine.push()
    before = count(scratch, "type:article")
    shutil.copy(pages[-1], corpus / pages[-1].name)
    fresh = refresher.refresh()
    assert fresh is not None
    added = [a for a in fresh.corpus.articles if a.source == pages[-1].name]
    assert added
    assert count(scratch, "type:article") == before + len(added)
    assert fresh.article(added[0].article_id) == added[0]
    assert added[0].article_id in [h.article.article_id for h in fresh.find(added[0].title)]


def test_a_changed_page_drops_its_old_documents(
    scratch: SolrClient, seeds_dir: Path, session_cache_dir: Path
) -> None:
    engine = Engine.open(seeds_dir, session_cache_dir, solr=scratch.target)
    engine.push()
    source = engine.corpus.pages[0].source
    # As if the page had held other bytes, and another article, when it was last pushed.
    stale = {"id": "gone!article", "type": "article", "article_id": "gone", "source": source}
    scratch.add([stale, page_doc(source, "0" * 32 + "-2021-old", 1)], commit=True)
    report = engine.push()
    assert (report.pushed, report.skipped) == (1, len(engine.corpus.pages) - 1)
    assert count(scratch, "article_id:gone") == 0
    assert count(scratch, "*:* -type:meta") == expected_documents(engine)
