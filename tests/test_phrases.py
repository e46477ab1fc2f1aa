"""Phrases finds exactly what one compiled regex alternation of the same phrases finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.search.colloquial import GAP, _regex
from retrieval.search.expand import lexicon, read_table
from retrieval.text.phrases import Phrases

ROOT = Path(__file__).resolve().parent.parent
ALPHABET = "安置房回迁电话骗钱…"


def alternation(phrases: list[tuple[str, str | None]], text: str) -> list[tuple[int, int]]:
    """The spans the compiled alternation finds: what Phrases must reproduce."""
    sources = [source if source is not None else re.escape(p) for p, source in phrases]
    return [m.span() for m in re.compile("|".join(sources)).finditer(text)]


def as_phrases(words: list[str]) -> list[tuple[str, str | None]]:
    return [(w, _regex(w) if GAP in w else None) for w in words]


phrase = st.text(alphabet=ALPHABET, min_size=1, max_size=5).filter(
    lambda p: not p.startswith(GAP) and not p.endswith(GAP)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(phrase, min_size=1, max_size=12), st.text(alphabet=ALPHABET + "，。", max_size=30))
def test_spans_equal_the_compiled_alternation(words: list[str], text: str) -> None:
    phrases = as_phrases(words)
    assert list(Phrases(phrases).spans(text)) == alternation(phrases, text)


def test_the_colloquial_lexicon_reads_questions_as_before() -> None:
    rows = read_table("colloquial.txt")
    pairs = sorted(
        ((p, row[0]) for row in rows for p in row[1:]), key=lambda pair: len(pair[0]), reverse=True
    )
    phrases = as_phrases([p for p, _ in pairs])
    texts = [
        json.loads(line)["q"]
        for name in ("heldout.jsonl", "heldout_para.jsonl", "heldout_robust.jsonl")
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts += [p.replace(GAP, "一下") + "的事" for p, _ in pairs]  # every phrase, gaps filled
    assert len(texts) > 300
    found = 0
    for text in texts:
        spans = list(Phrases(phrases).spans(text))
        assert spans == alternation(phrases, text), text
        found += bool(spans)
    assert found > len(pairs) / 2  # the lexicon's phrases are found, not just no-matches
    assert lexicon().read("打电话来骗钱怎么办") == "电信网络诈骗怎么办"


def test_an_empty_phrase_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        Phrases([("", None)])
