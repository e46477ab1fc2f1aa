"""Folder fingerprints: stat-unchanged pages reuse their stamped sha256; content changes show."""

from __future__ import annotations

import os
from pathlib import Path

from retrieval.pages.fingerprint import fingerprint_folder, load_stamps, save_stamps, scan_folder


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
