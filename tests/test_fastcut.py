"""rjieba, as CompiledCut drives it, cuts every text as jieba does with the same dictionary.

A large corpus is indexed through CompiledCut (18× faster); questions are cut by jieba's
rules in Python (cut.py).  Any text the two cut differently would be a passage a question
cannot find, so the comparison runs on the seed pages, on the test pages and on random text
made of the characters where jieba and jieba-rs were seen to disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.text.fastcut import CompiledCut
from retrieval.text.normalize import normalize
from retrieval.text.segment import Segmenter

ROOT = Path(__file__).resolve().parent.parent
TERMS = ("三送一强", "二七区", "安置房建设", "c++", "5g网络", "pm2.5")
NAMES = ("陈红民", "景静")
# Common characters, the corpus's words, latin, digits and the signs jieba keeps in a run,
# whitespace of every kind, Han outside jieba's range (extension A and B, compatibility),
# private use, combining marks, emoji.
ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时来会议区建设安置房陈红民景静三送一强二七"
    "abcXYZpm0123456789.%+#&_-/@，。！？、：；“”（）《》·—…"
    " \t\r\n\x0b\x0c\x1c\x1f\x85\xa0\u2003\u2028\u3000\u180e\u200b\ufeff"
    "\u3400\u4db5\u9fd6\u9fff\uf900\U00020000\U0002a700\ue000\u0301é①Ⅲ℃😀ａ１"
)


@cache
def cutters() -> tuple[Segmenter, CompiledCut]:
    """A corpus segmenter (jieba) and the compiled cutter of the same dictionary."""
    segmenter = Segmenter.build(TERMS, NAMES)
    jieba_cut = segmenter._tokenizer.cut
    return segmenter, CompiledCut(segmenter.words, segmenter.total, jieba_cut)


def jieba_words(text: str) -> list[str]:
    """What jieba makes of text with the corpus dictionary."""
    return list(cutters()[0]._tokenizer.cut(text))


def compiled_words(text: str) -> list[str]:
    """What the compiled cutter makes of it."""
    return list(cutters()[1](text))


def page_lines() -> Iterator[str]:
    """Every line of the seed pages and of the test pages, as written and normalised."""
    pages = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests").rglob("*.txt"))
    assert len(pages) >= 5
    for page in pages:
        for line in page.read_text(encoding="utf-8", errors="replace").splitlines():
            yield line
            yield normalize(line)


def test_the_pages_are_cut_alike() -> None:
    lines = [line for line in page_lines() if line.strip()]
    assert len(lines) > 1_000
    differ = [line for line in lines if jieba_words(line) != compiled_words(line)]
    assert differ == []


@pytest.mark.parametrize(
    "text",
    [
        "增长1.25a以上",  # an unknown decimal run followed by letters: jieba splits it
        "达3.5%和1.253.5%",
        "团八1.25Z%称规",
        "张𠀀#系出但取",  # Han outside jieba's range: jieba-rs would join it with '#'
        "连上㐀米始际力",
        "龥鿿豈更車",
    ],
)
def test_where_jieba_rs_differs_the_cut_is_jiebas(text: str) -> None:
    assert compiled_words(text) == jieba_words(text)


def test_the_known_differences_are_real() -> None:
    """Without the two rules in CompiledCut, rjieba alone gets these wrong."""
    raw = cutters()[1]._rjieba
    assert raw.cut("增长1.25a以上") != jieba_words("增长1.25a以上")
    assert raw.cut("连上㐀米始际力") != jieba_words("连上㐀米始际力")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_random_text_is_cut_alike(text: str) -> None:
    assert compiled_words(text) == jieba_words(text)


def test_total_above_the_frequencies_is_taught_as_padding() -> None:
    # One word of frequency 1 beats two of 100 each once log(total) > log(100 * 100 / 1).
    words = {"会议": 1, "会": 100, "议": 100}
    calls: list[str] = []

    def fallback(text: str) -> list[str]:
        calls.append(text)
        return [text]

    assert list(CompiledCut(words, 201, fallback)("会议")) == ["会", "议"]
    assert list(CompiledCut(words, 10**6, fallback)("会议")) == ["会议"]
    assert calls == []
    assert list(CompiledCut(words, 201, fallback)("㐀会议")) == ["㐀会议"]  # sent to jieba
    assert calls == ["㐀会议"]
    with pytest.raises(ValueError, match="below"):
        CompiledCut(words, 200, fallback)


def test_a_compiled_segmenter_segments_as_before() -> None:
    plain = Segmenter.build(TERMS, NAMES)
    fast = Segmenter.build(TERMS, NAMES)
    fast.compile()
    assert fast._cut is not plain._cut
    text = "陈红民主持召开二七区安置房建设推进会，PM2.5下降1.5%，三送一强工作。"
    assert fast.segment(text) == plain.segment(text)
    assert fast.cut_words(text) == plain.cut_words(text)
