"""The catalog's pools and facts equal a scan of every article (they replace those scans)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pytest

from retrieval.answers import extract
from retrieval.answers.catalog import Catalog
from retrieval.answers.draft import Context, in_period, pool
from retrieval.answers.extract import meeting_held
from retrieval.pages.order import newest_first
from retrieval.query.question import parse_question

if TYPE_CHECKING:
    from pathlib import Path

    from retrieval.answers.catalog import Catalog
    from retrieval.engine import Engine
    from retrieval.models import Article


@pytest.fixture
def catalog(engine: Engine) -> Catalog:
    return engine.catalog


def positions(mask: np.ndarray) -> list[int]:
    return np.flatnonzero(mask).tolist()


def test_people_pools_equal_a_scan_of_the_texts_and_bylines(
    engine: Engine, catalog: Catalog
) -> None:
    articles = engine.corpus.articles
    bylined = 0
    for person in engine.index.people:
        name = person.name
        named = [i for i, a in enumerate(articles) if name in a.title or name in a.text]
        signed = [i for i, a in enumerate(articles) if name in a.byline.people]
        assert positions(catalog.naming(name)) == named, name
        assert catalog.bylined(name) == signed, name
        assert positions(catalog.involving(name)) == sorted({*named, *signed}), name
        bylined += bool(set(signed) - set(named))
    assert bylined  # reporters signed articles that never name them: the byline counts


def test_an_unknown_name_is_scanned(engine: Engine, catalog: Catalog) -> None:
    articles = engine.corpus.articles
    expected = [i for i, a in enumerate(articles) if "安置房" in a.title or "安置房" in a.text]
    assert expected
    assert positions(catalog.naming("安置房")) == expected


def test_newest_first_and_meetings_equal_the_per_article_functions(
    engine: Engine, catalog: Catalog
) -> None:
    articles = engine.corpus.articles
    assert catalog.select(catalog.newest(None)) == newest_first(articles)
    every_other = np.arange(len(articles)) % 2 == 0
    assert catalog.select(catalog.newest(every_other)) == newest_first(articles[::2])
    held = [meeting_held(a) for a in articles]
    assert catalog.held(every_other).tolist() == [h and i % 2 == 0 for i, h in enumerate(held)]
    assert catalog.held(None).tolist() == held
    assert all(catalog.meeting_held(a) == h for a, h in zip(articles, held, strict=True))


@pytest.mark.parametrize(
    "question", ["陈红民2021年12月开了哪些会", "景静2022年3月上旬写了哪些报道", "去年11月的新闻"]
)
def test_the_pool_of_a_question_equals_a_scan(
    engine: Engine, catalog: Catalog, question: str
) -> None:
    query = parse_question(question, engine.index.people, today=engine.corpus.newest_date)
    assert query.date_from is not None
    context = Context(engine.index, engine.corpus, (), 5, catalog)
    expected = [
        a
        for a in engine.corpus.articles
        if in_period(a, query)
        and all(n in a.title or n in a.text or n in a.byline.people for n in query.people)
    ]
    assert catalog.select(pool(query, context, bylines=True)) == expected


def test_one_catalog_per_engine(engine: Engine, seeds_dir: Path, tmp_path: Path) -> None:
    from retrieval.engine import Engine

    other = Engine.open(seeds_dir, tmp_path)
    assert other.catalog is not engine.catalog
    assert other.catalog.articles == engine.catalog.articles
    assert engine.ask("陈红民最近开了哪些会") == engine.ask("陈红民最近开了哪些会")
    assert engine.catalog._order is not None  # the question filled the engine's own catalog
    assert other.catalog._order is None


@pytest.mark.parametrize(
    ("text", "limit", "people"),
    [("安置房", 29, ()), ("安置房", 2, ()), ("会议", 3, ("苏建设",)), ("", 5, ())],
)
def test_matching_articles_are_the_articles_search_returns(
    engine: Engine, text: str, limit: int, people: tuple[str, ...]
) -> None:
    place = {a.article_id: i for i, a in enumerate(engine.corpus.articles)}
    hits = engine.index.search(text, limit=limit, people=people)
    found = engine.index.matching_articles(text, limit=limit, people=people)
    assert found.tolist() == sorted(place[h.article.article_id] for h in hits)


def test_matching_articles_keep_the_best_when_more_are_relevant(engine: Engine) -> None:
    every = engine.index.matching_articles("安置房", limit=len(engine.corpus.articles))
    best = engine.index.matching_articles("安置房", limit=2)
    assert len(every) > 2
    assert len(best) == 2
    assert set(best.tolist()) < set(every.tolist())


def test_meeting_names_are_the_extracted_ones_and_worked_out_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = Catalog(engine.corpus.articles, engine.index)
    expected = [extract.meeting_name(a) for a in engine.corpus.articles]
    assert [fresh.meeting_name(a) for a in engine.corpus.articles] == expected
    monkeypatch.setattr(extract, "meeting_name", pytest.fail)  # a second ask reads the memo
    assert [fresh.meeting_name(a) for a in engine.corpus.articles] == expected


class Counting(tuple):  # type: ignore[type-arg]
    """Articles that count the look-ups made in them (a tuple: the catalog keeps it as is)."""

    looked = 0

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        Counting.looked += 1
        return super().__getitem__(i)


def test_a_date_span_reads_the_ends_of_a_long_list_only(engine: Engine) -> None:
    from retrieval.answers.catalog import Catalog as Built
    from retrieval.answers.meetings import date_span

    articles = Counting(engine.corpus.articles)
    catalog = Built(articles, engine.index)
    assert catalog.articles is articles
    order = catalog.newest(None)
    assert order.size > 20
    expected = date_span([engine.corpus.articles[i] for i in order.tolist()])
    Counting.looked = 0
    assert date_span(catalog.lazy(order)) == expected
    assert expected is not None
    assert Counting.looked < 10  # the newest and the oldest dated ones, not every article


def test_meeting_names_by_position_are_the_articles_own(catalog: Catalog) -> None:
    for i, article in enumerate(catalog.articles):
        assert catalog.meeting_name_at(i) == extract.meeting_name(article)
    assert catalog.lazy(np.array([2, 0]))[:] == [catalog.articles[2], catalog.articles[0]]


@pytest.mark.parametrize(
    "filters",
    [{}, {"date_from": dt.date(2021, 1, 1), "date_to": dt.date(2021, 12, 31)}],
    ids=["all", "2021"],
)
def test_every_relevant_article_is_found_without_scoring(
    engine: Engine, filters: dict[str, object]
) -> None:
    """matching_articles applies the coverage rule to every article instead of scoring
    passages: the same articles as a search for all of them, for every question we have."""
    from tests.test_dense_search import questions

    index, everything = engine.index, len(engine.corpus.articles)
    place = {a.article_id: i for i, a in enumerate(engine.corpus.articles)}
    some = 0
    for question in questions():
        hits = index.search(question, limit=everything, **filters)  # type: ignore[arg-type]
        found = index.matching_articles(question, limit=everything, **filters)  # type: ignore[arg-type]
        assert found.tolist() == sorted(place[h.article.article_id] for h in hits), question
        some += bool(hits)
    assert some > 50


def test_a_body_meetings_are_those_whose_name_holds_it(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = Catalog(engine.corpus.articles, engine.index)
    every = np.arange(len(engine.corpus.articles))
    names = [extract.meeting_name(a) for a in engine.corpus.articles]
    read = []
    real = extract.meeting_name

    def counted(article: Article) -> str:
        read.append(article.article_id)
        return real(article)

    monkeypatch.setattr(extract, "meeting_name", counted)
    bodies = {name for name in names if name} | {"常委会", "没有这个会"}
    for body in sorted(bodies):
        mask = fresh.meetings_of(every, body)
        assert mask.tolist() == [body in name for name in names], body
    assert any(fresh.meetings_of(every, "常委会"))
    assert len(read) == len(set(read)) == len(names)  # each article read once
    assert fresh.meetings_of(every[:0], "常委会").size == 0
