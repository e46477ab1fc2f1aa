"""Ingest: every bad file is refused with nothing written; good pages land as UTF-8."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import IngestError
from retrieval.pages.corpus import ingest_pages, load_corpus

PAGE = "二七区召开防汛会议\n\n本报讯 6月1日,二七区召开防汛会议,部署防汛工作。记者 景静\n"
OTHER = "二七区召开消防会议\n\n本报讯 6月2日,二七区召开消防会议,部署消防工作。记者 景静\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (hidden ones too) by name."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def refuse(files: list[Path], corpus: Path, problem: str) -> None:
    """Assert ingest refuses, naming the bad file and the problem, and writes nothing."""
    before = snapshot(corpus)
    with pytest.raises(IngestError, match=problem) as caught:
        ingest_pages(files, corpus)
    assert snapshot(corpus) == before
    assert str(caught.value).count(":") >= 1


def write(folder: Path, name: str, content: bytes) -> Path:
    """Write one file outside the corpus and return its path."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), "binary"),
        ("二七区召开会议。没有导语。\n".encode(), "no article"),
    ],
)
def test_bad_file_is_refused(
    corpus_copy: Path, tmp_path: Path, content: bytes, problem: str
) -> None:
    bad = write(tmp_path / "in", "bad.txt", content)
    refuse([bad], corpus_copy, rf"bad\.txt: .*{problem}")


def test_duplicate_of_an_existing_page_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    seed = (corpus_copy / "003_c691d486a3cfc023.txt").read_bytes()
    copy = write(tmp_path / "in", "renamed.txt", seed.replace(b"\n", b"\r\n"))
    refuse([copy], corpus_copy, r"renamed\.txt: same content as 003_c691d486a3cfc023\.txt")


def test_duplicate_in_one_call_is_refused_and_nothing_written(
    corpus_copy: Path, tmp_path: Path
) -> None:
    first = write(tmp_path / "in", "a.txt", PAGE.encode())
    second = write(tmp_path / "in2", "b.txt", PAGE.encode())
    refuse([first, second], corpus_copy, r"b\.txt: same content as .*a\.txt")


def test_one_bad_file_stops_the_good_ones_before_it(corpus_copy: Path, tmp_path: Path) -> None:
    good = write(tmp_path / "in", "good.txt", PAGE.encode())
    bad = write(tmp_path / "in", "bad.txt", b"")
    refuse([good, bad], corpus_copy, r"bad\.txt")


def test_name_clash_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    clash = write(tmp_path / "in", "000_b59d7a4146e6a0ea.txt", PAGE.encode())
    refuse([clash], corpus_copy, r"000_b59d7a4146e6a0ea\.txt: the corpus already has")


def test_missing_file_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    refuse([tmp_path / "nothere.txt"], corpus_copy, r"nothere\.txt: no such file")


def test_gb18030_page_is_stored_as_utf8_with_a_notice(corpus_copy: Path, tmp_path: Path) -> None:
    page = write(tmp_path / "in", "gbk.txt", PAGE.encode("gb18030"))
    (report,) = ingest_pages([page], corpus_copy)
    assert report.stored_as == "gbk.txt"
    assert report.articles == 1
    assert report.notice is not None
    assert "GB18030" in report.notice
    assert (corpus_copy / "gbk.txt").read_text(encoding="utf-8") == PAGE


def test_pages_without_manifest_entry_are_added_and_load(corpus_copy: Path, tmp_path: Path) -> None:
    before = snapshot(corpus_copy)
    first = write(tmp_path / "in", "new1.txt", PAGE.encode())
    second = write(tmp_path / "in", "new2.md", OTHER.encode())
    reports = ingest_pages([first, second], corpus_copy)
    assert [(r.stored_as, r.articles, r.notice) for r in reports] == [
        ("new1.txt", 1, None),
        ("new2.md.txt", 1, None),
    ]
    after = snapshot(corpus_copy)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == ["new1.txt", "new2.md.txt"]
    corpus = load_corpus(corpus_copy)
    assert len(corpus.articles) == 31
    assert corpus.problems == ()


def test_missing_corpus_folder_is_refused(tmp_path: Path) -> None:
    page = write(tmp_path / "in", "a.txt", PAGE.encode())
    with pytest.raises(IngestError, match="no such corpus folder"):
        ingest_pages([page], tmp_path / "nowhere")
