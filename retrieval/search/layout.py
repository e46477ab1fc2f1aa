"""The files of one index cache folder: what each holds, how it is written and read back."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.models import Article
from retrieval.pages.corpus import Corpus, PageInfo
from retrieval.search.keys import FORMAT
from retrieval.search.people import Person
from retrieval.search.records import Codec
from retrieval.search.tables import ARRAY_TYPES, Postings, Tables, check_tables
from retrieval.text.segment import Segmenter
from retrieval.text.wordtable import ARRAYS, WordTable

if TYPE_CHECKING:
    from retrieval.search.index import SearchIndex

__all__ = ["ARRAY_FILES", "JSON_FILES", "read_index", "write_arrays"]

ARTICLES, PAGES, PEOPLE = Codec(Article), Codec(PageInfo), Codec(Person)
VOCABULARY, WORDS = "vocabulary", "words"  # the two WordTables: index terms, segmenter
JSON_FILES = ("meta.json", "articles.json")
TEXTS = ("paragraphs.npy", "paragraph_ends.npy")  # every paragraph in UTF-8, and where each ends
ARRAY_FILES = (
    *TEXTS,
    *(f"{name}.npy" for name in ARRAY_TYPES),
    *(f"{table}.{name}.npy" for table in (VOCABULARY, WORDS) for name in ARRAYS),
)


def write_arrays(folder: Path, corpus: Corpus, index: SearchIndex, key: str) -> None:
    """Write every file of the cache into ``folder``, each flushed to disk."""
    tables = index.tables
    vocabulary = tables.vocabulary
    if not isinstance(vocabulary, WordTable):
        vocabulary = WordTable.from_dict(vocabulary)
    words, total = index.segmenter.freeze()
    arrays = {**tables.arrays}
    arrays.update({f"{VOCABULARY}.{n}": a for n, a in vocabulary.arrays().items()})
    arrays.update({f"{WORDS}.{n}": a for n, a in words.arrays().items()})
    paragraphs = [p for a in corpus.articles for p in a.paragraphs]
    text = "".join(paragraphs).encode("utf-8")
    arrays["paragraphs"] = np.frombuffer(text, dtype=np.uint8)
    arrays["paragraph_ends"] = np.cumsum([len(p) for p in paragraphs], dtype=np.int64)
    for name, array in arrays.items():
        with (folder / f"{name}.npy").open("wb") as handle:
            np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
            _flush(handle)
    meta = {
        "format": FORMAT,
        "key": key,
        "total": total,
        "terms": list(tables.terms),
        "abbreviations": [list(pair) for pair in tables.abbreviations],
        "sounds": [list(pair) for pair in tables.sounds],
        "people": [PEOPLE.encode(p) for p in tables.people],
        "pages": [PAGES.encode(p) for p in corpus.pages],
        "problems": list(corpus.problems),
        "fields": list(ARTICLES.fields),
        "articles_sha256": _write_json(
            folder / "articles.json", ARTICLES.encode_columns(corpus.articles, skip="paragraphs")
        ),
        "paragraphs_sha256": hashlib.sha256(text).hexdigest(),
        "paragraph_counts": [len(a.paragraphs) for a in corpus.articles],
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
    """Rebuild the corpus and index a cache folder holds; ValueError when anything is off."""
    from retrieval.search.index import SearchIndex  # noqa: PLC0415 - index imports the cache

    if meta.get("fields") != list(ARTICLES.fields):
        raise ValueError("articles were saved with other fields")
    body = (folder / "articles.json").read_bytes()
    if hashlib.sha256(body).hexdigest() != meta.get("articles_sha256"):
        raise ValueError("articles.json does not match its checksum")
    paragraphs = _paragraphs(folder, meta)
    articles = tuple(ARTICLES.decode_columns(json.loads(body), {"paragraphs": paragraphs}))
    pages = tuple(PAGES.decode(row) for row in _list(meta.get("pages")))
    corpus = Corpus(corpus_dir, pages, articles, _strings(meta.get("problems")))
    people = tuple(PEOPLE.decode(row) for row in _list(meta.get("people")))
    short = tuple(_pair(row) for row in _list(meta.get("abbreviations")))
    sounds = tuple(_pair(row) for row in _list(meta.get("sounds")))
    tables = _tables(folder, people, _strings(meta.get("terms")), short, sounds)
    check_tables(tables, len(articles), np.array([len(a.paragraphs) for a in articles]))
    total = meta.get("total")
    if type(total) is not int or total <= 0:
        raise ValueError("segmenter total is missing")
    segmenter = Segmenter(_table(folder, WORDS), total, (p.name for p in people))
    return corpus, SearchIndex(articles, tables, segmenter)


def _paragraphs(folder: Path, meta: dict[str, Any]) -> list[tuple[str, ...]]:
    """Each article's paragraphs, cut out of the checked text blob."""
    counts = meta.get("paragraph_counts")
    if type(counts) is not list or not all(type(c) is int and c >= 0 for c in counts):
        raise ValueError("paragraph counts are missing")
    blob, ends = (_array(folder / name) for name in TEXTS)
    if blob.dtype != np.uint8 or ends.dtype != np.int64 or ends.shape != (sum(counts),):
        raise ValueError("paragraph arrays have the wrong type")
    raw = blob.tobytes()
    if hashlib.sha256(raw).hexdigest() != meta.get("paragraphs_sha256"):
        raise ValueError("paragraphs.npy does not match its checksum")
    text = raw.decode("utf-8")
    cuts = [0, *ends.tolist()]
    if np.any(np.diff(cuts) < 0) or cuts[-1] != len(text):
        raise ValueError("paragraph ends do not fit the text")
    texts = [text[a:b] for a, b in itertools.pairwise(cuts)]
    firsts = np.cumsum([0, *counts]).tolist()
    return [tuple(texts[a:b]) for a, b in itertools.pairwise(firsts)]


def _tables(
    folder: Path,
    people: tuple[Person, ...],
    terms: tuple[str, ...],
    abbreviations: tuple[tuple[str, str], ...],
    sounds: tuple[tuple[str, str], ...],
) -> Tables:
    """The search tables of a cache folder, arrays memory-mapped."""
    arrays = {name: _array(folder / f"{name}.npy") for name in ARRAY_TYPES}
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
    return WordTable({name: _array(folder / f"{table}.{name}.npy") for name in ARRAYS})


def _array(path: Path) -> np.ndarray:
    """Memory-map one .npy file; pickled objects are refused (ValueError), never loaded."""
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    if not isinstance(array, np.memmap) or path.stat().st_size != array.offset + array.nbytes:
        raise ValueError(f"{path.name} is not one array of the size its header gives")
    return array


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
