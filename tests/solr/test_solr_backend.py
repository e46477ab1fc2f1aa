"""The Solr backend against a real two-node SolrCloud: answers, agreement, shards, pushes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from retrieval.answers import extract
from retrieval.engine import Engine
from retrieval.models import Answer
from retrieval.search import solr
from retrieval.search.solr import SolrIndex
from retrieval.search.solr_client import SolrClient, SolrTarget

pytestmark = pytest.mark.solr

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT.parent / "shared" / "eval" / "questions.jsonl"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
HELDOUT = ROOT / "tests" / "data" / "heldout.jsonl"


def questions() -> list[str]:
    """The eval questions: the public set (when shared/ is beside the repo) and the held-out."""
    files = [f for f in (PUBLIC, HELDOUT) if f.is_file()]
    return [json.loads(line)["q"] for f in files for line in f.read_text().splitlines() if line]


def top_article(answer: Answer) -> str | None:
    """The first hit's article id (None for no answer)."""
    return answer.hits[0].article.article_id if answer.hits else None


def count(client: SolrClient, query: str, **params: str) -> int:
    """How many documents match ``query``."""
    found = client.select([("q", query), ("rows", "0"), *params.items()])
    return int(found["response"]["numFound"])


def test_public_question_set_passes_through_solr(
    seeds_solr: SolrTarget, session_cache_dir: Path
) -> None:
    if not SCORE.is_file():
        pytest.fail(f"{SCORE} is missing: the public question set lives beside the repository")
    env = {
        **os.environ,
        "NEWSBOT_SEARCH_BACKEND": "solr",
        "NEWSBOT_SOLR_URL": seeds_solr.url,
        "NEWSBOT_SOLR_COLLECTION": seeds_solr.collection,
        "NEWSBOT_CACHE_DIR": str(session_cache_dir),
    }
    newsbot = str(Path(sys.executable).with_name("newsbot"))
    done = subprocess.run(
        [sys.executable, str(SCORE), "--cmd", newsbot, str(PUBLIC)],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "20/20" in done.stdout.splitlines()[-1]


def test_top_article_agrees_with_local_backend(engine: Engine, solr_engine: Engine) -> None:
    asked = questions()
    assert len(asked) >= 92
    differ = [q for q in asked if top_article(engine.ask(q)) != top_article(solr_engine.ask(q))]
    agreement = 1 - len(differ) / len(asked)
    assert agreement >= 0.95, f"{agreement:.1%} agree; differ: {differ}"


def test_shard_count_does_not_change_ranking(
    solr_cluster: object, seeds_solr: SolrTarget, session_cache_dir: Path, seeds_dir: Path
) -> None:
    from tests.solr.conftest import make_collection

    one = make_collection(solr_cluster, "seeds1", 1)  # type: ignore[arg-type]
    single = Engine.open(seeds_dir, session_cache_dir, solr=one.target)
    single.push()
    double = Engine.open(seeds_dir, session_cache_dir, solr=seeds_solr)
    compared = 0
    for question in questions():
        a = single.find(question, limit=10)
        b = double.find(question, limit=10)
        assert [h.article.article_id for h in a] == [h.article.article_id for h in b], question
        assert [h.score for h in a] == pytest.approx([h.score for h in b], rel=1e-5)
        compared += bool(a)
    assert compared > 50


def test_articles_come_back_from_solr_whole(engine: Engine, solr_engine: Engine) -> None:
    for article in engine.corpus.articles:
        assert solr_engine.article(article.article_id) == article
    assert solr_engine.article("no-such-article") is None


def test_metadata_fields_answer_person_and_meeting_lookups(
    engine: Engine, seeds_solr: SolrTarget
) -> None:
    client = SolrClient(seeds_solr)
    person = max(engine.index.people, key=lambda p: len(p.article_ids))
    assert count(client, f"+type:article +people:{person.name}") == len(set(person.article_ids))
    names = Counter(extract.meeting_name(a) for a in engine.corpus.articles)
    name, held = names.most_common(1)[0]
    assert held > 1
    assert count(client, "+type:article +{!term f=meetings v=$m}", m=name) == held
    chairs = Counter(
        p.name
        for a in engine.corpus.articles
        for p in engine.index.people
        if a.article_id in p.article_ids and "主持" in extract.roles_of(p.name, a)
    )
    chair, chaired = chairs.most_common(1)[0]
    assert chaired > 1
    assert count(client, "+type:article +{!term f=roles v=$r}", r=f"{chair}:主持") == chaired
    dated = sum(1 for a in engine.corpus.articles if a.date and a.date.year == 2022)
    year = "+type:article +date:[2022-01-01T00:00:00Z TO 2022-12-31T00:00:00Z]"
    assert count(client, year) == dated


def test_more_hits_than_the_article_cache_holds(
    engine: Engine, solr_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = solr_engine.index
    assert isinstance(index, SolrIndex)
    monkeypatch.setattr(solr, "ARTICLE_CACHE", 2)
    index._decoded.clear()
    hits = solr_engine.find("二七区", limit=10)
    assert len(hits) == 10
    assert [h.article for h in hits] == [engine.corpus.get(h.article.article_id) for h in hits]
