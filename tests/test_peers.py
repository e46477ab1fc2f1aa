"""Smoke test of the side-by-side benchmark's engines on the seeds (only with the peers extra).

Nothing is timed: each engine is built from newsbot's segmentation of the seeds and its top
10 is checked against rank-bm25's BM25Okapi where the variants agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from benchmarks import peers
from benchmarks.questions import QUESTIONS

if TYPE_CHECKING:
    from retrieval.engine import Engine

for _module in ("bm25s", "numba", "tantivy"):
    pytest.importorskip(_module, reason=f'{_module} is not installed: pip install -e ".[peers]"')


@pytest.fixture(scope="module")
def tokens(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' passages and the benchmark questions, segmented as newsbot indexes them."""
    folder = tmp_path_factory.mktemp("tokens")
    cache = tmp_path_factory.mktemp("peers-cache")
    peers.write_tokens(seeds_dir, cache, folder, QUESTIONS)
    return folder


@pytest.fixture(scope="module")
def passages(tokens: Path) -> list[list[str]]:
    return peers.read_passages(tokens)


@pytest.fixture(scope="module")
def queries(tokens: Path) -> list[list[str]]:
    return [q["terms"] for q in peers.read_queries(tokens)]


def bm25okapi_scores(passages: list[list[str]], terms: list[str]) -> np.ndarray:
    from rank_bm25 import BM25Okapi

    return np.asarray(BM25Okapi(passages, k1=peers.K1, b=peers.B).get_scores(terms))


def test_token_file_is_newsbots_index(engine: Engine, passages: list[list[str]]) -> None:
    assert len(passages) == engine.index.passage_count
    assert all(passages)


def test_newsbot_and_rank_bm25_return_the_same_top10(
    engine: Engine, passages: list[list[str]], queries: list[list[str]]
) -> None:
    reference = peers.build_rank_bm25(passages)
    for terms in queries:
        assert engine.index.top_passages(terms, peers.K).tolist() == reference.search(terms)


def test_bm25s_scores_like_bm25okapi_below_half_the_passages(
    passages: list[list[str]], queries: list[list[str]]
) -> None:
    peer = peers.build_bm25s(passages)
    frequency = {t: sum(t in set(p) for p in passages) for q in queries for t in q}
    checked = 0
    for terms in queries:
        if not terms or any(frequency[t] * 2 >= len(passages) for t in terms):
            continue  # bm25s clips those terms' idf to 0 where BM25Okapi floors it
        scores = bm25okapi_scores(passages, terms)
        found = peer.ids(peer.search(terms))
        expected = np.sort(scores)[::-1][: len(found)]
        np.testing.assert_allclose(np.sort(scores[found])[::-1], expected, rtol=1e-4)
        checked += 1
    assert checked >= len(queries) // 2


def test_tantivy_returns_passages_holding_the_terms(
    passages: list[list[str]], queries: list[list[str]]
) -> None:
    peer = peers.build_tantivy(passages)
    for terms in queries:
        found = peer.ids(peer.search(terms))
        holding = sum(bool(set(terms) & set(p)) for p in passages)
        assert len(found) == min(peers.K, holding)
        assert all(set(terms) & set(passages[i]) for i in found)


def test_agreement_counts_equal_lists_and_overlap() -> None:
    result = peers.agreement([[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [6, 5, 9]])
    assert result == {"same": 1, "questions": 2, "overlap": pytest.approx((1 + 2 / 3) / 2)}
