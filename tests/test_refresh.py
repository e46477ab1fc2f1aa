"""Refresher: a changed corpus folder is noticed cheaply and opened afresh; a broken one is not."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.errors import EmptyCorpusError, ManifestError
from retrieval.pages.corpus import ingest_pages
from retrieval.refresh import Refresher, corpus_fingerprint

NEW_PAGE = (
    "二七区冰雪运动嘉年华开幕\n\n本报讯 12月3日,二七区首届冰雪运动嘉年华在樱桃沟景区开幕,"
    "三千名市民参加滑雪体验。记者 景静\n"
)
QUESTION = "冰雪运动嘉年华在哪里开幕"


def add_page(corpus: Path, outside: Path, name: str = "005_ice.txt") -> None:
    """Ingest the distinctive new page into the corpus folder."""
    outside.mkdir(exist_ok=True)
    page = outside / name
    page.write_text(NEW_PAGE, encoding="utf-8")
    ingest_pages([page], corpus)


def test_unchanged_folder_is_not_stale(corpus_copy: Path, tmp_path: Path) -> None:
    refresher = Refresher(corpus_copy, tmp_path / "cache")
    assert not refresher.is_stale()
    assert refresher.refresh() is None


def test_ingested_page_makes_the_folder_stale_and_refresh_answers_it(
    corpus_copy: Path, tmp_path: Path
) -> None:
    refresher = Refresher(corpus_copy, tmp_path / "cache")
    add_page(corpus_copy, tmp_path / "incoming")
    assert refresher.is_stale()
    engine = refresher.refresh()
    assert engine is not None
    answer = engine.ask(QUESTION)
    assert not answer.no_answer
    assert answer.citations[0].source == "005_ice.txt"
    assert any("樱桃沟" in block.text for block in answer.blocks)
    assert engine.summary().pages == 6
    assert not refresher.is_stale()
    assert refresher.refresh() is None  # opened once per change, not at every poll


@pytest.mark.parametrize(
    "change",
    [
        lambda folder: (folder / "manifest.toml").write_text("# no pages\n", encoding="utf-8"),
        lambda folder: (folder / "userdict.dict").write_text("樱桃沟\n", encoding="utf-8"),
        lambda folder: (folder / "004_84ebe029d2cf1232.txt").unlink(),
    ],
    ids=["manifest edited", "word overrides edited", "page removed"],
)
def test_every_input_of_the_index_counts_as_a_change(
    change: Callable[[Path], object], corpus_copy: Path
) -> None:
    before = corpus_fingerprint(corpus_copy)
    change(corpus_copy)
    assert corpus_fingerprint(corpus_copy) != before


def test_fingerprint_ignores_files_that_are_not_pages(corpus_copy: Path) -> None:
    before = corpus_fingerprint(corpus_copy)
    (corpus_copy / "notes.md").write_text("editor's notes", encoding="utf-8")
    (corpus_copy / ".ingest-abc.tmp").write_bytes(b"half-written")
    assert corpus_fingerprint(corpus_copy) == before


def test_broken_manifest_is_reported_once_and_retried_when_fixed(
    corpus_copy: Path, tmp_path: Path
) -> None:
    manifest = corpus_copy / "manifest.toml"
    good = manifest.read_bytes()
    refresher = Refresher(corpus_copy, tmp_path / "cache")
    manifest.write_text("[pages\nyear = ", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"manifest\.toml"):
        refresher.refresh()
    assert refresher.refresh() is None  # the same broken version is not rebuilt at every poll
    manifest.write_bytes(good)
    add_page(corpus_copy, tmp_path / "incoming")
    engine = refresher.refresh()
    assert engine is not None
    assert not engine.ask(QUESTION).no_answer


def test_emptied_folder_raises_naming_it(corpus_copy: Path, tmp_path: Path) -> None:
    refresher = Refresher(corpus_copy, tmp_path / "cache")
    for page in corpus_copy.glob("*.txt"):
        page.unlink()
    with pytest.raises(EmptyCorpusError, match=str(corpus_copy)):
        refresher.refresh()


def test_polls_hash_only_changed_pages_and_all_now_and_then(
    corpus_copy: Path, hashed: list[str]
) -> None:
    refresher = Refresher(corpus_copy, None, rehash_every=4)
    assert len(hashed) == 5
    hashed.clear()
    assert not refresher.is_stale()
    page = sorted(corpus_copy.glob("*.txt"))[0]
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns - 10**9))
    assert not refresher.is_stale()
    assert hashed == [page.name]
    hashed.clear()
    assert not refresher.is_stale()  # 4th check: everything hashed again
    assert len(hashed) == 5


def test_first_check_uses_the_stamps_the_index_cache_recorded(
    corpus_copy: Path, tmp_path: Path, hashed: list[str]
) -> None:
    Engine.open(corpus_copy, tmp_path / "cache")
    hashed.clear()
    refresher = Refresher(corpus_copy, tmp_path / "cache")
    assert hashed == []
    assert refresher.seen == corpus_fingerprint(corpus_copy)


def test_same_size_edit_with_restored_mtime_is_a_change(
    corpus_copy: Path, hashed: list[str]
) -> None:
    refresher = Refresher(corpus_copy, None)
    page = sorted(corpus_copy.glob("*.txt"))[0]
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("二七区", "七二区", 1), encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size
    assert refresher.is_stale()
