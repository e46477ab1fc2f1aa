"""Opening a cached corpus reads no article; answers are those of a freshly built engine.

The cache stores articles as blobs with offsets and a digest each (retrieval/search/articles.py)
plus precomputed tables (ids, newest-first order, byline pools, paper), so a cold ``ask``
decodes only the articles its answer reads.  A damaged article is caught when read: the
engine then serves the pages themselves and the next start rebuilds the cache.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from benchmarks.questions import QUESTIONS
from retrieval.engine import Engine
from retrieval.pages.lookup import ArticleIds
from retrieval.search import cache as store
from retrieval.search.articles import ArticleStore


def cache_folder(cache_dir: Path) -> Path:
    """The one index folder in a cache folder."""
    (found,) = (p for p in cache_dir.glob("index-*") if p.is_dir())
    return found


@pytest.fixture
def built(corpus_copy: Path, tmp_path: Path) -> tuple[Engine, Path]:
    """An engine built from the pages (parsing every article), its cache written."""
    cache = tmp_path / "cache"
    return Engine.open(corpus_copy, cache), cache


def lazy_store(engine: Engine) -> ArticleStore:
    """The engine's article store (the cached corpus's lazy articles)."""
    articles = engine.corpus.articles
    assert isinstance(articles, ArticleStore)
    return articles


def test_opening_a_cached_corpus_decodes_no_article(
    built: tuple[Engine, Path], corpus_copy: Path
) -> None:
    engine = Engine.open(corpus_copy, built[1])
    store_ = lazy_store(engine)
    assert store_.decoded == 0
    assert len(engine.corpus.articles) == len(built[0].corpus.articles)
    assert engine.corpus.date_range == built[0].corpus.date_range
    assert engine.paper == built[0].paper
    assert len(engine.corpus.pages) == len(built[0].corpus.pages)
    assert store_.decoded == 0  # counts, dates and paper come from precomputed tables


def test_a_question_decodes_only_the_articles_it_reads(
    built: tuple[Engine, Path], corpus_copy: Path
) -> None:
    engine = Engine.open(corpus_copy, built[1])
    engine.ask("安置房建设工作专题会是哪天开的")
    assert 0 < lazy_store(engine).decoded < len(engine.corpus.articles)


@pytest.mark.parametrize("question", QUESTIONS)
def test_answers_after_lazy_open_equal_answers_after_a_build(
    built: tuple[Engine, Path], corpus_copy: Path, question: str
) -> None:
    lazy = Engine.open(corpus_copy, built[1])
    assert isinstance(lazy.corpus.articles, ArticleStore)
    assert lazy.ask(question) == built[0].ask(question)


def test_lookups_after_lazy_open_equal_those_after_a_build(
    built: tuple[Engine, Path], corpus_copy: Path
) -> None:
    fresh, cache = built
    lazy = Engine.open(corpus_copy, cache)
    assert lazy.latest(50) == fresh.latest(50)
    assert list(lazy.corpus.articles) == list(fresh.corpus.articles)
    for article in fresh.corpus.articles[::7]:
        assert lazy.article(article.article_id) == article
    assert lazy.article("no-such-id") is None
    assert list(lazy.corpus.pages) == list(fresh.corpus.pages)
    assert lazy.summary() == fresh.summary()
    assert lazy.catalog.bylined("景静") == fresh.catalog.bylined("景静")


def flip_inside(path: Path, offset: int) -> None:
    """Flip one bit of a .npy file's data, ``offset`` bytes after its header."""
    data = bytearray(path.read_bytes())
    header = len(data) - np.load(path, mmap_mode="r", allow_pickle=False).nbytes
    data[header + offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", ["records.npy", "paragraphs.npy"])
def test_a_damaged_article_is_served_from_the_pages_and_the_cache_rebuilt(
    built: tuple[Engine, Path], corpus_copy: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    fresh, cache = built
    folder = cache_folder(cache)
    flip_inside(folder / name, 0)  # the first article's record or first paragraph
    lazy = Engine.open(corpus_copy, cache)  # sizes still agree: opened lazily
    assert isinstance(lazy.corpus.articles, ArticleStore)
    with caplog.at_level(logging.WARNING, logger="retrieval.search.articles"):
        assert lazy.corpus.articles[0] == fresh.corpus.articles[0]
    assert any("damaged" in r.getMessage() for r in caplog.records)
    assert list(lazy.corpus.articles) == list(fresh.corpus.articles)
    assert not folder.exists()  # the next start rebuilds
    assert store.load_cached(corpus_copy, cache) is None
    assert Engine.open(corpus_copy, cache).ask(QUESTIONS[0]) == fresh.ask(QUESTIONS[0])
    assert store.load_cached(corpus_copy, cache) is not None


@pytest.mark.parametrize("name", ["newest_first.npy", "id_positions.npy"])
def test_positions_out_of_range_are_a_rebuild(
    built: tuple[Engine, Path], corpus_copy: Path, name: str
) -> None:
    path = cache_folder(built[1]) / name
    array = np.load(path, allow_pickle=False)
    array[0] = len(built[0].corpus.articles)
    np.save(path, array, allow_pickle=False)
    assert store.load_cached(corpus_copy, built[1]) is None


@pytest.mark.parametrize("name", ["bylines.json", "pages.json"])
def test_a_damaged_table_read_later_falls_back_to_the_articles(
    built: tuple[Engine, Path], corpus_copy: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    fresh, cache = built
    path = cache_folder(cache) / name
    path.write_bytes(path.read_bytes()[:-3])
    lazy = Engine.open(corpus_copy, cache)  # read on first use, not at open
    with caplog.at_level(logging.WARNING):
        assert lazy.catalog.bylined("景静") == fresh.catalog.bylined("景静")
        assert list(lazy.corpus.pages) == list(fresh.corpus.pages)
        assert lazy.ask("景静写了哪些报道") == fresh.ask("景静写了哪些报道")
    assert any("unusable" in r.getMessage() for r in caplog.records)


def test_people_and_meetings_come_from_precomputed_tables(
    built: tuple[Engine, Path], corpus_copy: Path
) -> None:
    fresh, cache = built
    lazy = Engine.open(corpus_copy, cache)
    name = max(fresh.index.people, key=lambda p: len(p.article_ids)).name
    assert (lazy.catalog.naming(name) == fresh.catalog.naming(name)).all()
    assert (lazy.catalog.held(None) == fresh.catalog.held(None)).all()
    assert lazy_store(lazy).decoded == 0  # neither pool read an article
    assert lazy.ask(f"{name}最近开了哪些会") == fresh.ask(f"{name}最近开了哪些会")
    assert lazy_store(lazy).decoded <= 5  # the articles shown, no more


@pytest.mark.parametrize("name", ["people_named.npy", "flag.meeting_held.npy"])
def test_damaged_precomputed_tables_are_a_rebuild(
    built: tuple[Engine, Path], corpus_copy: Path, name: str
) -> None:
    path = cache_folder(built[1]) / name
    path.write_bytes(path.read_bytes()[:-1])
    assert store.load_cached(corpus_copy, built[1]) is None


def test_people_open_without_decoding_their_articles_ids(built: tuple[Engine, Path]) -> None:
    """meta.json holds each person's name and roles; their articles are positions, read as
    ids only when asked for, and equal to the mined ones."""
    engine, cache = built
    meta = json.loads((cache_folder(cache) / "meta.json").read_text(encoding="utf-8"))
    assert meta["people"]
    assert all(len(row) == 2 for row in meta["people"])  # [name, roles]: no ids
    loaded = Engine.open(engine.corpus.directory, cache)
    assert lazy_store(loaded).decoded == 0
    cached = loaded.index.people
    assert all(isinstance(p.article_ids, ArticleIds) for p in cached)
    assert all(p.article_ids._ids is None for p in cached)  # nothing decoded by opening
    assert cached == engine.index.people  # the same people, roles and article ids
    for fresh, person in zip(engine.index.people, cached, strict=True):
        assert list(person.article_ids) == list(fresh.article_ids)
        assert loaded.index.naming(person.name).tolist() == engine.index.naming(fresh.name).tolist()
    assert lazy_store(loaded).decoded == 0  # ids and masks came from the arrays


def test_a_person_pool_outside_the_corpus_rebuilds_the_cache(built: tuple[Engine, Path]) -> None:
    engine, cache = built
    folder = cache_folder(cache)
    pools = np.load(folder / "people_articles.npy")
    pools[0] = len(engine.corpus.articles) + 5
    np.save(folder / "people_articles.npy", pools, allow_pickle=False)
    reopened = Engine.open(engine.corpus.directory, cache)
    assert not isinstance(reopened.index.people[0].article_ids, ArticleIds)  # rebuilt
    assert reopened.index.people == engine.index.people
