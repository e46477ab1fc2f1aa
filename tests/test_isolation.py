"""One page the parser cannot handle never takes the others with it: load, ingest, reload."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from retrieval.errors import IngestError
from retrieval.pages import parse
from retrieval.pages.corpus import ingest_pages, load_corpus
from retrieval.pages.headlines import MAX_BLOCK_LINES, split_stacked, stack_cuts
from retrieval.pages.parse import parse_page
from retrieval.refresh import Refresher

SHORT_LINES = "\n".join(["一二三", "四五六", "七八九", "十一二", "三四五", "六七八", "九十一"])
# The crash found in re-mixed pages: seven short lines between two articles made
# headlines.split_stacked take max() of an empty range.
STACKED_RUN = (
    "本报讯 11月29日，二七区召开防汛会议，部署防汛工作。记者 景静\n\n"
    f"{SHORT_LINES}\n二七区召开消防会议\n\n"
    "本报讯 11月30日，二七区召开消防会议，部署消防工作。记者 张改华\n"
)
GOOD = "二七区召开植树会议\n\n本报讯 3月1日,二七区召开植树会议,部署植树工作。记者 景静\n"


@pytest.mark.parametrize("lines", range(MAX_BLOCK_LINES + 1, 3 * MAX_BLOCK_LINES))
def test_a_block_of_any_length_has_somewhere_to_cut(lines: int) -> None:
    cuts = stack_cuts(lines)
    assert len(cuts) >= 1
    assert all(1 <= cut < lines and lines - cut <= MAX_BLOCK_LINES for cut in cuts)


def test_split_stacked_cuts_a_seven_line_block() -> None:
    block = tuple(f"第{n}行标题" for n in range(7))
    units, _ = split_stacked([block], 1, "前文", "后文")
    assert [len(unit) for unit in units] == [4, 3]
    assert sum(units, ()) == block


def test_page_with_a_run_of_seven_short_lines_parses_and_keeps_the_run_as_text() -> None:
    first, second = parse_page(STACKED_RUN, "run.txt", 2021)
    assert "一二三四五六七八九" in "".join(first.paragraphs)
    assert (first.byline.reporters, second.byline.reporters) == (("景静",), ("张改华",))
    assert (first.iso_date, second.iso_date) == ("2021-11-29", "2021-11-30")


@pytest.fixture
def failing_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the parser raise on any page that mentions 爆炸 (a stand-in for any parser bug)."""
    real = parse.parse_page

    def parse_or_crash(text: str, *args: object, **kwargs: object) -> object:
        if "爆炸" in text:
            raise IndexError("list index out of range")
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_page", parse_or_crash)


BOMB = GOOD.replace("植树", "爆炸")


@pytest.mark.usefixtures("failing_parser")
def test_a_page_the_parser_fails_on_is_skipped_named_with_its_reason(
    corpus_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (corpus_copy / "bad.txt").write_text(BOMB, "utf-8")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_copy)
    assert len(corpus.articles) == 29
    (problem,) = [line for line in corpus.problems if "bad.txt" in line]
    assert problem == "bad.txt: cannot be parsed (IndexError: list index out of range); skipped"
    assert problem in caplog.text
    assert "Traceback" not in caplog.text


@pytest.mark.usefixtures("failing_parser")
def test_ingest_refuses_a_page_the_parser_fails_on_and_writes_nothing(
    corpus_copy: Path, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    good, bad = tmp_path / "in" / "good.txt", tmp_path / "in" / "bad.txt"
    good.write_text(GOOD, "utf-8")
    bad.write_text(BOMB, "utf-8")
    before = sorted(p.name for p in corpus_copy.iterdir())
    with pytest.raises(IngestError) as caught:
        ingest_pages([good, bad], corpus_copy)
    assert str(caught.value) == f"{bad}: cannot be parsed (IndexError: list index out of range)"
    assert "\n" not in str(caught.value)
    assert sorted(p.name for p in corpus_copy.iterdir()) == before


def test_the_real_crash_page_loads_with_the_corpus(corpus_copy: Path) -> None:
    (corpus_copy / "run.txt").write_text(STACKED_RUN, "utf-8")
    corpus = load_corpus(corpus_copy)
    assert len(corpus.articles) == 31
    assert not [line for line in corpus.problems if "run.txt" in line]


@pytest.mark.usefixtures("failing_parser")
def test_a_bad_page_never_stops_a_reload(corpus_copy: Path, tmp_path: Path) -> None:
    refresher = Refresher(corpus_copy, tmp_path / "cache")
    (corpus_copy / "bad.txt").write_text(BOMB, "utf-8")
    (corpus_copy / "good.txt").write_text(GOOD, "utf-8")
    engine = refresher.refresh()
    assert engine is not None
    assert len(engine.corpus.articles) == 30
    assert any(line.startswith("bad.txt: cannot be parsed") for line in engine.corpus.problems)
    assert "植树" in engine.ask("植树会议").hits[0].article.title
