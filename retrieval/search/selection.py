"""Picking the best of scored passages: the k best, or the best passage of the best articles.

Ties go to the lower passage number, as a full stable sort would, so results do not depend on
the candidates' order; nothing is fully sorted but the few passages at the top.
"""

from __future__ import annotations

import numpy as np

# How many passages the first top-k pass keeps per wanted article (more if they repeat).
OVERSAMPLE = 4
MIN_TAKE = 32
# Selecting the k best of many scores looks at run maxima first: k × this many runs, each at
# least _MIN_BLOCK scores long (shorter runs save too little to pay for the extra passes).
_BLOCKS_PER_K = 16
_MIN_BLOCK = 16


def top_articles(
    passages: np.ndarray | None, scores: np.ndarray, passage_article: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the best passage of each of the ``limit`` best articles, and its score.

    Best first; equal scores go to the lower passage number, as a full stable sort would.
    Only the top few passages are sorted: all passages scoring at least the k-th best are
    kept (ties included), so an article's best passage is never cut while a worse one of
    it stays.  ``passages`` None: ``scores`` is dense, one per passage, and the passages
    found are those scoring above 0 (the same result as passing just those, found more
    cheaply than by listing them).
    """
    size = scores.size if passages is None else passages.size
    take = min(size, max(OVERSAMPLE * limit, MIN_TAKE))
    while size:
        keep = at_least_kth(scores, take)
        if passages is None:
            chosen = np.arange(size)[keep] if isinstance(keep, slice) else keep
            values = scores[chosen]
            found = values > 0
            done = not found.all() or chosen.size == size  # every passage found is in
            chosen, values = chosen[found], values[found]
        else:
            chosen, values = passages[keep], scores[keep]
            done = chosen.size == size
        order = np.lexsort((chosen, -values))
        chosen, values = chosen[order], values[order]
        _, first = np.unique(passage_article[chosen], return_index=True)
        first.sort()
        if first.size >= limit or done:
            return chosen[first[:limit]], values[first[:limit]]
        take = min(size, take * OVERSAMPLE)
    return (np.empty(0, dtype=np.intp) if passages is None else passages), scores[:0]


def top_passages(passages: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Return the ``k`` best passages, best first, ties to the lower passage number."""
    keep = at_least_kth(scores, min(k, passages.size))
    chosen, values = passages[keep], scores[keep]
    return chosen[np.lexsort((chosen, -values))][:k]


def at_least_kth(scores: np.ndarray, k: int) -> np.ndarray | slice:
    """Select the scores at least as high as the k-th highest (all of them when k covers).

    Over many scores, a floor under the k-th highest is found first: cut the scores into
    ``k × _BLOCKS_PER_K`` runs, and the k-th highest run maximum is at most the k-th highest
    score (k runs each hold a score that high).  Only the scores above the floor, usually a
    few dozen, are partitioned; the selection is the same as partitioning them all.
    """
    if k >= scores.size or k <= 0:
        return slice(None)
    near: np.ndarray | None = None
    blocks = k * _BLOCKS_PER_K
    width = scores.size // blocks
    if width >= _MIN_BLOCK:
        maxima = scores[: blocks * width].reshape(blocks, width).max(axis=1)
        floor = np.partition(maxima, blocks - k)[blocks - k]
        near = np.flatnonzero(scores >= floor)
        scores = scores[near]
    kth = np.partition(scores, scores.size - k)[scores.size - k]
    chosen = np.flatnonzero(scores >= kth)
    return chosen if near is None else near[chosen]


def sorted_union(runs: list[np.ndarray]) -> np.ndarray:
    """The sorted union of sorted runs of distinct values (the run itself when alone).

    One sort of the runs end to end: repeated ``np.union1d`` hashes every value again per
    run, which cost seconds a question at a million passages.
    """
    if len(runs) == 1:
        return runs[0]
    every = np.sort(np.concatenate(runs))
    keep = np.ones(every.size, dtype=bool)  # sized by the values: no runs hold none
    keep[1:] = every[1:] != every[:-1]
    return every[keep]
