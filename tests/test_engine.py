"""Engine.open: cache hits, builds, and pages that change while an index builds."""

from __future__ import annotations

from pathlib import Path

import pytest

import retrieval.pages.corpus as corpus_module
from retrieval.engine import Engine
from retrieval.pages.corpus import Corpus, load_corpus

EXTRA = "\n\n本报讯 6月1日,二七区在德化街举办无人机科普展,吸引市民近千人参观。记者 景静\n"


def test_second_open_is_served_from_the_cache(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Engine.open(corpus_copy, tmp_path / "cache")
    monkeypatch.setattr(corpus_module, "load_corpus", pytest.fail)  # a hit parses nothing
    second = Engine.open(corpus_copy, tmp_path / "cache")
    assert [a.article_id for a in second.corpus.articles] == [
        a.article_id for a in first.corpus.articles
    ]


def test_page_changed_during_a_build_is_not_hidden_by_the_cache(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = corpus_copy / "000_b59d7a4146e6a0ea.txt"

    def load_then_change(directory: Path, *, show_progress: bool = False) -> Corpus:
        corpus = load_corpus(directory, show_progress=show_progress)
        with page.open("a", encoding="utf-8") as handle:  # an editor saves mid-build
            handle.write(EXTRA)
        return corpus

    monkeypatch.setattr(corpus_module, "load_corpus", load_then_change)
    stale = Engine.open(corpus_copy, tmp_path / "cache")
    assert stale.find("无人机科普展") == []
    monkeypatch.undo()
    fresh = Engine.open(corpus_copy, tmp_path / "cache")
    assert [hit.article.source for hit in fresh.find("无人机科普展")] == [page.name]
