"""Progress bars appear for a person at a terminal and never in pipes or logs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from retrieval.pages.corpus import ingest_pages, load_corpus


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_parsing_shows_a_bar_on_a_terminal(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    load_corpus(seeds_dir, show_progress=True)
    assert "解析" in screen.getvalue()
    assert "/5 " in screen.getvalue()  # tqdm redraws at most every 0.1 s


def test_parsing_is_quiet_when_stderr_is_not_a_terminal(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    load_corpus(seeds_dir, show_progress=True)
    assert pipe.getvalue() == ""


def test_ingest_of_many_pages_shows_a_bar(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = []
    for n in range(3):
        page = tmp_path / f"new_{n}.txt"
        page.write_text(f"本报讯 6月{n + 1}日,二七区举办第{n + 1}场科普展。记者 景静\n", "utf-8")
        pages.append(page)
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    reports = ingest_pages(pages, corpus_copy, show_progress=True)
    assert [r.stored_as for r in reports] == ["new_0.txt", "new_1.txt", "new_2.txt"]
    assert "检查" in screen.getvalue()
    assert "/3 " in screen.getvalue()
