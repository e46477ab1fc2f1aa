"""Top-k by MaxScore pruning and by the dense sums: the same passages as ranking every sum."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from retrieval.search import kernel, maxscore
from retrieval.search.kernel import Kernel
from retrieval.search.tables import Postings

PASSAGES = 4_000


def matrix(seed: int, negative: bool = False) -> Postings:
    """Terms × passages like a real index: a few rare terms, a few everywhere, tied weights."""
    rng = np.random.default_rng(seed)
    shares = [0.002, 0.004, 0.01, 0.05, 0.3, 0.6, 0.9]
    rows = []
    for share in shares:
        present = rng.random(PASSAGES) < share
        # few distinct weights, so many passages tie; rare terms weigh more, as idf says
        weights = rng.integers(1, 4, PASSAGES) * (1.5 - share)
        rows.append(np.where(present, weights, 0.0))
    dense = np.array(rows, dtype=np.float32)
    if negative:
        dense[-1][dense[-1] > 0] = -0.25
    csr = sparse.csr_matrix(dense)
    csr.sort_indices()
    return Postings(csr.indptr.astype(np.int64), csr.indices.astype(np.int32), csr.data)


QUERIES = [
    [(0, 1), (6, 1)],
    [(1, 1), (4, 1), (6, 1)],
    [(6, 1), (0, 2), (5, 1)],  # a frequent term first: sums must keep the query's order
    [(2, 1), (3, 1), (4, 1), (5, 1), (6, 1)],
    [(0, 1), (1, 1)],
    [(4, 1), (5, 1)],
    [(3, 0.8), (6, 1), (0, 1)],
]


def reference(k: Kernel, rows: list[tuple[int, float]], top: int) -> list[int]:
    """Rank every passage's sum (the plain way)."""
    return kernel.top_passages(*k.score(rows), top).tolist()  # type: ignore[no-any-return]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("top", [1, 10, 50])
@pytest.mark.parametrize("cost", [0, 4, 10**9])  # pruning always tried, as tuned, never paying
def test_best_equals_ranking_every_sum(
    seed: int, top: int, cost: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(maxscore, "_SEARCH_COST", cost)
    monkeypatch.setattr(kernel, "_MERGE_SHARE", 10**9)  # never the few-postings shortcut
    k = Kernel(matrix(seed), np.arange(PASSAGES, dtype=np.int32), PASSAGES)
    for rows in QUERIES:
        assert k.best(rows, top).tolist() == reference(k, rows, top), rows


def test_pruning_is_taken_and_scores_only_the_rare_terms_passages() -> None:
    weights = matrix(1)
    k = Kernel(weights, np.arange(PASSAGES, dtype=np.int32), PASSAGES)
    rows = [(0, 0.8), (6, 1)]  # a rare term (a variant: 0.8) outweighing an everywhere term
    found = maxscore.best_candidates(weights, maxscore.Extremes(weights), rows, 1)
    assert found is not None
    passages, scores = found
    assert passages.tolist() == k.postings(0).tolist()
    every, sums = k.score(rows)
    # the same floats, bit for bit, as the dense sum of every posting
    assert scores.tolist() == sums[np.searchsorted(every, passages)].tolist()


def test_terms_of_like_weight_are_not_pruned() -> None:
    weights = matrix(2)
    rows = [(4, 1), (5, 1)]  # no term can be left out: their ceilings are alike
    assert maxscore.best_candidates(weights, maxscore.Extremes(weights), rows, 10) is None


def test_a_negative_weight_turns_pruning_off_and_best_stays_exact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(maxscore, "_SEARCH_COST", 0)
    monkeypatch.setattr(kernel, "_MERGE_SHARE", 10**9)
    weights = matrix(3, negative=True)
    k = Kernel(weights, np.arange(PASSAGES, dtype=np.int32), PASSAGES)
    rows = [(0, 1), (6, 1)]
    assert maxscore.best_candidates(weights, maxscore.Extremes(weights), rows, 10) is None
    for rows in QUERIES:
        assert k.best(rows, 10).tolist() == reference(k, rows, 10)


def test_fewer_hits_than_asked_returns_only_hits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernel, "_MERGE_SHARE", 10**9)
    k = Kernel(matrix(0), np.arange(PASSAGES, dtype=np.int32), PASSAGES)
    rows = [(0, 1), (1, 1)]
    hits = k.score(rows)[0].size
    assert 0 < hits < 100
    assert sorted(k.best(rows, 100).tolist()) == k.score(rows)[0].tolist()


def test_best_of_nothing_is_nothing() -> None:
    k = Kernel(matrix(0), np.arange(PASSAGES, dtype=np.int32), PASSAGES)
    assert k.best([], 10).size == 0
    assert k.best([(0, 1)], 0).size == 0


def test_extremes_are_each_rows_smallest_and_largest_weight() -> None:
    weights = matrix(0)
    extremes = maxscore.Extremes(weights)
    for row in range(7):
        data = weights.data[weights.indptr[row] : weights.indptr[row + 1]]
        assert extremes(row) == (float(data.min()), float(data.max()))
