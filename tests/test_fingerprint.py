"""Folder fingerprints: stat-unchanged pages reuse their stamped sha256; content changes show."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from retrieval.pages import fingerprint
from retrieval.pages.fingerprint import fingerprint_folder, load_stamps, save_stamps, scan_folder
from retrieval.search import keys


def first_page(folder: Path) -> Path:
    """The first page file of a folder, by name."""
    return sorted(folder.glob("*.txt"))[0]


def rewrite_same_size_same_mtime(page: Path) -> None:
    """Change one byte of a page, then put its mtime back: only ctime tells."""
    before = page.stat()
    data = bytearray(page.read_bytes())
    data[-2] = ord("X") if data[-2] != ord("X") else ord("Y")
    page.write_bytes(bytes(data))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_scan_digest_equals_the_full_hash_whatever_the_stamps(corpus_copy: Path) -> None:
    full = fingerprint_folder(corpus_copy)
    digest, stamps = scan_folder(corpus_copy, {})
    assert digest == full
    assert sorted(stamps) == sorted(p.name for p in corpus_copy.glob("*.txt"))
    assert scan_folder(corpus_copy, stamps)[0] == full
    wrong = dict.fromkeys(stamps, (-5, 0, 0, 0, "0" * 64))
    assert scan_folder(corpus_copy, wrong)[0] == full


def test_unchanged_pages_are_not_hashed_again(corpus_copy: Path, hashed: list[str]) -> None:
    digest, stamps = scan_folder(corpus_copy, {})
    assert len(hashed) == 5
    hashed.clear()
    assert scan_folder(corpus_copy, stamps) == (digest, stamps)
    assert hashed == []


def test_touched_page_is_hashed_again_and_the_digest_stays(
    corpus_copy: Path, hashed: list[str]
) -> None:
    digest, stamps = scan_folder(corpus_copy, {})
    page = first_page(corpus_copy)
    page.touch()
    hashed.clear()
    again, fresh = scan_folder(corpus_copy, stamps)
    assert (again, hashed) == (digest, [page.name])
    assert fresh[page.name] != stamps[page.name]


def test_same_size_edit_with_restored_mtime_changes_the_digest(
    corpus_copy: Path, hashed: list[str]
) -> None:
    digest, stamps = scan_folder(corpus_copy, {})
    page = first_page(corpus_copy)
    rewrite_same_size_same_mtime(page)
    again, _ = scan_folder(corpus_copy, stamps)
    assert again != digest
    assert again == fingerprint_folder(corpus_copy)


def test_page_changed_just_before_a_scan_is_hashed_again(corpus_copy: Path) -> None:
    # Freshly copied pages are inside the racy window: their stamps are never trusted.
    _, stamps = scan_folder(corpus_copy, {})
    assert all(stamp[0] == -1 for stamp in stamps.values())


def test_stamps_round_trip_and_damage_reads_as_none(corpus_copy: Path, tmp_path: Path) -> None:
    _, stamps = scan_folder(corpus_copy, {})
    path = tmp_path / "cache" / "x.stamps"
    save_stamps(path, stamps)
    assert load_stamps(path) == stamps
    assert [p.name for p in path.parent.iterdir()] == ["x.stamps"]
    path.write_bytes(path.read_bytes()[:-10])
    assert load_stamps(path) == {}
    path.write_text('{"version": 1, "pages": {"a.txt": [1, 2, 3, 4, "nothex"]}}', "utf-8")
    assert load_stamps(path) == {}
    assert load_stamps(tmp_path / "missing.stamps") == {}


def test_page_name_that_is_not_utf8_is_fingerprinted_and_stamped(
    corpus_copy: Path, tmp_path: Path, hashed: list[str]
) -> None:
    odd = corpus_copy / os.fsdecode(b"\xff\xfe-page.txt")
    odd.write_bytes(first_page(corpus_copy).read_bytes() + b"\n")
    digest, stamps = scan_folder(corpus_copy, {})
    assert odd.name in stamps
    path = tmp_path / "x.stamps"
    save_stamps(path, stamps)
    assert load_stamps(path) == stamps
    hashed.clear()
    assert scan_folder(corpus_copy, load_stamps(path)) == (digest, stamps)
    assert hashed == []


def test_unchanged_folder_reuses_the_recorded_key_reading_no_stamp(
    corpus_copy: Path, tmp_path: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    full = keys.cache_key(corpus_copy, cache)
    assert full == keys.cache_key(corpus_copy)  # the same key as without a sidecar
    assert fingerprint.load_quick(keys.stamps_path(corpus_copy, cache)) is not None
    hashed.clear()
    monkeypatch.setattr(keys, "load_stamps", lambda path: pytest.fail("stamps were read"))
    monkeypatch.setattr(keys, "code_digest", lambda: pytest.fail("code was hashed"))
    assert keys.cache_key(corpus_copy, cache) == full
    assert hashed == []


def test_any_stat_change_leaves_the_quick_path(
    corpus_copy: Path, tmp_path: Path, hashed: list[str]
) -> None:
    cache = tmp_path / "cache"
    keys.cache_key(corpus_copy, cache)
    page = first_page(corpus_copy)
    rewrite_same_size_same_mtime(page)  # only ctime tells
    hashed.clear()
    key = keys.cache_key(corpus_copy, cache)
    assert hashed == [page.name]
    assert key == keys.cache_key(corpus_copy)
    changes = [
        lambda: (corpus_copy / "manifest.toml").write_text("[pages]\n", encoding="utf-8"),
        lambda: (corpus_copy / "新页面.txt").write_text("新的一版", encoding="utf-8"),
        lambda: (corpus_copy / keys.USERDICT).write_text("新词 5\n", encoding="utf-8"),
    ]
    for change in changes:
        before = keys.cache_key(corpus_copy, cache)
        change()
        after = keys.cache_key(corpus_copy, cache)
        assert after != before
        assert after == keys.cache_key(corpus_copy)


def test_a_code_file_changed_changes_the_stats_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code.py"
    code.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(keys, "_code_files", lambda: [code])
    keys._code_stats.cache_clear()
    before = keys._code_stats()
    keys._code_stats.cache_clear()
    code.write_text("A = 22\n", encoding="utf-8")  # another size: a stat change whatever the clock
    assert keys._code_stats() != before
    keys._code_stats.cache_clear()


def test_a_scan_with_a_racy_page_records_no_quick_key(corpus_copy: Path, tmp_path: Path) -> None:
    # Freshly copied pages are inside the racy window: the key must be taken again.
    cache = tmp_path / "cache"
    keys.cache_key(corpus_copy, cache)
    assert fingerprint.load_quick(keys.stamps_path(corpus_copy, cache)) is None


def test_parser_version_is_part_of_the_stats_key(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats = fingerprint.page_stats(corpus_copy)
    before = fingerprint.stats_key(corpus_copy, stats)
    monkeypatch.setattr(fingerprint, "PARSER_VERSION", b"pages-next")
    assert fingerprint.stats_key(corpus_copy, stats) != before
