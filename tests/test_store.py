"""The index cache: loaded instead of rebuilt, rebuilt when pages change or a file is bad."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from retrieval.pages import fingerprint
from retrieval.pages.corpus import load_corpus
from retrieval.search import cache as store
from retrieval.search.index import SearchIndex
from retrieval.search.keys import USERDICT
from retrieval.text.segment import Segmenter


@pytest.fixture
def segment_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the paragraphs and headlines segmented while building an index."""
    calls: list[str] = []
    real = Segmenter.segment

    def counting(self: Segmenter, text: str) -> list[str]:
        calls.append(text)
        return real(self, text)

    monkeypatch.setattr(Segmenter, "segment", counting)
    return calls


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A cache folder beside (not holding) the corpus copy."""
    return tmp_path / "cache"


def open_index(corpus_dir: Path, cache_dir: Path | None) -> SearchIndex:
    """What a new process does at start-up."""
    return SearchIndex.load_or_build(load_corpus(corpus_dir), cache_dir)


def cache_folder(cache_dir: Path) -> Path:
    """The one index folder in a cache folder."""
    (found,) = (p for p in cache_dir.glob("index-*") if p.is_dir())
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
    assert tuple(cached_corpus.articles) == corpus.articles
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
    (corpus_copy / USERDICT).write_text("兴衰之鉴\n", encoding="utf-8")
    segment_calls.clear()
    open_index(corpus_copy, cache)
    assert segment_calls


DAMAGES = [
    pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
    pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]), id="last-byte-flipped"),
    pytest.param(lambda data: data[:20] + bytes([data[20] ^ 0x01]) + data[21:], id="header-byte"),
    pytest.param(lambda data: data + b"junk", id="trailing-junk"),
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: b"\x00" * 4096, id="zeros"),
]
# Every damage to the JSON files and to an array's header or size is noticed.  A flipped
# weight inside an array is not structure: it would only shift a score (as a bit flip inside
# any database file would), never crash a search or run code.
CASES = [
    *[
        pytest.param(name, *d.values, id=f"{name}-{d.id}")
        for name in ("meta.json", "indptr.npy", "record_ends.npy")
        for d in DAMAGES
    ],
    *[
        pytest.param(name, DAMAGES[0].values[0], id=f"{name}-truncated")
        for name in (
            "indices.npy",
            "vocabulary.blob.npy",
            "words.values.npy",
            "paragraphs.npy",
            "records.npy",
        )
    ],
]


@pytest.mark.parametrize(("name", "damage"), CASES)
def test_damaged_cache_is_detected_and_rebuilt(
    corpus_copy: Path,
    cache: Path,
    segment_calls: list[str],
    caplog: pytest.LogCaptureFixture,
    damage: object,
    name: str,
) -> None:
    open_index(corpus_copy, cache)
    path = cache_folder(cache) / name
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    segment_calls.clear()
    with caplog.at_level(logging.WARNING, logger="retrieval.search.cache"):
        index = open_index(corpus_copy, cache)
    assert segment_calls
    assert any("rebuilding" in r.getMessage() for r in caplog.records)
    assert index.search("霹雳")
    assert store.load_cached(corpus_copy, cache) is not None


@pytest.mark.parametrize("name", ["meta.json", "records.npy", "indptr.npy", "words.heads.npy"])
def test_missing_file_is_a_rebuild(corpus_copy: Path, cache: Path, name: str) -> None:
    open_index(corpus_copy, cache)
    (cache_folder(cache) / name).unlink()
    assert store.load_cached(corpus_copy, cache) is None
    assert open_index(corpus_copy, cache).search("霹雳")
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
    folder = cache_folder(cache)
    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    page = sorted(corpus_copy.glob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n本报讯 新的一段。\n", encoding="utf-8")

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "rename", crash)
    assert store.save(corpus, index, cache) is None  # under the new pages' key
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == good
    left = sorted(p.name for p in cache.iterdir())
    assert left == [folder.name, store.stamps_path(corpus_copy, cache).name]  # no temp folder


def test_a_folder_without_meta_is_never_read(corpus_copy: Path, cache: Path) -> None:
    open_index(corpus_copy, cache)
    (cache_folder(cache) / "meta.json").unlink()  # as if the writer died before finishing
    assert store.load_cached(corpus_copy, cache) is None


def test_new_key_replaces_the_old_folder(corpus_copy: Path, cache: Path) -> None:
    open_index(corpus_copy, cache)
    old = cache_folder(cache)
    (cache / "index-0000000000000000.bin").write_bytes(b"another corpus's file")
    stale = cache / (store.stamps_path(corpus_copy, cache).stem + ".bin")
    stale.write_bytes(b"the old pickle format")
    (corpus_copy / USERDICT).write_text("兴衰之鉴\n", encoding="utf-8")
    open_index(corpus_copy, cache)
    assert cache_folder(cache) != old
    assert not old.exists()
    assert not stale.exists()  # this corpus's old single-file cache is removed
    assert (cache / "index-0000000000000000.bin").exists()  # other corpora's are not


def test_unwritable_cache_dir_still_serves(corpus_copy: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    assert open_index(corpus_copy, blocked / "cache").search("霹雳")


def test_one_cache_folder_per_corpus(corpus_copy: Path, cache: Path, seeds_dir: Path) -> None:
    open_index(corpus_copy, cache)
    open_index(corpus_copy, cache)
    open_index(seeds_dir, cache)
    folders = [p for p in cache.glob("index-*") if p.is_dir()]
    assert len(folders) == 2
    key = store.cache_key(seeds_dir, cache)
    assert store.cache_path(corpus_copy, cache, key) != store.cache_path(seeds_dir, cache, key)


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
        pytest.param(lambda data: data[:30], id="truncated"),
        pytest.param(lambda data: b"[]", id="not-an-object"),
        pytest.param(lambda data: data.replace(b'"version": 2', b'"version": 9'), id="version"),
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
