"""SearchIndex: grouping per article, filters, no-answer, partial words, edge cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from retrieval.models import Article, Byline, DatePrecision
from retrieval.pages.corpus import load_corpus
from retrieval.search.index import SearchIndex

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REPORTER = Byline(reporters=("景静",))


def article(
    article_id: str,
    title: str,
    *paragraphs: str,
    date: dt.date | None = dt.date(2021, 12, 1),
    derived: bool = False,
    byline: Byline = REPORTER,
) -> Article:
    """A small article for an inline corpus."""
    return Article(
        article_id=article_id,
        source="tiny.txt",
        title=title,
        subtitle="",
        title_derived=derived,
        date=date,
        date_precision=DatePrecision.DAY if date else DatePrecision.UNKNOWN,
        date_note="",
        year_inferred=False,
        byline=byline,
        paragraphs=paragraphs,
    )


@dataclass(frozen=True)
class TinyCorpus:
    """Just what SearchIndex.build reads from a corpus."""

    articles: tuple[Article, ...]
    directory: Path | None = None


TINY = TinyCorpus(
    (
        article(
            "t-00",
            "二七区召开安置房建设工作专题会",
            "区长苏建设主持召开安置房建设工作专题会，安排部署安置房开工、回迁等工作。",
            "会议强调，要确保项目快推进、群众早回迁。",
            date=dt.date(2022, 3, 3),
        ),
        article(
            "t-01",
            "二七区“霹雳”行动启动",
            "二七区召开专题会议，对打击治理电信网络诈骗犯罪“霹雳”行动进行动员部署。",
            "要牢牢把握“国家反诈中心”APP推广宣传。",
            date=dt.date(2021, 12, 11),
        ),
        article(
            "t-02",
            "区人大常委会召开会议",
            "区人大常委会主任吕安民主持会议，审议通过多项报告。",
            "区委书记陈红民、区长苏建设出席会议。",
            date=dt.date(2021, 11, 26),
        ),
        article(
            "t-03",
            "二七区组织观看廉政教育片",
            "二七区组织观看大型历史廉政文化教育片《兴衰之鉴》。",
            date=None,
        ),
        article(
            "t-04",
            "陈红民调研生态园林绿化工作",
            "区委书记陈红民带领区直部门负责人实地调研生态园林绿化工作。",
            "要加快游园绿地建设步伐，确保如期完工。",
            date=dt.date(2018, 11, 20),
            derived=True,
        ),
    )
)


@pytest.fixture(scope="module")
def tiny() -> SearchIndex:
    """An index over the inline corpus."""
    return SearchIndex.build(TINY)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def seeds() -> SearchIndex:
    """An index over the real seeds."""
    return SearchIndex.build(load_corpus(SEEDS))


def ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    """The article ids of some hits, in order."""
    return [hit.article.article_id for hit in hits]


def test_one_hit_per_article_with_its_best_passage(tiny: SearchIndex) -> None:
    hits = tiny.search("安置房开工回迁")
    assert ids(hits) == ["t-00"]
    assert hits[0].passage.index == 0
    assert hits[0].passage.text == TINY.articles[0].paragraphs[0]
    assert hits[0].score > 0


def test_hits_are_best_first(tiny: SearchIndex) -> None:
    hits = tiny.search("陈红民苏建设会议")
    assert len(hits) >= 2
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len(set(ids(hits))) == len(hits)


@pytest.mark.parametrize("text", ["", "   ", "，。？", "的了是", "最近有哪些", "什么是谁", "😀"])
def test_empty_or_filler_only_query_finds_nothing(tiny: SearchIndex, text: str) -> None:
    assert tiny.search(text) == []


def test_limit(tiny: SearchIndex) -> None:
    assert len(tiny.search("会议", limit=1)) == 1
    assert tiny.search("会议", limit=0) == []
    assert len(tiny.search("会议", limit=100)) == len(tiny.search("会议", limit=5))


def test_headline_counts_for_its_article(tiny: SearchIndex) -> None:
    # "启动" and "二七区" occur only in t-01's headline and t-01 must still be found by it.
    assert ids(tiny.search("行动启动")) == ["t-01"]


def test_byline_names_find_their_articles(seeds: SearchIndex) -> None:
    found = ids(seeds.search("马鹏迪"))
    assert len(found) == 1
    assert "马鹏迪" in seeds.articles[seeds.lookup.position(found[0]) or 0].byline.correspondents


def test_partial_words_are_found(tiny: SearchIndex) -> None:
    assert ids(tiny.search("电信诈骗")) == ["t-01"]
    assert ids(tiny.search("安置房")) == ["t-00"]
    assert ids(tiny.search("兴衰")) == ["t-03"]
    assert ids(tiny.search("反诈")) == ["t-01"]


@pytest.mark.parametrize("question", ["吕安民", "霹雳", "安置房", "兴衰之鉴"])
def test_one_word_and_name_only_queries_answer(seeds: SearchIndex, question: str) -> None:
    assert seeds.search(question)


@pytest.mark.parametrize("question", ["今天北京天气怎么样", "量子计算机的原理是什么"])
def test_unrelated_questions_find_nothing(seeds: SearchIndex, question: str) -> None:
    assert seeds.search(question) == []


def test_date_range_is_inclusive_and_drops_undated(tiny: SearchIndex) -> None:
    day = dt.date(2022, 3, 3)
    assert ids(tiny.search("安置房", date_from=day, date_to=day)) == ["t-00"]
    assert tiny.search("安置房", date_to=dt.date(2022, 3, 2)) == []
    assert tiny.search("安置房", date_from=dt.date(2022, 3, 4)) == []
    assert ids(tiny.search("兴衰之鉴")) == ["t-03"]
    assert tiny.search("兴衰之鉴", date_from=dt.date(2000, 1, 1)) == []


def test_people_filter_keeps_articles_naming_everyone(tiny: SearchIndex) -> None:
    assert set(ids(tiny.search("会议"))) >= {"t-00", "t-02"}
    assert ids(tiny.search("会议", people=["吕安民"])) == ["t-02"]
    assert ids(tiny.search("会议", people=["陈红民", "苏建设"])) == ["t-02"]
    assert ids(tiny.search("工作", people=["陈红民"])) == ["t-04"]
    assert tiny.search("安置房", people=["吕安民"]) == []
    assert tiny.search("会议", people=["无此人"]) == []


def test_people_filter_accepts_traditional_and_unmined_names(tiny: SearchIndex) -> None:
    assert ids(tiny.search("会议", people=["呂安民"])) == ["t-02"]
    assert ids(tiny.search("会议", people=["景静"])) != []


def test_traditional_query_matches(seeds: SearchIndex) -> None:
    simplified = ids(seeds.search("陈红民最近开了哪些会"))
    assert simplified
    assert ids(seeds.search("陳紅民最近開了哪些會")) == simplified


def test_passages(tiny: SearchIndex) -> None:
    passages = tiny.passages("t-00")
    assert [p.index for p in passages] == [0, 1]
    assert passages[1].text == "会议强调，要确保项目快推进、群众早回迁。"
    assert {p.article_id for p in passages} == {"t-00"}
    assert tiny.passages("no-such-id") == []
    assert tiny.passages("../../etc/passwd") == []


def test_people_are_mined_at_build(tiny: SearchIndex) -> None:
    names = {p.name for p in tiny.people}
    assert {"吕安民", "陈红民", "苏建设", "景静"} <= names


def test_long_and_odd_queries_do_not_crash(tiny: SearchIndex) -> None:
    assert isinstance(tiny.search("安置房" * 2000), list)
    assert isinstance(tiny.search("<b>安置房</b> & *_ \x00\u200b"), list)
    assert ids(tiny.search("<b>安置房</b>")) == ["t-00"]


def test_single_article_corpus() -> None:
    index = SearchIndex.build(TinyCorpus((TINY.articles[1],)))  # type: ignore[arg-type]
    assert index.passage_count == 2
    assert isinstance(index.search("霹雳"), list)
    assert index.search("今天北京天气怎么样") == []


def test_parallel_build_matches_single_process(seeds: SearchIndex) -> None:
    corpus = TinyCorpus(seeds.articles)
    pooled = SearchIndex.build(corpus, workers=2)  # type: ignore[arg-type]
    single = SearchIndex.build(corpus, workers=1)  # type: ignore[arg-type]
    assert pooled._t.vocabulary == single._t.vocabulary
    for name, array in pooled.tables.arrays.items():
        assert np.array_equal(array, single.tables.arrays[name]), name
    assert pooled.people == single.people
