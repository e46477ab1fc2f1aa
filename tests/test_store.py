"""The index cache: loaded instead of rebuilt, rebuilt when pages change or the file is bad."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from retrieval.pages import fingerprint
from retrieval.pages.corpus import load_corpus
from retrieval.search import bm25
from retrieval.search import cache as store
from retrieval.search.index import SearchIndex


@pytest.fixture
def segment_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the paragraphs and headlines segmented while building an index."""
    calls: list[str] = []
    real = bm25.segment

    def counting(text: str) -> list[str]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(bm25, "segment", counting)
    return calls


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A cache folder beside (not holding) the corpus copy."""
    return tmp_path / "cache"


def open_index(corpus_dir: Path, cache_dir: Path | None) -> SearchIndex:
    """What a new process does at start-up."""
    return SearchIndex.load_or_build(load_corpus(corpus_dir), cache_dir)


def cache_file(cache_dir: Path) -> Path:
    """The one cache file in a cache folder."""
    (found,) = cache_dir.glob("index-*.bin")
    return found


def test_second_start_loads_instead_of_rebuilding(
    corpus_copy: Path, cache: Path, segment_calls: list[str]
) -> None:
    first = open_index(corpus_copy, cache)
    assert len(segment_calls) > 100
    segment_calls.clear()
    second = open_index(corpus_copy, cache)
    assert segment_calls == []
    question = "安置房建设工作专题会"
    assert [h.article.article_id for h in second.search(question)] == [
        h.article.article_id for h in first.search(question)
    ]
    assert second.people == first.people


def test_load_cached_returns_corpus_and_index_without_parsing(
    corpus_copy: Path, cache: Path
) -> None:
    assert store.load_cached(corpus_copy, cache) is None
    corpus = load_corpus(corpus_copy)
    SearchIndex.load_or_build(corpus, cache)
    cached = store.load_cached(corpus_copy, cache)
    assert cached is not None
    cached_corpus, index = cached
    assert cached_corpus.articles == corpus.articles
    assert cached_corpus.directory == corpus_copy
    first = corpus.articles[0]
    assert cached_corpus.get(first.article_id) == first
    assert index.search("霹雳")
    assert store.load_cached(corpus_copy, None) is None


def test_changed_pages_rebuild(corpus_copy: Path, cache: Path, segment_calls: list[str]) -> None:
    open_index(corpus_copy, cache)
    page = sorted(corpus_copy.glob("*.txt"))[0]
    page.write_text(
        page.read_text(encoding="utf-8") + "\n本报讯 12月1日，二七区召开量子计算推进会。\n"
    )
    segment_calls.clear()
    index = open_index(corpus_copy, cache)
    assert segment_calls
    assert index.search("量子计算推进会")


def test_changed_overrides_rebuild(
    corpus_copy: Path, cache: Path, segment_calls: list[str]
) -> None:
    open_index(corpus_copy, cache)
    (corpus_copy / bm25.USERDICT).write_text("兴衰之鉴\n", encoding="utf-8")
    segment_calls.clear()
    open_index(corpus_copy, cache)
    assert segment_calls


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]), id="last-byte-flipped"),
        pytest.param(
            lambda data: data[:200] + bytes([data[200] ^ 0x01]) + data[201:], id="header-byte"
        ),
        pytest.param(lambda data: data + b"junk", id="trailing-junk"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"\x00" * 4096, id="zeros"),
    ],
)
def test_damaged_cache_is_detected_and_rebuilt(
    corpus_copy: Path,
    cache: Path,
    segment_calls: list[str],
    caplog: pytest.LogCaptureFixture,
    damage: object,
) -> None:
    open_index(corpus_copy, cache)
    path = cache_file(cache)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    segment_calls.clear()
    with caplog.at_level(logging.WARNING, logger="retrieval.search.cache"):
        index = open_index(corpus_copy, cache)
    assert segment_calls
    assert any("rebuilding" in r.getMessage() for r in caplog.records)
    assert index.search("霹雳")
    assert store.load_cached(corpus_copy, cache) is not None


def test_no_cache_dir_writes_nothing(corpus_copy: Path, tmp_path: Path) -> None:
    before = set(tmp_path.rglob("*"))
    assert open_index(corpus_copy, None).search("霹雳")
    assert set(tmp_path.rglob("*")) == before


def test_failed_write_keeps_the_old_cache(
    corpus_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus(corpus_copy)
    index = SearchIndex.load_or_build(corpus, cache)
    path = cache_file(cache)
    good = path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    assert store.save(corpus, index, cache) is None
    assert path.read_bytes() == good
    left = sorted(p.name for p in cache.iterdir())
    assert left == [path.name, store.stamps_path(corpus_copy, cache).name]  # no temp file


def test_unwritable_cache_dir_still_serves(corpus_copy: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    assert open_index(corpus_copy, blocked / "cache").search("霹雳")


def test_one_cache_file_per_corpus(corpus_copy: Path, cache: Path, seeds_dir: Path) -> None:
    open_index(corpus_copy, cache)
    open_index(corpus_copy, cache)
    open_index(seeds_dir, cache)
    assert len(list(cache.glob("index-*.bin"))) == 2
    assert store.cache_path(corpus_copy, cache) != store.cache_path(seeds_dir, cache)


def test_start_with_stamps_hashes_no_page(
    corpus_copy: Path, cache: Path, hashed: list[str], segment_calls: list[str]
) -> None:
    open_index(corpus_copy, cache)
    hashed.clear()
    segment_calls.clear()
    assert store.load_cached(corpus_copy, cache) is not None
    assert hashed == []


def test_touched_but_unchanged_page_loads_the_cache(
    corpus_copy: Path, cache: Path, hashed: list[str], segment_calls: list[str]
) -> None:
    open_index(corpus_copy, cache)
    page = sorted(corpus_copy.glob("*.txt"))[0]
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns - 5_000_000_000))
    hashed.clear()
    segment_calls.clear()
    assert store.load_cached(corpus_copy, cache) is not None
    assert hashed == [page.name]
    assert segment_calls == []
    hashed.clear()
    assert store.load_cached(corpus_copy, cache) is not None
    assert hashed == []  # the sidecar now holds the touched page's new stat


def test_same_size_change_with_restored_mtime_rebuilds(
    corpus_copy: Path, cache: Path, hashed: list[str], segment_calls: list[str]
) -> None:
    open_index(corpus_copy, cache)
    page = sorted(corpus_copy.glob("*.txt"))[0]
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    assert "二七区" in text
    page.write_text(text.replace("二七区", "七二区", 1), encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert store.load_cached(corpus_copy, cache) is None
    segment_calls.clear()
    open_index(corpus_copy, cache)
    assert segment_calls


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:-7], id="truncated"),
        pytest.param(lambda data: b"[]", id="not-an-object"),
        pytest.param(lambda data: data.replace(b'"version": 1', b'"version": 9'), id="version"),
    ],
)
def test_damaged_stamps_only_cost_hashing(
    corpus_copy: Path, cache: Path, hashed: list[str], segment_calls: list[str], damage: object
) -> None:
    open_index(corpus_copy, cache)
    stamps = store.stamps_path(corpus_copy, cache)
    stamps.write_bytes(damage(stamps.read_bytes()))  # type: ignore[operator]
    hashed.clear()
    segment_calls.clear()
    assert store.load_cached(corpus_copy, cache) is not None
    assert len(hashed) == 5
    assert segment_calls == []


def test_wrong_stamp_never_loads_a_stale_cache(
    corpus_copy: Path, cache: Path, hashed: list[str]
) -> None:
    open_index(corpus_copy, cache)
    path = store.stamps_path(corpus_copy, cache)
    stamps = fingerprint.load_stamps(path)
    name = sorted(stamps)[0]
    stamps[name] = (*stamps[name][:4], "0" * 64)
    fingerprint.save_stamps(path, stamps)
    assert store.load_cached(corpus_copy, cache) is None
