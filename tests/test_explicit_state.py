"""Engines own their state: two corpora in one process index as two fresh processes do."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from retrieval.engine import Engine
from retrieval.query.question import parse_question
from retrieval.search.keys import USERDICT

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("苏建设主持召开会议", "三送一强活动", "区长苏建设", "兴衰之鉴", "陈红民最近开了哪些会")


def signature(corpus_dir: Path) -> dict[str, object]:
    """What an engine built over a folder indexes: vocabulary, matrices, query cuts, people."""
    index = Engine.open(corpus_dir, None).index
    tables = index.tables
    arrays = hashlib.sha256()
    for name, array in sorted(tables.arrays.items()):
        arrays.update(name.encode() + array.tobytes())
    return {
        "vocabulary": sorted(tables.vocabulary.items()),
        "arrays": arrays.hexdigest(),
        "people": [p.name for p in index.people],
        "queries": [index.segmenter.query_groups(q) for q in QUERIES],
        "documents": [index.segmenter.segment(q) for q in QUERIES],
    }


def fresh_signature(corpus_dir: Path) -> dict[str, object]:
    """``signature`` taken in a new Python process."""
    code = (
        "import json, sys; from pathlib import Path; "
        "from tests.test_explicit_state import signature; "
        "print(json.dumps(signature(Path(sys.argv[1])), ensure_ascii=False))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(corpus_dir)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def other_corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    """The seed pages with a user dictionary that forgets a mined name and adds a phrase."""
    target = tmp_path / "other"
    target.mkdir()
    for page in seeds_dir.glob("*.txt"):
        (target / page.name).write_bytes(page.read_bytes())
    (target / USERDICT).write_text("-苏建设\n兴衰之鉴\n", encoding="utf-8")
    return target


def test_two_engines_in_one_process_index_as_two_processes(
    seeds_dir: Path, other_corpus: Path
) -> None:
    here = [signature(seeds_dir), signature(other_corpus), signature(seeds_dir)]
    here = json.loads(json.dumps(here, ensure_ascii=False))  # tuples → lists, as from a process
    fresh = [fresh_signature(seeds_dir), fresh_signature(other_corpus)]
    assert here[0] == fresh[0]
    assert here[1] == fresh[1]
    assert here[2] == fresh[0]  # the other corpus left nothing behind
    # The corpora really differ where the user dictionary says (so the test can fail).
    assert "苏建设" in here[0]["people"]
    assert "苏建设" not in here[1]["people"]
    assert here[0]["queries"] != here[1]["queries"]


def test_no_engine_touches_jiebas_process_wide_tokenizer(seeds_dir: Path) -> None:
    engine = Engine.open(seeds_dir, None)
    assert engine.ask("陈红民最近开了哪些会").hits
    assert not jieba.dt.initialized  # never loaded, never taught a word


def test_an_engine_owns_its_catalog_and_roster(seeds_dir: Path, other_corpus: Path) -> None:
    first, second = Engine.open(seeds_dir, None), Engine.open(other_corpus, None)
    assert first.catalog is not second.catalog
    assert first.catalog.articles == first.corpus.articles
    assert "苏建设" in {p.name for p in first.roster}
    assert "苏建设" not in {p.name for p in second.roster}
    assert parse_question("苏区长在忙什么", first.roster, today=None).people == ("苏建设",)
    assert parse_question("苏区长在忙什么", second.roster, today=None).people == ()
