"""The sparse fast path scores exactly like rank-bm25's BM25Okapi.get_scores.

Checked on the seeds and on a generated ~10k-paragraph corpus re-mixed from the seeds'
clauses with a fixed random seed (short paragraphs keep the test to a few seconds).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from benchmarks.questions import QUESTIONS
from retrieval.models import Article, Byline, DatePrecision
from retrieval.pages.corpus import load_corpus
from retrieval.search import kernel
from retrieval.search.index import SearchIndex

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
QUERIES = [
    "安置房",
    "陈红民最近开了哪些会",
    "苏建设主持了哪些会议",
    "电信诈骗",
    "三送一强活动",
    "二七经开区有多少家高新技术企业",
    "大气污染防治攻坚",
    "疫情防控常态化监督检查工作推进会",
    "会议 会议 会议 二七区",  # repeated terms count as often as rank-bm25 counts them
    "二七区",  # in most passages: negative idf, floored at epsilon × mean idf
    "今天北京天气怎么样",
    "量子计算机",  # unknown everywhere: all zeros
]


@dataclass(frozen=True)
class MixedCorpus:
    """What SearchIndex.build reads from a corpus."""

    articles: tuple[Article, ...]
    directory: Path | None = None


def remix(seed_articles: tuple[Article, ...], paragraphs: int, seed: int) -> MixedCorpus:
    """Make ``paragraphs`` short paragraphs from the seeds' clauses, reproducibly."""
    rng = random.Random(seed)
    clauses = [
        c for a in seed_articles for p in a.paragraphs for c in re.split(r"(?<=[，。；])", p)
    ]
    clauses = [c for c in clauses if c]
    titles = [a.title for a in seed_articles]
    articles, made = [], 0
    while made < paragraphs:
        size = min(rng.randint(1, 8), paragraphs - made)
        body = tuple("".join(rng.choices(clauses, k=rng.randint(1, 4))) for _ in range(size))
        articles.append(mixed_article(len(articles), rng.choice(titles), body))
        made += size
    return MixedCorpus(tuple(articles))


def mixed_article(number: int, title: str, paragraphs: tuple[str, ...]) -> Article:
    """One generated article."""
    day = dt.date(2021, 1, 1) + dt.timedelta(number)
    return Article(
        f"m-{number:05d}", "mixed.txt", title, "", False, day,
        DatePrecision.DAY, "", False, Byline(reporters=("景静",)), paragraphs,
    )  # fmt: skip


@pytest.fixture(scope="module")
def seeds() -> SearchIndex:
    """The seeds' index."""
    return SearchIndex.build(load_corpus(SEEDS))


@pytest.fixture(scope="module")
def mixed(seeds: SearchIndex) -> SearchIndex:
    """An index over ~10k re-mixed paragraphs."""
    index = SearchIndex.build(remix(seeds.articles, 10_000, seed=7))  # type: ignore[arg-type]
    assert index.passage_count == 10_000
    return index


def assert_same_ranking(index: SearchIndex, query: str) -> None:
    """Fast scores equal naive scores, and the top 10 agree up to ties."""
    fast = index.scores(query)
    naive = np.asarray(index.naive_scores(query))
    assert fast.shape == naive.shape
    np.testing.assert_allclose(fast, naive, rtol=1e-5, atol=1e-6)
    top_fast = np.argsort(-fast, kind="stable")[:10]
    expected = np.sort(naive)[::-1][:10]
    np.testing.assert_allclose(naive[top_fast], expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("query", QUERIES)
def test_seeds_score_like_bm25okapi(seeds: SearchIndex, query: str) -> None:
    assert_same_ranking(seeds, query)


@pytest.mark.parametrize("query", QUERIES)
def test_generated_10k_scores_like_bm25okapi(mixed: SearchIndex, query: str) -> None:
    assert_same_ranking(mixed, query)


def test_generated_corpus_is_reproducible(seeds: SearchIndex) -> None:
    first = remix(seeds.articles, 500, seed=7)
    assert first == remix(seeds.articles, 500, seed=7)
    assert first != remix(seeds.articles, 500, seed=8)


def test_epsilon_floor_is_exercised(mixed: SearchIndex) -> None:
    # "二七区" is in more than half the passages, so its raw idf is negative and floored.
    scores = np.asarray(mixed.naive_scores("二七区"))
    assert mixed._t.info[mixed._t.vocabulary["二七区"]] == 0
    assert scores.max() > 0


def test_repeated_terms_multiply(seeds: SearchIndex) -> None:
    once, twice = seeds.scores("霹雳"), seeds.scores("霹雳 霹雳")
    np.testing.assert_allclose(twice, 2 * once, rtol=1e-6)
    assert once.max() > 0


@pytest.mark.parametrize("query", ["安置房", "霹雳", "陈红民", "会议"])
def test_search_returns_each_articles_best_naive_passage(mixed: SearchIndex, query: str) -> None:
    naive = np.asarray(mixed.naive_scores(query))
    owner = mixed._t.passage_article
    best: dict[int, float] = {}
    for passage in np.flatnonzero(naive > 0):
        article = int(owner[passage])
        best[article] = max(best.get(article, 0.0), float(naive[passage]))
    expected = sorted(best.values(), reverse=True)[:10]
    hits = mixed.search(query, limit=10)
    assert len(hits) == len(expected)
    np.testing.assert_allclose([h.score for h in hits], expected, rtol=1e-5)
    assert len({h.article.article_id for h in hits}) == len(hits)


BENCH_QUESTIONS = [*QUERIES, *QUESTIONS]


@pytest.mark.parametrize("query", BENCH_QUESTIONS)
def test_generated_10k_top10_passages_are_bm25okapis(mixed: SearchIndex, query: str) -> None:
    # the passages themselves, not only their scores: ties go to the lower passage number,
    # as a stable sort of rank-bm25's scores orders them
    naive = np.asarray(mixed.naive_scores(query))
    expected = np.argsort(-naive, kind="stable")[:10]
    if naive[expected[-1]] <= 0:
        expected = expected[naive[expected] > 0]
    found = mixed.top_passages(mixed.segmenter.query_terms(query), 10)
    assert found[: expected.size].tolist() == expected.tolist()


@pytest.mark.parametrize("query", QUESTIONS)
def test_generated_10k_search_picks_articles_as_the_full_rule_does(
    mixed: SearchIndex, query: str
) -> None:
    # the coverage rule checked lazily on the best articles = the rule applied to every one
    groups = mixed.segmenter.query_groups(query)
    passages, scores, _ = mixed._candidates(groups, None, None, ())
    best, values = kernel.top_articles(passages, scores, mixed._t.passage_article, 10)
    hits = mixed.search(query, limit=10)
    assert [(h.article.article_id, h.passage.index) for h in hits] == [
        (mixed.articles[mixed._t.passage_article[p]].article_id, mixed._t.passage_paragraph[p])
        for p in best.tolist()
    ]
    np.testing.assert_allclose([h.score for h in hits], values)


@pytest.mark.parametrize("query", QUESTIONS)
def test_a_shorter_page_is_a_prefix_of_a_longer_one(mixed: SearchIndex, query: str) -> None:
    # many passages tie in a re-mixed corpus; the order among them must not depend on limit
    short = [(h.article.article_id, h.passage.index) for h in mixed.search(query, limit=5)]
    long = [(h.article.article_id, h.passage.index) for h in mixed.search(query, limit=40)]
    assert short == long[: len(short)]


def dense_expanded(
    index: SearchIndex, question: str, variants: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Main's dense combination of a query and its variants, the rule ``_expanded`` keeps."""
    groups = index.segmenter.query_groups(question)
    candidates, _, (passages, values) = index._candidates(groups, None, None, ())
    scores = np.zeros(index.passage_count)
    scores[passages] = values
    exact = np.zeros(index.passage_count, dtype=bool)
    exact[candidates] = True
    cap = 0.8 * float(scores[candidates].max()) if candidates.size else np.inf
    asked = {t for token, sub in groups for t in (token, *sub)}
    for variant in variants:
        varied = index.segmenter.query_groups(variant)
        new = frozenset(t for token, sub in varied for t in (token, *sub) if t not in asked)
        found, _, (passages, values) = index._candidates(varied, None, None, (), new)
        more = np.zeros(index.passage_count)
        more[passages] = values
        scores = np.where(
            exact, np.maximum(scores, more), np.maximum(scores, np.minimum(more, cap))
        )
        candidates = np.union1d(candidates, found)
    return candidates, scores[candidates]


@pytest.mark.parametrize(
    ("question", "variants"),
    [
        ("安置房建设", ["保障房建设"]),
        ("电信诈骗", ["网络诈骗", "诈骗案件"]),
        ("大气污染防治攻坚", ["环境治理攻坚"]),
        ("量子计算机", ["会议"]),  # the words asked find nothing: no cap
    ],
)
def test_variants_combine_over_candidates_as_the_dense_rule_does(
    mixed: SearchIndex, question: str, variants: list[str]
) -> None:
    groups = mixed.segmenter.query_groups(question)
    asked = {t for token, sub in groups for t in (token, *sub)}
    made = []
    for variant in variants:
        varied = mixed.segmenter.query_groups(variant)
        made.append((varied, frozenset(t for tok, sub in varied for t in (tok, *sub)) - asked))
    passages, scores = mixed._expanded(groups, made, None, None, ())
    expected_passages, expected_scores = dense_expanded(mixed, question, variants)
    assert passages.tolist() == expected_passages.tolist()
    assert passages.size > 0
    np.testing.assert_array_equal(scores, expected_scores)
