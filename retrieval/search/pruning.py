"""The best relevant articles without summing a question's frequent terms everywhere.

``SearchIndex`` ranks articles by their best passage's score, merged over the question and
its variants (see ``SearchIndex._expanded``), among the articles that pass the coverage rule.
A question's frequent words (工作, 会议, 召开) own most of its postings at a million passages
but weigh little each, so MaxScore applies at the article level too:

1. The terms rarer than a size threshold are the *rare* ones.  Their postings, merged, are
   the candidate passages, each with a partial sum per scoring (question or variant).
   Weights being positive, a passage holding no rare term of a scoring scores at most the
   sum of that scoring's other terms' largest weights: its *rest*.
2. A floor under the ``limit``-th best article's score: the candidates with the highest
   bounds are scored in full, their articles put through the coverage rule, and the
   ``limit``-th best article among them is a score that many articles really reach (a
   variant's cap is taken at its lowest possible value here, so the floor never overshoots).
3. When every scoring's rest is below the floor, a passage outside the candidates can
   neither enter the top nor tie with it; nor can a candidate whose partial sum plus rest
   stays below the floor.  Only the candidates left are scored in full (binary search of
   each term's sorted postings), checked for coverage and ranked, exactly as ranking every
   passage would.  Otherwise the threshold rises (more rare terms, a lower rest) while the
   rare postings stay few; past that, the caller sums everything.

Full scores are summed term by term in the scoring's order from 0, as ``bincount`` sums
concatenated postings, so they are the same floats, bit for bit, and ties fall alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from retrieval.search.maxscore import weighted, weights_at
from retrieval.search.selection import MIN_TAKE, OVERSAMPLE, top_articles

if TYPE_CHECKING:
    from retrieval.search.kernel import Kernel, Token

# The rare terms' postings are merged while they number under the passages / this: past it,
# merging them and sampling a floor cost about what summing everything does.  Pruning is
# not tried at all unless the rarest term's postings are under half as many.
RARE_SHARE = 8
# Pruning is tried for questions whose scorings' postings reach the passages / this: below,
# summing them all costs a few milliseconds at most (a question with variants counts its
# postings _MERGED times: its sorted candidate lists are merged and searched once more).
GATE_SHARE = 2.5
_MERGED = 3
# Scoring the candidates left costs a binary search per term each (~50 ns, ten postings
# summed): worth it while candidates × terms × this stays under the scorings' postings.
_SEARCH_COST = 12
# The other ways read every posting, several times over for the sorted merges of a question
# and its variants: pruning is taken unless it costs more than this many times that.
_WORTH = 2
# Once pruning is proved safe, the threshold is raised at most this many times more.
_RAISES = 2
# Bounds are sums of float64 values added in another order than a passage's own sum.
_MARGIN = 1e-9
# The floor is looked for among at most this many of the candidates with the highest bounds.
_SAMPLE_MAX = 4096


@dataclass(frozen=True, slots=True)
class Scoring:
    """One way a question is scored: its (row, count) terms in order and its tokens."""

    rows: Sequence[tuple[int, float]]
    tokens: Sequence[Token]


@dataclass(frozen=True, slots=True)
class _Scored:
    """Passages scored in full: the ones the merge keeps, their scores, the exact ones' best."""

    passages: np.ndarray
    scores: np.ndarray
    exact_best: float | None  # the question's own best score among its relevant passages


def top_relevant(
    kern: Kernel,
    scorings: Sequence[Scoring],
    *,
    allowed: np.ndarray | None,
    share: float,
    cap_weight: float,
    limit: int,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The best passage of each of the ``limit`` best relevant articles, and its score.

    ``scorings[0]`` is the question, the rest its variants (scores capped at ``cap_weight``
    of the question's best where the question's own words are not relevant); ``allowed``
    masks the articles the filters keep.  The same as ``top_articles`` over the merged
    scores of every passage (``SearchIndex._expanded``), or None when pruning would not pay
    or cannot be proved safe: the caller then sums every posting.
    """
    if limit <= 0 or not worth_trying(kern, [s.rows for s in scorings]):
        return None
    sizes = _sizes(kern, [s.rows for s in scorings])
    # What summing every scoring's postings reads: pruning must cost less.
    everything = sum(sizes.get(row, 0) for s in scorings for row, _ in s.rows)
    budget = kern.passages // RARE_SHARE
    scorings = [Scoring([(r, c) for r, c in s.rows if r in sizes], s.tokens) for s in scorings]
    ceilings = [{row: _ceiling(kern, row, count) for row, count in s.rows} for s in scorings]
    thresholds = sorted(set(sizes.values()))
    floor, plan, raised = -np.inf, None, 0
    at = 0
    while at < len(thresholds) and raised <= _RAISES:
        rare = [row for row, size in sizes.items() if size <= thresholds[at]]
        merged = sum(sizes[row] for row in rare)
        if merged > budget:
            break
        passages, bounds = _candidates(kern, rare, scorings, ceilings)
        rest = _rest(ceilings, thresholds[at], sizes)
        if rest * (1 + _MARGIN) >= floor:  # a higher floor may yet be found here
            floor = max(
                floor,
                _floor(
                    kern,
                    scorings,
                    passages,
                    bounds,
                    allowed=allowed,
                    share=share,
                    cap_weight=cap_weight,
                    limit=limit,
                ),
            )
        if rest * (1 + _MARGIN) < floor or rest == 0:  # 0: every passage found is here
            left = passages[bounds * (1 + _MARGIN) >= floor]
            cost = merged + left.size * len(sizes) * _SEARCH_COST
            if plan is None or cost < plan[1]:
                plan = (left, cost)
            at, raised = at + 1, raised + 1  # more rare terms: lower bounds, fewer left
            continue
        later = [
            i
            for i in range(at + 1, len(thresholds))
            if _rest(ceilings, thresholds[i], sizes) * (1 + _MARGIN) < floor
            or i == len(thresholds) - 1  # every row rare: nothing found is left out
        ]
        if not later:
            break
        at = later[0]
    if plan is None or plan[1] >= _WORTH * everything:
        return None
    left = plan[0]
    scored = _score(
        kern, scorings, left, allowed=allowed, share=share, cap_weight=cap_weight, floor=floor
    )
    if scored is None:
        return None
    best, values = top_articles(scored.passages, scored.scores, kern.passage_article, limit)
    return best.astype(np.intp), values


def worth_trying(kern: Kernel, scorings: Sequence[Sequence[tuple[int, float]]]) -> bool:
    """Whether pruning may pay for a question's (row, count) lists, the question's first.

    Its postings must be many (see GATE_SHARE), its rarest term rare (see RARE_SHARE) and
    every weight positive (a negative idf floor makes a bound prove nothing).
    """
    sizes = _sizes(kern, scorings)
    everything = sum(sizes.get(row, 0) for rows in scorings for row, _ in rows)
    merged = _MERGED if len(scorings) > 1 else 1
    return (
        bool(sizes)
        and everything * merged * GATE_SHARE >= kern.passages
        and min(sizes.values()) * 2 * RARE_SHARE <= kern.passages
        and all(kern.extremes(row)[0] > 0 for row in sizes)
    )


def _sizes(kern: Kernel, scorings: Sequence[Sequence[tuple[int, float]]]) -> dict[int, int]:
    """Each row's postings count, rows without postings left out."""
    indptr = kern.weights.indptr
    sizes = {row: int(indptr[row + 1] - indptr[row]) for rows in scorings for row, _ in rows}
    return {row: size for row, size in sizes.items() if size}


def _ceiling(kern: Kernel, row: int, count: float) -> float:
    """The largest weight a term adds to a passage, asked ``count`` times."""
    largest = np.array([kern.extremes(row)[1]], dtype=np.float32)
    return float(weighted(largest, count)[0])


def _rest(ceilings: Sequence[dict[int, float]], threshold: int, sizes: dict[int, int]) -> float:
    """The most a passage holding no term of ``threshold`` postings or fewer can score."""
    return max(
        sum(c for row, c in ceiling.items() if sizes[row] > threshold) for ceiling in ceilings
    )


def _candidates(
    kern: Kernel,
    rare: Sequence[int],
    scorings: Sequence[Scoring],
    ceilings: Sequence[dict[int, float]],
) -> tuple[np.ndarray, np.ndarray]:
    """The passages holding a ``rare`` term (ascending) and the most each can score.

    A passage's bound, per scoring, is its rare terms' weights plus the other terms' largest
    weights; its bound is the highest over the scorings.
    """
    ranges = [(int(kern.weights.indptr[r]), int(kern.weights.indptr[r + 1])) for r in rare]
    found = np.concatenate([kern.weights.indices[a:b] for a, b in ranges])
    data = np.concatenate([kern.weights.data[a:b] for a, b in ranges])
    term = np.repeat(np.arange(len(rare)), [b - a for a, b in ranges])
    order = np.argsort(found, kind="stable")
    found = found[order]
    first = np.ones(found.size, dtype=bool)
    first[1:] = found[1:] != found[:-1]
    slot = np.cumsum(first) - 1
    passages = found[first]
    data, term = data[order], term[order]
    bounds = np.full(passages.size, -np.inf)
    merged = set(rare)
    for scoring, ceiling in zip(scorings, ceilings, strict=True):
        counts = dict(scoring.rows)
        # float32 products, as ``weighted`` makes them: a float64 product may be lower
        factor = np.array([counts.get(r, 0.0) for r in rare], dtype=np.float32)
        rest = sum(c for row, c in ceiling.items() if row not in merged)
        partial = np.bincount(slot, weights=data * factor[term], minlength=passages.size)
        np.maximum(bounds, partial + rest, out=bounds)
    return passages, bounds


def _floor(
    kern: Kernel,
    scorings: Sequence[Scoring],
    passages: np.ndarray,
    bounds: np.ndarray,
    *,
    allowed: np.ndarray | None,
    share: float,
    cap_weight: float,
    limit: int,
) -> float:
    """A score that ``limit`` relevant articles reach, from the most promising candidates.

    -inf when the candidates looked at hold fewer relevant articles.
    """
    take = max(OVERSAMPLE * limit, MIN_TAKE)
    while True:
        take = min(take, passages.size)
        chosen = (
            np.sort(np.argpartition(-bounds, take - 1)[:take]) if take < passages.size else None
        )
        sample = passages if chosen is None else passages[chosen]
        scored = _score(kern, scorings, sample, allowed=allowed, share=share, cap_weight=cap_weight)
        assert scored is not None  # only the final scoring gives up
        best = _article_bests(kern, scored)
        if best.size >= limit:
            return float(np.partition(best, best.size - limit)[best.size - limit])
        if take >= min(passages.size, _SAMPLE_MAX):
            return -np.inf
        take = min(take * OVERSAMPLE, _SAMPLE_MAX)


def _article_bests(kern: Kernel, scored: _Scored) -> np.ndarray:
    """Each article's best score among the scored passages."""
    owners = kern.passage_article[scored.passages]
    order = np.lexsort((-scored.scores, owners))
    owners, values = owners[order], scored.scores[order]
    first = np.ones(owners.size, dtype=bool)
    first[1:] = owners[1:] != owners[:-1]
    return values[first]


def _score(
    kern: Kernel,
    scorings: Sequence[Scoring],
    passages: np.ndarray,
    *,
    allowed: np.ndarray | None,
    share: float,
    cap_weight: float,
    floor: float | None = None,
) -> _Scored | None:
    """Score the sorted ``passages`` in full and merge the scorings as the search does.

    With a ``floor`` (every passage left out scores below it), the variants' cap must be
    the real one: the question's best relevant passage must be among these, which it is
    when that best reaches the floor (None when it does not).  Without, the cap is taken
    at the least it can be, which only lowers scores.
    """
    passages, found = _weights_by_row(kern, scorings, passages, floor)
    sums = []
    for scoring in scorings:
        total = np.zeros(passages.size)
        for row, count in scoring.rows:  # in the scoring's order: the same float sums
            total += weighted(found[row], count)
        sums.append(total)
    owners = kern.passage_article[passages]
    articles, where = np.unique(owners, return_inverse=True)
    ok = np.ones(passages.size, dtype=bool) if allowed is None else allowed[owners]
    memo: dict[int | None, np.ndarray] = {}
    relevant = [
        kern.covering(articles, s.tokens, share, memo)[where] & (total > 0) & ok
        for s, total in zip(scorings, sums, strict=True)
    ]
    exact = relevant[0]
    best = float(sums[0][exact].max()) if exact.any() else None
    scores, union = sums[0], exact.copy()
    if len(scorings) > 1:
        if floor is not None and best is None and floor == -np.inf:
            best = np.inf  # every passage found is here, and none is the question's own
        elif floor is not None and (best is None or best < floor):
            return None
        cap = cap_weight * best if best is not None else 0.0
        for more, keep in zip(sums[1:], relevant[1:], strict=True):
            union |= keep
            scores = np.where(
                exact, np.maximum(scores, more), np.maximum(scores, np.minimum(more, cap))
            )
    return _Scored(passages[union], scores[union], best)


def _weights_by_row(
    kern: Kernel, scorings: Sequence[Scoring], passages: np.ndarray, floor: float | None
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """The passages kept and each row's weights at them; with a ``floor``, the passages that
    cannot reach it are dropped as soon as the rows looked up tell.

    Rows are looked up heaviest first: a passage's bound, per scoring, is what its rows
    looked up add plus the largest weights of the others.
    """
    rows = {row for s in scorings for row, _ in s.rows}
    if floor is None:
        return passages, {row: weights_at(kern.weights, row, passages) for row in rows}
    counts = [dict(s.rows) for s in scorings]
    ceilings = [{row: _ceiling(kern, row, c) for row, c in s.rows} for s in scorings]
    partial = [np.zeros(passages.size) for _ in scorings]
    rest = [sum(c.values()) for c in ceilings]
    found: dict[int, np.ndarray] = {}
    for row in sorted(rows, key=lambda r: -max(c.get(r, 0.0) for c in ceilings)):
        weights = weights_at(kern.weights, row, passages)
        found[row] = weights
        bound = np.full(passages.size, -np.inf)
        for i, count in enumerate(counts):
            if row in count:
                partial[i] += weighted(weights, count[row])
                rest[i] -= ceilings[i][row]
            np.maximum(bound, partial[i] + rest[i], out=bound)
        keep = bound * (1 + _MARGIN) >= floor
        if not keep.all():
            passages = passages[keep]
            partial = [p[keep] for p in partial]
            found = {r: w[keep] for r, w in found.items()}
    return passages, found
