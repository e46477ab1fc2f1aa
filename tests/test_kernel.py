"""The query kernel on hand-made postings: sums, ties, per-article picking, coverage probes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from retrieval.search import kernel, selection
from retrieval.search.kernel import Kernel, Token
from retrieval.search.tables import Postings

# Three articles: passages 0-1 → article 0, 2-4 → article 1, 5 → article 2.
OWNERS = np.array([0, 0, 1, 1, 1, 2], dtype=np.int32)


# Terms × passages: row 0 everywhere but passage 5, row 1 in 1 and 3, row 2 only in 5.
def postings(dense: np.ndarray) -> Postings:
    """A dense terms × passages array in the index's CSR form."""
    matrix = sparse.csr_matrix(dense)
    return Postings(matrix.indptr.astype(np.int64), matrix.indices.astype(np.int32), matrix.data)


WEIGHTS = postings(
    np.array(
        [
            [1.0, 2.0, 1.0, 2.0, 0.5, 0.0],
            [0.0, 3.0, 0.0, 1.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0, 0.0, 4.0],
        ],
        dtype=np.float32,
    )
)


@pytest.fixture
def k() -> Kernel:
    return Kernel(WEIGHTS, OWNERS, 3)


def test_score_sums_each_terms_weight_times_its_count(k: Kernel) -> None:
    passages, scores = k.score([(0, 1), (1, 2)])
    assert passages.tolist() == [0, 1, 2, 3, 4]
    np.testing.assert_allclose(scores, [1.0, 8.0, 1.0, 4.0, 0.5])


def test_no_known_term_scores_nothing(k: Kernel) -> None:
    passages, scores = k.score([])
    assert passages.size == 0
    assert scores.size == 0


def test_negative_weights_still_mark_their_passages() -> None:
    # a term in over half the passages with a negative floor scores below zero, yet is a hit
    negative = Kernel(postings(np.array([[-1.0, 0.0, -1.0]], np.float32)), OWNERS[:3], 2)
    passages, scores = negative.score([(0, 1)])
    assert passages.tolist() == [0, 2]
    np.testing.assert_allclose(scores, [-1.0, -1.0])


def test_top_articles_take_each_articles_best_passage_best_first() -> None:
    passages = np.arange(6)
    scores = np.array([1.0, 8.0, 1.0, 4.0, 0.5, 6.0])
    best, values = kernel.top_articles(passages, scores, OWNERS, 2)
    assert best.tolist() == [1, 5]
    assert values.tolist() == [8.0, 6.0]
    best, _ = kernel.top_articles(passages, scores, OWNERS, 10)
    assert best.tolist() == [1, 5, 3]  # every article, once


def test_ties_go_to_the_lower_passage_whatever_the_candidates_order() -> None:
    passages = np.array([9, 3, 7, 1, 5, 2, 8, 6, 4, 0])
    scores = np.ones(10)
    owners = np.arange(10, dtype=np.int32)  # one passage per article
    for limit in (1, 3, 10):
        best, _ = kernel.top_articles(passages, scores, owners, limit)
        assert best.tolist() == list(range(limit))
    assert kernel.top_passages(passages, scores, 4).tolist() == [0, 1, 2, 3]


def test_top_of_nothing_is_nothing() -> None:
    empty = np.empty(0, dtype=np.int64)
    best, values = kernel.top_articles(empty, np.empty(0), OWNERS, 5)
    assert best.size == 0
    assert values.size == 0
    assert kernel.top_passages(empty, np.empty(0), 5).size == 0


def test_coverage_counts_a_token_present_through_all_its_bigrams(k: Kernel) -> None:
    # token absent as a whole (row None) but both "bigrams" (rows 0, 1) in articles 0 and 1
    token = Token(info=2.0, row=None, subword_rows=(0, 1))
    rare = Token(info=1.0, row=2, subword_rows=())
    articles = np.array([0, 1, 2])
    assert k.covering(articles, [token, rare], 0.5).tolist() == [True, True, False]
    assert k.covering(articles, [token, rare], 0.9).tolist() == [False, False, False]


def test_a_bigram_outside_the_vocabulary_means_absent(k: Kernel) -> None:
    token = Token(info=1.0, row=None, subword_rows=(0, None))
    assert k.covering(np.array([0, 1, 2]), [token], 0.5).tolist() == [False, False, False]


def test_tokens_without_information_pass_everything(k: Kernel) -> None:
    token = Token(info=0.0, row=2, subword_rows=())
    assert k.covering(np.array([0, 1]), [token], 0.5).tolist() == [True, True]


def test_relevant_maps_article_coverage_back_to_passages(k: Kernel) -> None:
    passages, _ = k.score([(1, 1), (2, 1)])  # passages 1, 3, 5
    mask = k.relevant(passages, [Token(1.0, 2, ())], 0.5)  # only article 2 holds row 2
    assert passages[mask].tolist() == [5]


def test_lazy_and_full_coverage_pick_the_same_articles(k: Kernel) -> None:
    passages, scores = k.score([(0, 1), (2, 1)])
    tokens = [Token(1.0, 0, ()), Token(1.0, 2, ())]
    best, _ = k.top_relevant(passages, scores, tokens, 0.5, 2)
    keep = k.relevant(passages, tokens, 0.5)
    full, _ = kernel.top_articles(passages[keep], scores[keep], OWNERS, 2)
    assert best.tolist() == full.tolist() == [5, 1]


@pytest.mark.parametrize("share", [0, 10**9])  # 0: always the sorted merge; huge: always dense
def test_both_summing_paths_give_the_same_sums_bit_for_bit(
    k: Kernel, share: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kernel, "_DENSE_SHARE", share)
    passages, scores = k.score([(1, 1), (0, 1), (2, 0.8)])
    assert passages.tolist() == [0, 1, 2, 3, 4, 5]
    expected = [1.0, 3.0 + 2.0, 1.0, 1.0 + 2.0, 0.5, np.float32(4.0) * 0.8]
    assert scores.tolist() == [float(np.float64(v)) for v in expected]


def _plain_at_least_kth(scores: np.ndarray, k: int) -> np.ndarray:
    """The selection by one partition of every score (what the run-maxima floor must equal)."""
    kth = np.partition(scores, scores.size - k)[scores.size - k]
    return np.flatnonzero(scores >= kth)


@pytest.mark.parametrize("size", [50, 5_000, 200_000])  # under, near and far past the floor
@pytest.mark.parametrize("k", [1, 10, 40, 128])
def test_selecting_the_k_best_through_run_maxima_changes_nothing(size: int, k: int) -> None:
    rng = np.random.default_rng(size + k)
    # few distinct values: many ties, also across the k-th best; clustered highs in one run
    scores = rng.integers(0, 20, size).astype(np.float64)
    scores[size // 3 : size // 3 + 3 * k] += 30
    for values in (scores, np.sort(scores), scores[::-1].copy()):
        chosen = selection.at_least_kth(values, k)
        if k >= size:
            assert chosen == slice(None)
        else:
            assert np.asarray(chosen).tolist() == _plain_at_least_kth(values, k).tolist()


def test_ties_at_the_cut_are_all_kept_when_runs_are_used() -> None:
    scores = np.zeros(100_000)
    scores[::1000] = 1.0  # 100 passages tie for the best; 10 are asked for
    chosen = np.asarray(selection.at_least_kth(scores, 10))
    assert chosen.tolist() == list(range(0, 100_000, 1000))
    assert kernel.top_passages(np.arange(100_000), scores, 10).tolist() == list(
        range(0, 10_000, 1000)
    )


def test_dense_sum_finds_every_passage_whatever_the_signs(monkeypatch: pytest.MonkeyPatch) -> None:
    # positive weights: hits found from their sums; with a negative one, a hit summing to 0
    # (passage 1: 1 - 1) must still be found
    monkeypatch.setattr(kernel, "_DENSE_SHARE", 10**9)  # always the dense sum
    positive = Kernel(
        postings(np.array([[1.0, 2.0, 0.0], [0.0, 3.0, 0.5]], np.float32)), OWNERS[:3], 2
    )
    passages, scores = positive.score([(0, 1), (1, 1)])
    assert passages.tolist() == [0, 1, 2]
    assert scores.tolist() == [1.0, 5.0, 0.5]
    mixed = Kernel(
        postings(np.array([[1.0, 1.0, 0.0], [0.0, -1.0, 0.0]], np.float32)), OWNERS[:3], 2
    )
    passages, scores = mixed.score([(0, 1), (1, 1)])
    assert passages.tolist() == [0, 1]
    assert scores.tolist() == [1.0, 0.0]


@pytest.mark.parametrize("seed", range(6))
def test_coverage_by_binary_search_and_by_marking_articles_agree(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    articles = 300
    owners = np.sort(rng.integers(0, articles, 2_000)).astype(np.int32)
    owners[:articles] = np.arange(articles)  # every article has a passage
    owners.sort()
    dense = (rng.random((12, owners.size)) < rng.random((12, 1)) * 0.2).astype(np.float32)
    k = Kernel(postings(dense), owners, articles)
    tokens = [
        Token(float(rng.random() * 3), int(row), tuple(int(r) for r in rng.integers(0, 12, 2)))
        for row in rng.integers(0, 12, 5)
    ]
    tokens.append(Token(1.5, None, (3, None)))  # a token outside the vocabulary
    probed = rng.choice(articles, 150, replace=False)
    probed.sort()
    found = {}
    for way, share in (("search", 0), ("mark", 10**9)):
        monkeypatch.setattr(kernel, "_SEARCH_SHARE", share)
        found[way] = [k.covering(probed, tokens, cut).tolist() for cut in (0.3, 0.5, 0.8)]
    assert found["search"] == found["mark"]
    assert any(any(mask) for mask in found["mark"])
    assert not all(all(mask) for mask in found["mark"])


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("limit", [1, 5, 40])
def test_top_articles_from_dense_sums_are_those_from_the_passages_found(
    seed: int, limit: int
) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.choice([30, 3_000, 60_000]))
    owners = np.sort(rng.integers(0, max(2, size // 4), size)).astype(np.int32)
    scores = rng.integers(0, 6, size).astype(np.float64)  # many ties and many zeros
    scores[rng.random(size) < rng.random()] = 0.0  # some sums have almost no hits
    found = np.flatnonzero(scores > 0)
    expected = kernel.top_articles(found, scores[found], owners, limit)
    best, values = kernel.top_articles(None, scores, owners, limit)
    assert best.tolist() == expected[0].tolist()
    assert values.tolist() == expected[1].tolist()


@pytest.mark.parametrize("seed", range(4))
def test_relevant_articles_from_dense_sums_are_those_from_the_passages_found(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    articles = 400
    owners = np.sort(np.concatenate([np.arange(articles), rng.integers(0, articles, 3_000)]))
    weights = (rng.random((6, owners.size)) < [[0.6], [0.5], [0.05], [0.02], [0.3], [0.01]]) * (
        rng.random((6, owners.size)).astype(np.float32) + 0.1
    )
    k = Kernel(postings(weights.astype(np.float32)), owners.astype(np.int32), articles)
    rows = [(row, 1.0) for row in range(6)]
    tokens = [Token(float(rng.random() * 3 + 0.1), row, ()) for row in range(6)]
    dense = k.dense(rows)
    assert dense is not None  # this many postings: summed densely
    passages, scores = k.score(rows)
    np.testing.assert_array_equal(dense[passages], scores)
    assert np.count_nonzero(dense) == passages.size
    for probes in (1024, 4):  # 4: the best articles fail, every candidate is checked
        monkeypatch.setattr(kernel, "_PROBE_MAX", probes)
        for share in (0.3, 0.9):
            for limit in (3, 25):
                got = k.top_relevant(None, dense, tokens, share, limit)
                want = k.top_relevant(passages, scores, tokens, share, limit)
                assert got[0].tolist() == want[0].tolist()
                assert got[1].tolist() == want[1].tolist()
    monkeypatch.setattr(kernel, "_DENSE_SHARE", 0)  # few postings for the share: merge them
    assert k.dense(rows) is None
    assert k.dense(rows[:1]) is None  # one term: its postings are the answer


def test_dense_sums_are_refused_when_a_weight_is_not_positive() -> None:
    mixed = Kernel(
        postings(np.array([[1.0, 1.0, 0.0], [0.0, -1.0, 1.0]], np.float32)), OWNERS[:3], 2
    )
    assert mixed.dense([(0, 1), (1, 1)]) is None


def test_sums_of_lists_that_begin_alike_are_each_list_own_sums() -> None:
    """sums_many sums a shared beginning once and adds the rest term by term: bit for bit
    what each list's own sums are, in any order of lists."""
    rng = np.random.default_rng(5)
    passages = 2_000
    rows = []
    for share in [0.05, 0.2, 0.4, 0.6, 0.8, 0.3]:
        present = rng.random(passages) < share
        rows.append(np.where(present, rng.random(passages) * 3 + 0.1, 0.0).astype(np.float32))
    csr = sparse.csr_matrix(np.array(rows))
    csr.sort_indices()
    weights = Postings(csr.indptr.astype(np.int64), csr.indices.astype(np.int32), csr.data)
    k = Kernel(weights, np.arange(passages, dtype=np.int32) // 3, passages // 3 + 1)
    lists = [
        [(0, 1.0), (1, 1.0), (2, 1.0), (3, 1.0)],
        [(0, 1.0), (1, 1.0), (2, 1.0), (4, 0.8)],
        [(0, 1.0), (1, 1.0), (5, 2.0)],
        [(3, 1.0), (4, 1.0)],
        [(0, 1.0), (1, 1.0)],
    ]
    for order in ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0]):
        chosen = [lists[i] for i in order]
        for got, rows_ in zip(k.sums_many(chosen), chosen, strict=True):
            want = k.sums(rows_)
            assert got is not None
            assert want is not None
            assert got.tobytes() == want.tobytes()
