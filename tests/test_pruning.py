"""MaxScore over articles finds the same hits, scores and order as summing every posting.

Pruning (retrieval/search/pruning.py) is tried only for questions with many postings and
taken only where it pays, so on small corpora it is forced here: every question of the
benchmark, the held-out set and the public set is searched with pruning off and forced on,
over the seeds and over a scale corpus full of repeated paragraphs (ties at the top), with
and without a period filter and at several limits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from benchmarks.scale import build_scale_corpus
from retrieval.engine import Engine
from retrieval.search import kernel, pruning
from retrieval.search.index import SearchIndex
from retrieval.search.kernel import Kernel, Token
from retrieval.search.tables import Postings
from tests.test_dense_search import questions

FILTERS = [{}, {"date_from": dt.date(2021, 1, 1), "date_to": dt.date(2021, 12, 31)}]


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Engine:
    """An engine over 3,000 generated paragraphs: the seeds' paragraphs, many times over."""
    folder = tmp_path_factory.mktemp("scaled")
    build_scale_corpus(seeds_dir, 3_000, 5, folder / "corpus")
    return Engine.open(folder / "corpus", folder / "cache")


def searched(index: SearchIndex, limit: int, **filters: object) -> Iterator[tuple[str, list]]:
    for question in questions():
        found = index.search(question, limit=limit, **filters)  # type: ignore[arg-type]
        yield question, [(h.article.article_id, h.passage.index, h.score) for h in found]


@pytest.mark.parametrize("which", ["seeds", "scaled"])
@pytest.mark.parametrize("filters", FILTERS, ids=["all", "2021"])
@pytest.mark.parametrize("limit", [1, 3, 10])
def test_pruned_search_finds_what_summing_everything_finds(
    which: str,
    filters: dict[str, object],
    limit: int,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = request.getfixturevalue("engine" if which == "seeds" else "scaled").index
    monkeypatch.setattr(pruning, "GATE_SHARE", 0)  # never tried
    expected = dict(searched(index, limit, **filters))
    monkeypatch.setattr(pruning, "GATE_SHARE", 10**9)  # tried for every question...
    monkeypatch.setattr(pruning, "RARE_SHARE", 1)  # ...with any rare terms...
    monkeypatch.setattr(pruning, "_WORTH", 10**9)  # ...and taken wherever it is safe
    taken = []
    real = pruning.top_relevant

    def spy(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        taken.append(result is not None)
        return result

    monkeypatch.setattr(pruning, "top_relevant", spy)
    for question, found in searched(index, limit, **filters):
        assert found == expected[question], question
    assert sum(taken) >= len(taken) // 3  # pruning did answer many of them
    assert sum(1 for found in expected.values() if found) > 50


def test_pruning_is_left_for_few_postings(engine: Engine) -> None:
    """Without forcing, a small corpus's questions are summed the usual way."""
    index = engine.index
    for question in questions()[:20]:
        groups = index.segmenter.query_groups(question)
        if groups:
            assert index._pruned(groups, [], None, 10) is None, question


def matrix(seed: int, passages: int = 3_000) -> tuple[Postings, np.ndarray]:
    """Terms × passages with repeated weights (ties) and passages grouped into articles."""
    rng = np.random.default_rng(seed)
    rows = []
    for share in [0.003, 0.01, 0.02, 0.1, 0.4, 0.7, 0.9]:
        present = rng.random(passages) < share
        weights = rng.integers(1, 4, passages) * (1.6 - share)
        rows.append(np.where(present, weights, 0.0).astype(np.float32))
    dense = np.array(rows)
    indptr, indices, data = [0], [], []
    for row in dense:
        found = np.flatnonzero(row)
        indices.append(found.astype(np.int32))
        data.append(row[found])
        indptr.append(indptr[-1] + found.size)
    sizes = rng.integers(1, 8, passages)
    article = np.repeat(np.arange(sizes.size), sizes)[:passages].astype(np.int32)
    return (
        Postings(np.array(indptr, np.int64), np.concatenate(indices), np.concatenate(data)),
        article,
    )


def reference(
    k: Kernel, scorings: list[pruning.Scoring], allowed: np.ndarray | None, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Merge every passage's scores the way SearchIndex._expanded does, then rank."""
    sums = []
    for s in scorings:
        total = k.sums(list(s.rows))
        assert total is not None
        sums.append(total)
    every = np.arange(int(k.passage_article.max()) + 1)
    ok = np.ones(k.passages, bool) if allowed is None else allowed[k.passage_article]
    relevant = [
        k.covering(every, s.tokens, 0.5)[k.passage_article] & (total > 0) & ok
        for s, total in zip(scorings, sums, strict=True)
    ]
    exact = relevant[0]
    cap = 0.8 * float(sums[0][exact].max()) if exact.any() else np.inf
    scores, union = sums[0], exact.copy()
    for more, keep in zip(sums[1:], relevant[1:], strict=True):
        union |= keep
        capped = np.maximum(scores, np.minimum(more, cap))
        scores = np.where(exact, np.maximum(scores, more), capped)
    found = np.flatnonzero(union)
    return kernel.top_articles(found, scores[found], k.passage_article, limit)


@pytest.mark.parametrize("seed", range(6))
def test_pruning_matches_the_merge_on_random_matrices(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pruning, "GATE_SHARE", 10**9)
    monkeypatch.setattr(pruning, "RARE_SHARE", 1)
    monkeypatch.setattr(pruning, "_WORTH", 10**9)
    weights, article = matrix(seed)
    k = Kernel(weights, article, int(article.max()) + 1)
    rng = np.random.default_rng(100 + seed)
    answered = 0
    for _ in range(40):
        scorings = []
        for _ in range(int(rng.integers(1, 4))):
            rows = [int(r) for r in rng.choice(7, int(rng.integers(2, 6)), replace=False)]
            counts = [(r, float(rng.choice([1, 1, 2, 0.8]))) for r in rows]
            tokens = [Token(float(rng.choice([0, 1, 2, 3])), r, ()) for r in rows]
            scorings.append(pruning.Scoring(counts, tokens))
        allowed = rng.random(int(article.max()) + 1) < 0.7 if rng.random() < 0.3 else None
        limit = int(rng.choice([1, 5, 10]))
        got = pruning.top_relevant(
            k, scorings, allowed=allowed, share=0.5, cap_weight=0.8, limit=limit
        )
        if got is None:
            continue
        answered += 1
        want = reference(k, scorings, allowed, limit)
        assert got[0].tolist() == want[0].tolist()
        assert got[1].tolist() == want[1].tolist()
    assert answered >= 10
