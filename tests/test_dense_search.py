"""Whole-corpus score arrays find the same articles as the sorted candidate lists.

Past a share of the corpus's passages, a question's sums are kept as one array over every
passage (kernel.dense) and its variants are merged there (SearchIndex._expanded_dense); the
seed corpus is small, so the share is forced here, and every question of the benchmark, the
held-out set and the public set is searched both ways, with and without a period filter.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from benchmarks.questions import QUESTIONS
from retrieval.engine import Engine
from retrieval.search import kernel
from retrieval.search.index import SearchIndex

ROOT = Path(__file__).resolve().parent.parent


def questions() -> list[str]:
    """Benchmark, held-out and public questions."""
    asked = list(QUESTIONS)
    for path in (
        ROOT / "tests" / "data" / "heldout.jsonl",
        ROOT.parent / "shared" / "eval" / "questions.jsonl",
    ):
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            asked += [json.loads(line)["q"] for line in lines if line.strip()]
    return asked


def hits(index: SearchIndex, question: str, **filters: object) -> list[tuple[str, int, float]]:
    found = index.search(question, limit=10, **filters)  # type: ignore[arg-type]
    return [(h.article.article_id, h.passage.index, h.score) for h in found]


@pytest.mark.parametrize(
    "filters",
    [{}, {"date_from": dt.date(2021, 1, 1), "date_to": dt.date(2021, 12, 31)}],
    ids=["all", "2021"],
)
def test_dense_and_sorted_searches_agree(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, filters: dict[str, object]
) -> None:
    index = engine.index
    asked = questions()
    assert len(asked) > 100
    monkeypatch.setattr(kernel, "_DENSE_SHARE", 0)  # never dense: the sorted lists
    expected = {q: hits(index, q, **filters) for q in asked}
    monkeypatch.setattr(kernel, "_DENSE_SHARE", 10**9)  # always dense when two terms or more
    monkeypatch.setattr(kernel, "_EXPANDED_SHARE", 10**9)
    used = []
    real = SearchIndex._expanded_dense

    def spy(self: SearchIndex, *args: object) -> object:
        result = real(self, *args)  # type: ignore[arg-type]
        used.append(result is not None)
        return result

    monkeypatch.setattr(SearchIndex, "_expanded_dense", spy)
    for question in asked:
        assert hits(index, question, **filters) == expected[question], question
    assert sum(used) >= 5  # questions with variants went through the dense merge
    assert sum(1 for found in expected.values() if found) > 50
