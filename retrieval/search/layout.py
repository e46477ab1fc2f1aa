"""The files of one index cache folder: what each holds, how it is written and read back."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.models import Article
from retrieval.pages.collection import Corpus
from retrieval.pages.lookup import ArticleIds, ArticleLookup, id_table
from retrieval.search.articles import DIGEST_BYTES, article_digest
from retrieval.search.keys import FORMAT
from retrieval.search.opening import ARTICLES, LOOKUP, PAGES, STORE, memmap, open_corpus
from retrieval.search.people import Person, names_in_text
from retrieval.search.records import Codec
from retrieval.search.tables import ARRAY_TYPES, Postings, Tables, check_tables
from retrieval.text.segment import Segmenter
from retrieval.text.wordtable import ARRAYS, WordTable

if TYPE_CHECKING:
    from retrieval.search.index import SearchIndex

__all__ = ["ARRAY_FILES", "JSON_FILES", "read_index", "write_arrays"]

VOCABULARY, WORDS = "vocabulary", "words"  # the two WordTables: index terms, segmenter
JSON_FILES = ("meta.json", "pages.json", "bylines.json")
POOLS = ("people_named", "people_named_ends", "people_articles", "people_articles_ends")
ARRAY_FILES = (
    *(f"{name}.npy" for name in (*STORE, *LOOKUP, *POOLS)),
    *(f"{name}.npy" for name in ARRAY_TYPES),
    *(f"{table}.{name}.npy" for table in (VOCABULARY, WORDS) for name in ARRAYS),
)


def write_arrays(
    folder: Path,
    corpus: Corpus,
    index: SearchIndex,
    key: str,
    flags: Mapping[str, np.ndarray] | None = None,
) -> None:
    """Write every file of the cache into ``folder``, each flushed to disk.

    ``flags``: per-article booleans computed above this layer (one bool per article).
    """
    flags = dict(flags or {})
    tables = index.tables
    vocabulary = tables.vocabulary
    if not isinstance(vocabulary, WordTable):
        vocabulary = WordTable.from_dict(vocabulary)
    words, total = index.segmenter.freeze()
    arrays = {**tables.arrays, **article_arrays(corpus.articles, ARTICLES)}
    arrays.update({f"{VOCABULARY}.{n}": a for n, a in vocabulary.arrays().items()})
    arrays.update({f"{WORDS}.{n}": a for n, a in words.arrays().items()})
    arrays["article_ids"], arrays["id_positions"] = id_table(corpus.articles)
    arrays["newest_first"] = corpus.lookup.order.astype(np.int64)
    arrays["people_named"], arrays["people_named_ends"] = named_pools(corpus, tables.people)
    arrays["people_articles"], arrays["people_articles_ends"] = article_pools(corpus, tables.people)
    arrays.update({f"flag.{name}": np.asarray(flag, dtype=bool) for name, flag in flags.items()})
    for name, array in arrays.items():
        with (folder / f"{name}.npy").open("wb") as handle:
            np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
            _flush(handle)
    first, last = corpus.date_range
    paper = corpus.paper
    meta = {
        "format": FORMAT,
        "key": key,
        "total": total,
        "terms": list(tables.terms),
        "abbreviations": [list(pair) for pair in tables.abbreviations],
        "sounds": [list(pair) for pair in tables.sounds],
        # name and roles; each person's articles are positions in people_articles.npy, so
        # opening a big corpus decodes no id (they were most of this file)
        "people": [[p.name, list(p.roles)] for p in tables.people],
        "problems": list(corpus.problems),
        "fields": list(ARTICLES.fields),
        "articles": len(corpus.articles),
        "span": [d.isoformat() if d else None for d in (first, last)],
        "paper": None if paper is None else [paper.name, paper.section, paper.homepage],
        "pages": len(corpus.pages),
        "pages_sha256": _write_json(folder / "pages.json", [PAGES.encode(p) for p in corpus.pages]),
        "bylines_sha256": _write_json(folder / "bylines.json", corpus.lookup.signed),
        "flags": sorted(flags),
    }
    _write_json(folder / "meta.json", meta)  # last: a folder with meta.json is complete


def _write_json(path: Path, data: Any) -> str:
    """Write compact UTF-8 JSON, flush it to disk and return its sha256."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    with path.open("wb") as handle:
        handle.write(body)
        _flush(handle)
    return hashlib.sha256(body).hexdigest()


def _flush(handle: Any) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def read_index(folder: Path, meta: dict[str, Any], corpus_dir: Path) -> tuple[Corpus, SearchIndex]:
    """Open the corpus and index a cache folder holds; ValueError when its structure is off.

    Reads no article: the store decodes and checks each when first asked for it.
    """
    from retrieval.search.index import SearchIndex  # noqa: PLC0415 - index imports the cache

    if meta.get("fields") != list(ARTICLES.fields):
        raise ValueError("articles were saved with other fields")
    corpus = open_corpus(folder, meta, corpus_dir)
    articles = corpus.articles
    count = len(articles)
    people = _people(folder, _list(meta.get("people")), corpus.lookup, count)
    short = tuple(_pair(row) for row in _list(meta.get("abbreviations")))
    sounds = tuple(_pair(row) for row in _list(meta.get("sounds")))
    tables = _tables(folder, people, _strings(meta.get("terms")), short, sounds)
    check_tables(tables, count, np.diff(memmap(folder / "article_paragraphs.npy"), prepend=0))
    total = meta.get("total")
    if type(total) is not int or total <= 0:
        raise ValueError("segmenter total is missing")
    segmenter = Segmenter(_table(folder, WORDS), total, (p.name for p in people))
    return corpus, SearchIndex(articles, tables, segmenter, lookup=corpus.lookup)


def _tables(
    folder: Path,
    people: tuple[Person, ...],
    terms: tuple[str, ...],
    abbreviations: tuple[tuple[str, str], ...],
    sounds: tuple[tuple[str, str], ...],
) -> Tables:
    """The search tables of a cache folder, arrays memory-mapped."""
    arrays = {name: memmap(folder / f"{name}.npy") for name in ARRAY_TYPES}
    weights = Postings(arrays["indptr"], arrays["indices"], arrays["data"])
    return Tables(
        _table(folder, VOCABULARY),
        weights,
        arrays["info"],
        arrays["passage_article"],
        arrays["passage_paragraph"],
        arrays["article_days"],
        people,
        terms,
        abbreviations,
        sounds,
    )


def _table(folder: Path, table: str) -> WordTable:
    """One WordTable of a cache folder."""
    return WordTable({name: memmap(folder / f"{table}.{name}.npy") for name in ARRAYS})


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError("expected a list")
    return value


def _pair(value: Any) -> tuple[str, str]:
    short, long = _strings(value) if type(value) is list and len(value) == 2 else ("", "")
    if not short or not long:
        raise ValueError("expected a (short, long) pair of names")
    return short, long


def _strings(value: Any) -> tuple[str, ...]:
    if type(value) is not list or not all(type(v) is str for v in value):
        raise ValueError("expected a list of texts")
    return tuple(value)


def article_arrays(articles: Sequence[Article], codec: Codec[Article]) -> dict[str, np.ndarray]:
    """The arrays an ArticleStore reads: record and paragraph blobs, their ends, digests."""
    records, texts, counts, digests = [], [], [], []
    for article in articles:
        row = codec.encode(article)
        del row[codec.fields.index("paragraphs")]
        record = json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()
        encoded = [p.encode("utf-8") for p in article.paragraphs]
        records.append(record)
        texts.extend(encoded)
        counts.append(len(encoded))
        digests.append(article_digest(record, b"".join(encoded)))
    return {
        "records": _blob(records),
        "record_ends": np.cumsum([len(r) for r in records], dtype=np.int64),
        "paragraphs": _blob(texts),
        "paragraph_ends": np.cumsum([len(t) for t in texts], dtype=np.int64),
        "article_paragraphs": np.cumsum(counts, dtype=np.int64),
        "article_digests": np.frombuffer(b"".join(digests), np.uint8).reshape(-1, DIGEST_BYTES),
    }


def named_pools(corpus: Corpus, people: Sequence[Person]) -> tuple[np.ndarray, np.ndarray]:
    """Per mined person, the positions of the articles whose headline or text holds the name."""
    pools: list[int] = []
    ends: list[int] = []
    for person in people:
        found = (corpus.lookup.position(i) for i in dict.fromkeys(person.article_ids))
        pools += sorted(
            i for i in found if i is not None and names_in_text(corpus.articles[i], person.name)
        )
        ends.append(len(pools))
    return np.array(pools, dtype=np.int64), np.array(ends, dtype=np.int64)


def article_pools(corpus: Corpus, people: Sequence[Person]) -> tuple[np.ndarray, np.ndarray]:
    """Per mined person, the positions of the articles of ``Person.article_ids``, in order."""
    pools: list[int] = []
    ends: list[int] = []
    for person in people:
        found = (corpus.lookup.position(i) for i in person.article_ids)
        pools += (i for i in found if i is not None)
        ends.append(len(pools))
    return np.array(pools, dtype=np.int64), np.array(ends, dtype=np.int64)


def _people(folder: Path, rows: list[Any], lookup: ArticleLookup, count: int) -> tuple[Person, ...]:
    """The mined people of a cache folder, their articles left as checked positions."""
    pools = memmap(folder / "people_articles.npy")
    ends = memmap(folder / "people_articles_ends.npy")
    if pools.dtype != np.int64 or ends.dtype != np.int64 or ends.shape != (len(rows),):
        raise ValueError("people's article pools have the wrong type")
    if (ends.size and int(ends[-1]) != pools.shape[0]) or np.any(np.diff(ends) < 0):
        raise ValueError("people's article pools do not end where their positions do")
    if ends.size and int(ends[0]) < 0:
        raise ValueError("people's article pools do not end where their positions do")
    if pools.size and (int(pools.min()) < 0 or int(pools.max()) >= count):
        raise ValueError("a person's article lies outside the corpus")
    bounds = ends.tolist()
    people = []
    for row, start, end in zip(rows, [0, *bounds[:-1]], bounds, strict=True):
        if type(row) is not list or len(row) != 2 or type(row[0]) is not str:
            raise ValueError("expected a person as [name, roles]")
        people.append(Person(row[0], _strings(row[1]), ArticleIds(pools[start:end], lookup)))
    return tuple(people)


def _blob(parts: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(parts), dtype=np.uint8)
