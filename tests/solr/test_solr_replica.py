"""A stateless replica against a real SolrCloud: no page folder, no index cache, same answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.items import MeetingItem
from retrieval.pages import corpus as corpus_module
from retrieval.replica import WORKING_SET, ReplicaEngine
from retrieval.search import cache as cache_module
from retrieval.search.solr_client import SolrClient, SolrError, SolrTarget
from tests.solr.test_solr_backend import PUBLIC, SCORE, questions, top_article

pytestmark = pytest.mark.solr


def test_public_question_set_passes_through_a_stateless_replica(
    seeds_solr: SolrTarget, tmp_path: Path
) -> None:
    if not SCORE.is_file():
        pytest.fail(f"{SCORE} is missing: the public question set lives beside the repository")
    env = {
        **os.environ,
        "NEWSBOT_SEARCH_BACKEND": "solr",
        "NEWSBOT_SOLR_URL": seeds_solr.url,
        "NEWSBOT_SOLR_COLLECTION": seeds_solr.collection,
        "NEWSBOT_CORPUS_DIR": str(tmp_path / "no-such-corpus"),
        "NEWSBOT_CACHE_DIR": str(tmp_path / "cache"),
    }
    newsbot = str(Path(sys.executable).with_name("newsbot"))
    done = subprocess.run(
        [sys.executable, str(SCORE), "--cmd", newsbot, str(PUBLIC)],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "20/20" in done.stdout.splitlines()[-1]
    # the replica kept nothing of the corpus: only jieba's frozen dictionary, the same for all
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [
        next((tmp_path / "cache").glob("words-jieba-*.npz")).name
    ]


def test_replica_top_article_agrees_with_local_backend(
    engine: Engine, replica: ReplicaEngine
) -> None:
    asked = questions()
    assert len(asked) >= 92
    differ = [q for q in asked if top_article(engine.ask(q)) != top_article(replica.ask(q))]
    agreement = 1 - len(differ) / len(asked)
    assert agreement >= 0.95, f"{agreement:.1%} agree; differ: {differ}"


def test_replica_answers_as_the_full_solr_engine_does(
    solr_engine: Engine, replica: ReplicaEngine
) -> None:
    # Same ranking (Solr), corpus state held or not: every answer must be the same.
    differ = []
    for question in questions():
        full, remote = solr_engine.ask(question), replica.ask(question)
        if (full.blocks, full.citations) != (remote.blocks, remote.citations):
            differ.append(question)
    assert differ == []


def test_replica_never_reads_pages_or_cache(
    seeds_solr: SolrTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a replica read the corpus")

    monkeypatch.setattr(corpus_module, "load_corpus", refuse)
    monkeypatch.setattr(cache_module, "load_cached", refuse)
    monkeypatch.setattr(Engine, "_open_local", refuse)
    replica = ReplicaEngine.open_replica(seeds_solr, tmp_path / "words", tmp_path / "missing")
    answer = replica.ask("陈红民最近开了哪些会")
    assert not answer.no_answer
    assert any(isinstance(block.item, MeetingItem) for block in answer.blocks)
    assert not (tmp_path / "missing").exists()
    assert len(replica.index.articles) == 0  # the shared index holds no articles


def test_replica_lists_and_looks_up_articles(engine: Engine, replica: ReplicaEngine) -> None:
    assert [a.article_id for a in replica.latest(7)] == [a.article_id for a in engine.latest(7)]
    for article in engine.corpus.articles[:5]:
        assert replica.article(article.article_id) == article
    assert replica.article("no-such-article") is None
    assert list(replica.corpus.articles) == list(engine.corpus.articles)
    assert len(replica.corpus.articles) == len(engine.corpus.articles)
    assert replica.corpus.articles[-1] == engine.corpus.articles[-1]
    assert replica.summary() == engine.summary()


def test_replica_people_come_from_the_meta_document(engine: Engine, replica: ReplicaEngine) -> None:
    assert [(p.name, p.roles) for p in replica.index.people] == [
        (p.name, p.roles) for p in engine.index.people
    ]
    assert [p.mentions for p in replica.index.people] == [p.mentions for p in engine.index.people]
    for text in ("陈红民最近开了哪些会", "二七经济技术开发区安全生产委员会"):
        assert replica.segmenter.query_groups(text) == engine.segmenter.query_groups(text)


def test_working_set_is_bounded(replica: ReplicaEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    from retrieval import replica as replica_module

    seen: list[int] = []
    original = replica_module.working_set

    def counting(*args: object) -> object:
        found = original(*args)  # type: ignore[arg-type]
        seen.append(len(found))
        return found

    monkeypatch.setattr(replica_module, "working_set", counting)
    monkeypatch.setattr(replica_module, "WORKING_SET", 4)
    answer = replica.ask("最近开了哪些会")
    assert seen
    assert max(seen) <= 4
    assert not answer.no_answer
    assert len(replica.corpus.articles) <= WORKING_SET  # at the seeds the set is the corpus


def test_empty_collection_is_one_clear_error(scratch: SolrClient, tmp_path: Path) -> None:
    with pytest.raises(
        SolrError, match=r"holds no newsbot corpus yet.*newsbot index --backend solr"
    ):
        ReplicaEngine.open_replica(scratch.target, tmp_path, tmp_path)
