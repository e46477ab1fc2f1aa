"""A cached index cuts queries without jieba's dictionary, exactly as the index built anew.

The built engine's segmenter holds jieba's whole dictionary in a dict; the cached engine's
reads the same frequencies from memory-mapped arrays, a group of words at a time.  Both run
jieba's own algorithm, so every query must give the same terms, hits and answers.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.questions import QUESTIONS
from retrieval.engine import Engine
from retrieval.text.cut import cut
from retrieval.text.wordtable import WordTable

ROOT = Path(__file__).resolve().parent.parent
FILLERS = ("最近", "哪些", "是什么", "怎么样", "？", "的", "了", "陳紅民", "2021年", "PM2.5", " ")


def held_out() -> list[str]:
    """The held-out questions (tests/data/heldout.jsonl)."""
    lines = (ROOT / "tests" / "data" / "heldout.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


def generated(engine: Engine, count: int, seed: int = 3) -> list[str]:
    """Pieces of the pages with question words and unknown characters around them."""
    rng = random.Random(seed)
    texts = [t for a in engine.corpus.articles for t in (a.title, *a.paragraphs) if len(t) > 4]
    queries = []
    for _ in range(count):
        text = rng.choice(texts)
        start = rng.randrange(len(text) - 2)
        query = text[start : start + rng.randint(2, 24)]
        if rng.random() < 0.5:
            query = rng.choice(FILLERS) + query
        if rng.random() < 0.5:
            query += rng.choice(FILLERS)
        if rng.random() < 0.3:  # characters jieba has no word for: its HMM cuts them
            query += "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 5)))
        queries.append(query)
    return queries


@pytest.fixture(scope="module")
def engines(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Engine]:
    """(built, loaded from the cache) over the seed pages."""
    cache = tmp_path_factory.mktemp("cold")
    built = Engine.open(seeds_dir, cache)
    cached = Engine.open(seeds_dir, cache)
    assert isinstance(built.segmenter.words, dict)
    assert isinstance(cached.segmenter.words, WordTable)
    return built, cached


def test_queries_cut_alike(engines: tuple[Engine, Engine]) -> None:
    built, cached = engines
    queries = [*QUESTIONS, *held_out(), *generated(built, 400)]
    assert len(queries) > 500
    for query in queries:
        assert cached.segmenter.query_groups(query) == built.segmenter.query_groups(query), query
        assert cached.segmenter.segment(query) == built.segmenter.segment(query), query


ODD = (
    "",
    " ",
    "\r\n\t",
    "ａｂｃ１２３",
    "PM2.5和3.5%的C++",
    "a-b_c.d#e&f",
    "《三送一强》——“霹雳”！",
    "陳紅民開會",
    "😀中文😀",
    "甴曱嘢冇",
)


def test_raw_cuts_equal_jiebas(engines: tuple[Engine, Engine]) -> None:
    built, cached = engines
    words, total = cached.segmenter.freeze()
    for text in [*ODD, *QUESTIONS, *generated(built, 400, seed=11)]:
        assert list(cut(text, words, total)) == list(built.segmenter._cut(text)), text


def test_rankings_alike(engines: tuple[Engine, Engine]) -> None:
    built, cached = engines
    for query in [*QUESTIONS, *held_out(), *generated(built, 200, seed=5)]:
        ours = [(h.article.article_id, h.passage.index, h.score) for h in cached.find(query)]
        assert ours == [(h.article.article_id, h.passage.index, h.score) for h in built.find(query)]


def test_answers_alike(engines: tuple[Engine, Engine]) -> None:
    built, cached = engines
    for question in [*QUESTIONS, *held_out()]:
        assert cached.ask(question) == built.ask(question), question


def test_cold_cli_needs_neither_jieba_nor_heavy_modules(
    engines: tuple[Engine, Engine], seeds_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    Engine.open(seeds_dir, cache)
    code = (
        "import json, sys; from bot.cli import main; "
        "code = main(sys.argv[1:]); "
        "from retrieval.text import segment; "
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]; "
        "print(json.dumps([code, segment._jieba_dictionary.cache_info().currsize, heavy]))"
    )
    # The second question holds a sound-alike typo (安至房): read without pypinyin too.
    questions = [QUESTIONS[0], "安至房什么时候开工"]
    args = ["--corpus", str(seeds_dir), "--cache-dir", str(cache), "ask", "--json", *questions]
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("NEWSBOT_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,  # no .env file: nothing configures newsbot, pydantic is not needed
        env=env,
    )
    *answers, last = done.stdout.strip().splitlines()
    assert json.loads(last) == [0, 0, []]  # answered, jieba's dictionary never read
    assert [json.loads(line)["question"] for line in answers] == questions
    assert "安置" in answers[1]  # the typo was read as the corpus word


# What a cold `newsbot ask` over the local index must not import (each costs 0.1–0.4 s).
HEAVY = (
    "scipy",
    "telegram",
    "tqdm",
    "rank_bm25",
    "jieba",
    "pypinyin",
    "pydantic",
    "pydantic_settings",
    "urllib.request",
    "retrieval.replica",
)
