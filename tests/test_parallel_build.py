"""A build spread over processes gives the serial build's corpus and cache, byte for byte;
and the per-question work that grew with the corpus."""

from __future__ import annotations

import functools
import io
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from benchmarks.scale import build_scale_corpus
from retrieval.engine import article_flags
from retrieval.pages import corpus as pages_corpus
from retrieval.pages.collection import Corpus
from retrieval.pages.corpus import load_corpus
from retrieval.pages.lines import CONTROL, normalize_text
from retrieval.search import bm25
from retrieval.search import cache as store
from retrieval.search.index import SearchIndex
from retrieval.search.people import naming_articles
from retrieval.search.selection import sorted_union

PARAGRAPHS = 400
KEY = "0" * 64


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A small re-mixed corpus with an undecodable page, a copy and a page without an article."""
    target = tmp_path_factory.mktemp("pooled") / "corpus"
    build_scale_corpus(seeds_dir, PARAGRAPHS, 3, target)
    first = sorted(target.glob("*.txt"))[0]
    (target / "000007_copy.txt").write_bytes(first.read_bytes().replace(b"\n", b"\r\n"))
    (target / "000005_broken.txt").write_bytes(b"\xff\xfe\xfa" * 40)
    (target / "000006_empty.txt").write_text("广告\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def serial(folder: Path) -> Corpus:
    """The corpus parsed in this process."""
    return load_corpus(folder, workers=1)


def test_pooled_parse_gives_the_serial_corpus(
    folder: Path, serial: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_corpus, "_CHUNK_PAGES", 3)  # many chunks over both processes
    pooled = load_corpus(folder, workers=2)
    first = sorted(p.name for p in folder.glob("*.txt"))[0]
    assert pooled.articles == serial.articles
    assert pooled.pages == serial.pages
    assert pooled.problems == serial.problems
    assert pooled.paper == serial.paper
    assert any("000005_broken.txt" in line for line in pooled.problems)
    assert any("000006_empty.txt: no article found" in line for line in pooled.problems)
    assert any(f"000007_copy.txt: same content as {first}" in line for line in pooled.problems)


@pytest.mark.parametrize("workers", [1, 2])
def test_compiled_or_pooled_build_writes_a_byte_identical_cache(
    serial: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Cut by jieba in one process, then by rjieba (Segmenter.compile) in one or two."""
    monkeypatch.setattr(bm25, "COMPILED_MIN_PASSAGES", PARAGRAPHS + 1)
    one = SearchIndex.build(serial, workers=1)
    assert one.segmenter._compiled is None
    monkeypatch.setattr(bm25, "COMPILED_MIN_PASSAGES", PARAGRAPHS)
    monkeypatch.setattr(bm25, "_CHUNK", 7)  # terms renumbered across many chunks
    two = SearchIndex.build(serial, workers=workers)
    assert (two.segmenter._compiled is not None) == (workers == 1)  # else the workers cut
    flags = article_flags(serial.articles)
    first = store.save(serial, one, tmp_path / "one", key=KEY, flags=flags)
    second = store.save(serial, two, tmp_path / "two", key=KEY, flags=flags)
    assert first is not None
    assert second is not None
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) > 20
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_pooled_build_draws_its_bars_on_a_terminal(
    serial: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    SearchIndex.build(serial, progress=True, workers=2)
    shown = screen.getvalue()
    assert "人名" in shown  # scanning articles for people
    assert "索引" in shown  # segmenting passages
    assert f"/{PARAGRAPHS} " in shown  # the segmenting bar counts passages, not chunks


def test_build_is_silent_when_stderr_is_not_a_terminal(
    serial: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    SearchIndex.build(serial, progress=True, workers=2)
    assert pipe.getvalue() == ""


def test_control_pattern_is_unicode_control_characters_but_tab_and_newline() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = unicodedata.category(char) == "Cc" and char not in "\t\n"
        assert (CONTROL.fullmatch(char) is not None) == expected, hex(code)


def test_page_text_loses_control_characters_and_keeps_tabs() -> None:
    assert normalize_text("甲\x07乙\x9f丙\t丁\n戊\x00") == "甲乙丙 丁\n戊"


def test_a_name_inside_a_found_name_is_named_there_too(serial: Corpus) -> None:
    articles = serial.articles[:3]
    texts = ["陈红民主持会议", "红民同志讲话", "无人"]
    found = naming_articles(["红民", "陈红民", "李四"], articles, texts)
    ids = [a.article_id for a in articles]
    assert found == {"陈红民": (ids[0],), "红民": (ids[0], ids[1]), "李四": ()}


def test_union_of_candidates_is_what_union1d_gives() -> None:
    rng = np.random.default_rng(4)
    parts = [np.unique(rng.integers(0, 500, size)).astype(np.int32) for size in (0, 30, 300, 7)]
    expected = functools.reduce(np.union1d, parts)
    union = sorted_union(parts)
    assert union.dtype == expected.dtype
    assert np.array_equal(union, expected)
    assert sorted_union([np.array([3, 5], np.int32)]).tolist() == [3, 5]
    empty = [np.empty(0, np.int32), np.empty(0, np.int32)]  # no variant found anything
    assert sorted_union(empty).tolist() == []
