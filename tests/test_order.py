"""One newest-first order: /latest, answer lists and the catalog agree, same-day ties too."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path

from retrieval.answers.catalog import Catalog
from retrieval.models import Article, Byline, DatePrecision
from retrieval.pages.corpus import Corpus
from retrieval.pages.order import newest_first
from retrieval.search.index import SearchIndex

DAY = dt.date(2022, 3, 3)


def article(source: str, position: int, date: dt.date | None, precise: bool = True) -> Article:
    precision = DatePrecision.DAY if precise else DatePrecision.APPROX
    return Article(
        article_id=f"{source[:3]}-{position:02d}",
        source=source,
        title=f"标题{source[:3]}{position}",
        subtitle="",
        title_derived=False,
        date=date,
        date_precision=precision if date else DatePrecision.UNKNOWN,
        date_note="" if precise else "近日",
        year_inferred=False,
        byline=Byline(),
        paragraphs=(f"本报讯 第{position}篇。",),
        position=position,
    )


# Page order, then position: what the corpus holds. Same-day articles on two pages, an
# approximate one before an exact one on the same page, and an undated one.
ARTICLES = (
    article("000_a.txt", 0, DAY, precise=False),
    article("000_a.txt", 1, DAY),
    article("000_a.txt", 2, None),
    article("001_b.txt", 0, DAY + dt.timedelta(days=1)),
    article("001_b.txt", 1, DAY),
    article("002_c.txt", 0, DAY, precise=False),
)
EXPECTED = [ARTICLES[i].article_id for i in (3, 0, 1, 4, 5, 2)]


def ids(articles: list[Article] | tuple[Article, ...]) -> list[str]:
    return [a.article_id for a in articles]


def test_the_order_is_date_then_page_then_position() -> None:
    shuffled = list(ARTICLES)
    random.Random(3).shuffle(shuffled)
    assert ids(newest_first(shuffled)) == EXPECTED


def test_latest_answers_and_catalog_order_same_day_ties_alike() -> None:
    corpus = Corpus(Path("."), (), ARTICLES)
    catalog = Catalog(ARTICLES, SearchIndex.build(corpus))
    assert ids(corpus.latest(10)) == EXPECTED
    assert ids(catalog.select(catalog.newest(None))) == EXPECTED
    assert ids(newest_first(list(reversed(ARTICLES)))) == EXPECTED


def test_page_order_is_by_file_name_whatever_the_ids() -> None:
    renamed = [replace(a, article_id=f"z{9 - i}") for i, a in enumerate(ARTICLES)]
    assert [a.source for a in newest_first(renamed)] == [
        ARTICLES[i].source for i in (3, 0, 1, 4, 5, 2)
    ]
