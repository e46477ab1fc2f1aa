"""The k best passages without summing every posting: MaxScore over a query's terms.

A question's frequent terms (a common word; a headline word, which posts into every passage
of its article) own most of its postings but weigh little each.  The rarest terms are summed
first, over their own passages only: weights being positive, a sum only grows as terms are
added, so the k-th best of these partial sums is a floor under the k-th best full score.
When even the largest weights of all the other terms together stay below that floor, a
passage holding none of the rare terms cannot reach the top k (nor tie with it), and only
the rare terms' passages are scored in full, each other term's weight found by binary search
in its sorted postings.  Otherwise the next rarest term joins the rare ones, until they
would hold too many postings to be worth it: then the caller sums everything densely.

Full scores are summed term by term in the query's order starting from 0, as ``bincount``
sums the concatenated postings, so they are the same floats bit for bit and ties fall alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.search.selection import sorted_union
from retrieval.search.tables import Postings

# Pruning pays while binary searches for each candidate in each term's postings (a few steps
# each) cost less than reading the other terms' postings: candidates × terms × this < those.
_SEARCH_COST = 4
# The floor must beat the other terms' ceiling by this much (relative): the ceiling is a sum
# of float64 values rounded in another order than a passage's own sum.
_MARGIN = 1e-9


def weighted(data: np.ndarray, count: float) -> np.ndarray:
    """A term's float32 weights times how much it was asked, as float64 (what is summed)."""
    return (data * count if count != 1 else data).astype(np.float64)


class Extremes:
    """Each row's smallest and largest weight, worked out when a query first needs them."""

    def __init__(self, weights: Postings) -> None:
        self._w = weights
        self._known: dict[int, tuple[float, float]] = {}

    def __call__(self, row: int) -> tuple[float, float]:
        """Return (smallest, largest) weight of a non-empty row."""
        if row not in self._known:
            data = self._w.data[self._w.indptr[row] : self._w.indptr[row + 1]]
            self._known[row] = (float(data.min()), float(data.max()))
        return self._known[row]


def best_candidates(
    weights: Postings,
    extremes: Extremes,
    rows: Sequence[tuple[int, float]],
    k: int,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return passages (ascending) holding the k best, with full scores; None: sum them all.

    ``rows`` are (row, count) pairs in the query's order, each row non-empty.  None when
    pruning would not pay (see _SEARCH_COST), and when a weight is not positive (a negative
    idf floor), as the floor then proves nothing.
    """
    indptr = weights.indptr
    sizes = [int(indptr[row + 1] - indptr[row]) for row, _ in rows]
    if k <= 0 or len(rows) < 2 or any(extremes(row)[0] <= 0 for row, _ in rows):
        return None
    ceilings = [float(weighted(np.array([extremes(row)[1]], np.float32), c)[0]) for row, c in rows]
    rarest = sorted(range(len(rows)), key=sizes.__getitem__)
    for taken in range(1, len(rows)):
        rare = sorted(rarest[:taken])  # in the query's order
        rest = sum(ceilings[i] for i in rarest[taken:])
        if rest >= sum(ceilings[i] for i in rare):
            continue  # no floor the rare terms can reach would beat the others' ceiling
        others = sum(sizes[i] for i in rarest[taken:])
        if sizes[rarest[taken - 1]] * len(rows) * _SEARCH_COST >= others:
            return None  # more terms would only make more candidates and fewer others
        passages = sorted_union([_postings(weights, rows[i][0]) for i in rare])
        if passages.size * len(rows) * _SEARCH_COST >= others:
            return None
        if passages.size < k:
            continue
        partial = _sums(weights, [rows[i] for i in rare], passages)
        floor = np.partition(partial, partial.size - k)[partial.size - k]
        if rest * (1 + _MARGIN) < floor:
            return passages.astype(np.intp), _sums(weights, rows, passages)
    return None


def _postings(weights: Postings, row: int) -> np.ndarray:
    """The passages of a row (sorted)."""
    return weights.indices[weights.indptr[row] : weights.indptr[row + 1]]


def _sums(weights: Postings, rows: Sequence[tuple[int, float]], passages: np.ndarray) -> np.ndarray:
    """Sum the rows' weights at the sorted ``passages``, row by row in the given order."""
    total = np.zeros(passages.size)
    for row, count in rows:
        total += weighted(weights_at(weights, row, passages), count)
    return total


def weights_at(weights: Postings, row: int, passages: np.ndarray) -> np.ndarray:
    """A row's float32 weight at each of the sorted ``passages`` (0 where it is absent)."""
    start = int(weights.indptr[row])
    holding = _postings(weights, row)
    at = np.minimum(np.searchsorted(holding, passages), holding.size - 1)
    present = holding[at] == passages
    values = np.zeros(passages.size, dtype=np.float32)
    values[present] = weights.data[start + at[present]]
    return values
