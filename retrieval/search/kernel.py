"""The query-time scoring kernel: sum a query's postings, pick the best article passages.

Scores are one ``bincount`` over the concatenated postings of the query's terms (cast to
what bincount takes while concatenating).  The best passages are picked by selection.py
without sorting every candidate, ties to the lower passage number; ``best`` (the k best
passages alone, what the peers return) first tries MaxScore pruning (maxscore.py).  The
coverage rule (see ``retrieval/search/index.py``) is checked only for the best articles
first, by binary search of each query term's sorted postings within the article's passage
range; for many candidate articles, by marking the articles of each term's postings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.search.maxscore import Extremes, best_candidates, weighted
from retrieval.search.selection import (
    MIN_TAKE,
    OVERSAMPLE,
    at_least_kth,
    top_articles,
    top_passages,
)
from retrieval.search.tables import Postings

__all__ = ["Kernel", "Token", "top_articles", "top_passages"]

# Past this many best articles probed one by one, the coverage rule is worked out for all.
_PROBE_MAX = 1024
# Merge the postings sorted while they number under the passages / this, else sum densely:
# benchmarks/kernel.py found the dense sum faster at a median question's 29k postings of
# 100k passages and 291k of 1M (0.78 vs 1.47 ms, 97 vs 145 ms p50, busy machine), the merge
# several times faster for a few thousand postings.
_DENSE_SHARE = 8
# A question with variants is merged over whole-corpus arrays (SearchIndex._expanded_dense)
# once its own postings reach the passages / this: each variant then costs several passes
# over every passage, which pays only against long candidate lists (benchmarks/README.md).
_EXPANDED_SHARE = 2
# The coverage rule binary-searches a term's postings per article while the postings
# outnumber the articles this many times over, else marks the postings' articles.
_SEARCH_SHARE = 16
# ``best`` merges a question's postings while they number under the passages / this: from
# there on pruning or the dense sum and its run maxima cost less (benchmarks/kernel.py).
_MERGE_SHARE = 64


@dataclass(frozen=True, slots=True)
class Token:
    """A query token for the coverage rule: its information, its row, its bigrams' rows."""

    info: float
    row: int | None  # None: not in the vocabulary
    subword_rows: tuple[int | None, ...]


class Kernel:
    """Scores and per-article coverage straight from the CSR postings of a weight matrix."""

    def __init__(self, weights: Postings, passage_article: np.ndarray, articles: int) -> None:
        # Plain views of the cache's memory maps: a np.memmap runs Python code on every
        # slice, dozens per question.  Nothing is read or copied here.
        weights = Postings(*(np.asarray(array) for array in weights))
        self._indptr = weights.indptr
        self._indices = weights.indices
        self._data = weights.data
        self._article = np.asarray(passage_article)
        self._shape = (int(passage_article.shape[0]), articles)
        self._first: np.ndarray | None = None  # per article: its first passage (lazy)
        self._weights = weights
        self._extremes = Extremes(weights)

    @property
    def weights(self) -> Postings:
        """The weight matrix's CSR arrays (plain views of the cache's maps)."""
        return self._weights

    @property
    def extremes(self) -> Extremes:
        """Each row's smallest and largest weight (worked out on first use)."""
        return self._extremes

    @property
    def passage_article(self) -> np.ndarray:
        """Per passage: the position of its article."""
        return self._article

    @property
    def passages(self) -> int:
        """How many passages are scored."""
        return self._shape[0]

    @property
    def _every_article(self) -> np.ndarray:
        """Every article's position, ascending."""
        return np.arange(self._shape[1])

    @property
    def _starts(self) -> np.ndarray:
        """Each article's first passage, and the passage count at the end (built once)."""
        if self._first is None:
            sizes = np.bincount(self._article, minlength=self._shape[1])
            self._first = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        return self._first

    def postings(self, row: int) -> np.ndarray:
        """Return the passages holding the term of ``row`` (sorted)."""
        return self._indices[self._indptr[row] : self._indptr[row + 1]]

    def score(self, rows: Sequence[tuple[int, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Return the passages holding any (row, count) term, ascending, and their summed weights.

        Each term adds ``count`` × its weight (rank-bm25 sums a repeated query word once per
        repetition; the float32 products are the same).  Only the terms' postings are read:
        a stable sort of their concatenation (a merge of already sorted runs) groups each
        passage's weights in query order, and a ``bincount`` over the passages found sums them
        in that order (the same sums, bit for bit, as the dense way), so
        nothing the size of the corpus is allocated.  When the postings cover a good share
        of all passages, one dense ``bincount`` is cheaper and sums in the same order.
        """
        spans = self._spans(rows)
        if not spans:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.float64)
        if len(spans) == 1:  # one term: its postings are the answer
            a, b, c = spans[0]
            return self._indices[a:b].astype(np.intp), weighted(self._data[a:b], c)
        postings, weights = self._concatenated(spans)
        if postings.size * _DENSE_SHARE < self._shape[0]:
            order = np.argsort(postings, kind="stable")
            postings = postings[order]
            first = np.concatenate(([True], postings[1:] != postings[:-1]))
            slot = np.cumsum(first) - 1
            return postings[first], np.bincount(slot, weights=weights[order])
        scores = np.bincount(postings, weights=weights, minlength=self._shape[0])
        if weights.min() > 0:  # the usual case: a passage is hit exactly when its sum is > 0
            found = np.flatnonzero(scores > 0)
        else:  # a negative idf floor: a hit may sum to 0 or below
            hit = np.zeros(self._shape[0], dtype=bool)
            hit[postings] = True
            found = np.flatnonzero(hit)
        return found, scores[found]

    def many_postings(self, rows: Sequence[tuple[int, float]]) -> bool:
        """Whether the terms' postings are enough for ``SearchIndex._expanded_dense``, and
        ``dense`` would sum them (two terms or more, every weight positive)."""
        spans = self._spans(rows)
        total = sum(b - a for a, b, _ in spans)
        return (
            len(spans) >= 2
            and total * _EXPANDED_SHARE >= self._shape[0]
            and total * _DENSE_SHARE >= self._shape[0]
            and all(
                self._extremes(r)[0] > 0 for r, _ in rows if self._indptr[r + 1] > self._indptr[r]
            )
        )

    def dense(self, rows: Sequence[tuple[int, float]]) -> np.ndarray | None:
        """Every passage's summed weight for (row, count) terms, when that is the cheap way.

        The same sums as ``score`` at every passage it returns (0 elsewhere), without
        listing the passages found, which costs more than the sums at a million passages.
        None when the postings are few (``score`` merges them) or a weight is not positive
        (a passage found is then not told by its sum).
        """
        spans = self._spans(rows)
        if len(spans) < 2 or sum(b - a for a, b, _ in spans) * _DENSE_SHARE < self._shape[0]:
            return None
        postings, weights = self._concatenated(spans)
        if weights.min() <= 0:
            return None
        return np.bincount(postings, weights=weights, minlength=self._shape[0])

    def sums(self, rows: Sequence[tuple[int, float]]) -> np.ndarray | None:
        """``score``'s sums spread over every passage (0: not found), however they are summed.

        None when a passage found may sum to 0 or below (a negative idf floor): 0 would
        then not tell it from a passage not found.
        """
        dense = self.dense(rows)
        if dense is not None:
            return dense
        passages, values = self.score(rows)
        if values.size and values.min() <= 0:
            return None
        spread = np.zeros(self._shape[0])
        spread[passages] = values
        return spread

    def sums_many(self, scorings: Sequence[Sequence[tuple[int, float]]]) -> list[np.ndarray | None]:
        """``sums`` for each list of (row, count) terms, the terms lists begin with alike summed
        once (a question and its variants differ in a word or two).

        A passage's sum adds its terms in order from 0, so the sum of a shared beginning plus
        each further term's weights, added one term at a time, is the same float, bit for bit.
        """
        known = [
            [(r, c) for r, c in rows if self._indptr[r + 1] > self._indptr[r]] for rows in scorings
        ]
        begun: dict[tuple[tuple[int, float], ...], np.ndarray] = {}
        found: list[np.ndarray | None] = []
        for i, rows in enumerate(known):
            shared = max(
                (_common(rows, other) for j, other in enumerate(known) if j != i), default=0
            )
            if shared < 2 or any(self._extremes(r)[0] <= 0 for r, _ in rows):
                found.append(self.sums(rows))
                continue
            key = tuple(rows[:shared])
            if key not in begun:
                postings, weights = self._concatenated(self._spans(key))
                begun[key] = np.bincount(postings, weights=weights, minlength=self._shape[0])
            total = begun[key] if shared == len(rows) else begun[key].copy()
            for row, count in rows[shared:]:
                a, b = int(self._indptr[row]), int(self._indptr[row + 1])
                total[self._indices[a:b]] += weighted(self._data[a:b], count)  # distinct passages
            found.append(total)
        return found

    def relevant_dense(
        self,
        sums: np.ndarray,
        tokens: Sequence[Token],
        share: float,
        memo: dict[int | None, np.ndarray] | None = None,
    ) -> np.ndarray:
        """``relevant`` for dense sums: mask every passage found whose article passes the rule.

        ``memo``: as for ``covering``, over every article.
        """
        passing = self.covering(self._every_article, tokens, share, memo)
        return np.asarray(passing[self._article] & (sums > 0))

    def best(self, rows: Sequence[tuple[int, float]], k: int) -> np.ndarray:
        """Return the ``k`` best passages for (row, count) terms, best first (``top_passages``).

        The same passages as ranking every ``score``, found more cheaply: when a question's
        frequent terms cannot lift a passage into the top k, only its rare terms' passages
        are scored (maxscore.py); else the k best are picked straight from the dense sums.
        """
        spans = self._spans(rows)
        if sum(b - a for a, b, _ in spans) * _MERGE_SHARE < self._shape[0] or k <= 0:
            return top_passages(*self.score(rows), k)  # few postings: merge them all
        known = [(r, c) for r, c in rows if self._indptr[r + 1] > self._indptr[r]]
        pruned = best_candidates(self._weights, self._extremes, known, k)
        if pruned is not None:
            return top_passages(*pruned, k)
        postings, weights = self._concatenated(spans)
        if weights.min() <= 0:  # a negative idf floor: hits are not told by their sums
            return top_passages(*self.score(rows), k)
        scores = np.bincount(postings, weights=weights, minlength=self._shape[0])
        keep = at_least_kth(scores, k)
        chosen = np.flatnonzero(scores > 0) if isinstance(keep, slice) else keep
        chosen = chosen[scores[chosen] > 0]
        return chosen[np.lexsort((chosen, -scores[chosen]))][:k]

    def _spans(self, rows: Sequence[tuple[int, float]]) -> list[tuple[int, int, float]]:
        """Each known term's postings range and count, empty rows left out, in query order."""
        spans = [(int(self._indptr[r]), int(self._indptr[r + 1]), c) for r, c in rows]
        return [(a, b, c) for a, b, c in spans if b > a]

    def _concatenated(self, spans: Sequence[tuple[int, int, float]]) -> tuple[np.ndarray, ...]:
        """The terms' postings end to end, and their weights times their counts.

        Left float32 (the values ``weighted`` gives, before its exact cast): ``bincount``
        casts them to float64 anyway, so one copy fewer.
        """
        postings = np.concatenate([self._indices[a:b] for a, b, _ in spans], dtype=np.intp)
        weights = np.concatenate(
            [self._data[a:b] * c if c != 1 else self._data[a:b] for a, b, c in spans]
        )
        return postings, weights

    def relevant(self, passages: np.ndarray, tokens: Sequence[Token], share: float) -> np.ndarray:
        """Mask the (sorted) passages whose article passes the coverage rule of ``covering``."""
        owners = self._article[passages]
        if owners.size == 0:
            return np.zeros(0, dtype=bool)
        first = np.concatenate(([True], owners[1:] != owners[:-1]))
        articles = owners[first]
        passing = self.covering(articles, tokens, share)
        return passing[np.cumsum(first) - 1]

    def top_relevant(
        self,
        passages: np.ndarray | None,
        scores: np.ndarray,
        tokens: Sequence[Token],
        share: float,
        limit: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """``top_articles`` over the articles that pass the coverage rule (see ``relevant``).

        The best articles are taken first and only they are checked, a few postings probes
        each; the rule is applied to every candidate only when many best articles fail it.
        ``passages`` None: ``scores`` are dense (``dense``).
        """
        want = max(2 * limit, MIN_TAKE)
        while want <= _PROBE_MAX:
            best, values = top_articles(passages, scores, self._article, want)
            keep = self.covering(self._article[best], tokens, share)
            if np.count_nonzero(keep) >= limit or best.size < want:
                return best[keep][:limit], values[keep][:limit]
            want *= OVERSAMPLE
        if passages is None:
            passages = np.flatnonzero(scores > 0)
            scores = scores[passages]
        keep = self.relevant(passages, tokens, share)
        return top_articles(passages[keep], scores[keep], self._article, limit)

    def covering(
        self,
        articles: np.ndarray,
        tokens: Sequence[Token],
        share: float,
        memo: dict[int | None, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Mask the ``articles`` whose tokens carry ``share`` of the tokens' information.

        A token is present in an article when the token, or every one of its bigrams, is.
        ``memo`` keeps each row's mask over these same ``articles`` for the next call (a
        question's variants share most of their words).
        """
        memo = {} if memo is None else memo
        total = sum(token.info for token in tokens)
        covered = np.zeros(articles.size, dtype=np.float64)
        starts, ends = self._starts[articles], self._starts[articles + 1]

        def holds(row: int | None) -> np.ndarray:
            if row not in memo:
                memo[row] = self._holds(row, articles, starts, ends)
            return memo[row]

        for token in tokens:
            if token.info > 0:
                present = holds(token.row)
                if token.subword_rows:
                    present = present | np.logical_and.reduce(
                        [holds(r) for r in token.subword_rows]
                    )
                covered += present * token.info
        return np.asarray(covered >= share * total - 1e-9)

    def _holds(
        self, row: int | None, articles: np.ndarray, starts: np.ndarray, ends: np.ndarray
    ) -> np.ndarray:
        """Mask the ``articles`` (passage ranges [start, end)) holding the term of ``row``.

        Few articles against many postings (the best articles probed first): a binary
        search of the term's sorted postings per article.  Else the postings' own articles
        are marked in one pass, which is several times cheaper than as many binary searches
        (2.2 → 0.7 ms a question for every candidate article at 100k passages).
        """
        postings = self.postings(row) if row is not None else _NONE
        if postings.size == 0:
            return np.zeros(articles.size, dtype=bool)
        if postings.size > _SEARCH_SHARE * articles.size:
            at = np.searchsorted(postings, starts.astype(postings.dtype))  # no copy of postings
            return (at < postings.size) & (postings[np.minimum(at, postings.size - 1)] < ends)
        marked = np.zeros(self._shape[1], dtype=bool)
        marked[self._article[postings]] = True
        return marked[articles]


_NONE = np.empty(0, dtype=np.int32)


def _common(one: Sequence[tuple[int, float]], other: Sequence[tuple[int, float]]) -> int:
    """How many terms two term lists begin with alike."""
    shared = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        shared += 1
    return shared
