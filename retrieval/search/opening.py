"""Opening a cache folder's articles, pages and article lookup without reading an article.

Only sizes and types are checked here (and the two small position arrays' ranges); each
article is checked when first read (articles.py), pages and byline pools when first used.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.models import Article, Paper
from retrieval.pages.collection import Corpus, PageInfo
from retrieval.pages.lookup import ArticleLookup, bylines_of
from retrieval.search.articles import DIGEST_BYTES, ArticleStore, LazyList, Reparse, decode_json
from retrieval.search.records import Codec

__all__ = ["ARTICLES", "LOOKUP", "PAGES", "STORE", "memmap", "open_corpus"]

logger = logging.getLogger(__name__)

ARTICLES, PAGES = Codec(Article), Codec(PageInfo)
STORE = (  # the articles (articles.py): records, paragraphs, which are whose, digests
    "records", "record_ends", "paragraphs", "paragraph_ends", "article_paragraphs",
    "article_digests",
)  # fmt: skip
LOOKUP = ("article_ids", "id_positions", "newest_first")  # pages/lookup.py's arrays


def open_corpus(folder: Path, meta: dict[str, Any], corpus_dir: Path) -> Corpus:
    """The cached corpus: a lazy article store, lookup arrays, pages read on first use."""
    count = _count(meta.get("articles"))
    if count == 0:
        raise ValueError("article count is missing")
    reparse = Reparse(folder, corpus_dir)
    articles = ArticleStore(_store_arrays(folder, count), ARTICLES, reparse)
    lookup = _lookup(folder, meta, count, articles)
    pages = LazyList(
        _count(meta.get("pages")),
        lambda: _pages(decode_json(folder / "pages.json", meta.get("pages_sha256"))),
        lambda: reparse.corpus("pages.json").pages,
    )
    problems = meta.get("problems")
    if type(problems) is not list or not all(type(p) is str for p in problems):
        raise ValueError("expected a list of problems")
    paper = _paper(meta.get("paper"))
    return Corpus(corpus_dir, pages, articles, tuple(problems), lookup, paper)


def memmap(path: Path) -> np.ndarray:
    """Memory-map one .npy file; pickled objects are refused (ValueError), never loaded."""
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    if not isinstance(array, np.memmap) or path.stat().st_size != array.offset + array.nbytes:
        raise ValueError(f"{path.name} is not one array of the size its header gives")
    return array


def _pages(rows: Any) -> list[PageInfo]:
    if type(rows) is not list:
        raise ValueError("expected a list of pages")
    return [PAGES.decode(row) for row in rows]


def _store_arrays(folder: Path, count: int) -> dict[str, np.ndarray]:
    """The article store's arrays, their types and sizes checked (their values: when read)."""
    a = {name: memmap(folder / f"{name}.npy") for name in STORE}
    blobs = {"records": "record_ends", "paragraphs": "paragraph_ends"}
    if any(a[name].dtype != np.uint8 or a[name].ndim != 1 for name in blobs):
        raise ValueError("article blobs have the wrong type")
    for blob, ends in blobs.items():
        if a[ends].dtype != np.int64 or a[ends].ndim != 1:
            raise ValueError(f"{ends}.npy has the wrong type")
        if a[ends].shape[0] and int(a[ends][-1]) != a[blob].shape[0]:
            raise ValueError(f"{ends}.npy does not end where {blob}.npy does")
    owned = a["article_paragraphs"]
    if a["record_ends"].shape != (count,) or owned.shape != (count,) or owned.dtype != np.int64:
        raise ValueError("article arrays do not match the article count")
    if int(owned[-1]) != a["paragraph_ends"].shape[0]:
        raise ValueError("article paragraphs do not match the paragraphs")
    digests = a["article_digests"]
    if digests.shape != (count, DIGEST_BYTES) or digests.dtype != np.uint8:
        raise ValueError("article digests have the wrong shape")
    return a


def _lookup(
    folder: Path, meta: dict[str, Any], count: int, articles: ArticleStore
) -> ArticleLookup:
    """The article lookup arrays (positions range-checked), byline pools read on first use."""
    ids, positions, order = (memmap(folder / f"{name}.npy") for name in LOOKUP)
    if ids.dtype.kind != "S" or ids.shape != (count,):
        raise ValueError("article ids have the wrong type")
    for array in (positions, order):
        if array.dtype != np.int64 or array.shape != (count,):
            raise ValueError("article positions have the wrong type")
        if int(array.min()) < 0 or int(array.max()) >= count:
            raise ValueError("article positions out of range")

    def bylines() -> dict[str, list[int]]:
        try:
            return _bylines(decode_json(folder / "bylines.json", meta.get("bylines_sha256")), count)
        except (OSError, ValueError) as error:
            logger.warning("index cache %s: bylines unusable (%s); reading them", folder, error)
            return bylines_of(articles)

    span = meta.get("span")
    if type(span) is not list or len(span) != 2:
        raise ValueError("expected a date span")
    first, last = (_day(d) for d in span)
    named = _named(folder, [p[0] for p in _rows(meta.get("people"))], count)
    flags = {name: _flag(folder, name, count) for name in _texts(meta.get("flags"))}
    return ArticleLookup(ids, positions, order, (first, last), bylines, named=named, flags=flags)


def _named(folder: Path, names: list[Any], count: int) -> Callable[[str], np.ndarray | None]:
    """The precomputed name pools (people_named*.npy): each row range-checked when read."""
    pools, ends = memmap(folder / "people_named.npy"), memmap(folder / "people_named_ends.npy")
    if pools.dtype != np.int64 or ends.dtype != np.int64 or ends.shape != (len(names),):
        raise ValueError("name pools have the wrong type")
    if ends.shape[0] and int(ends[-1]) != pools.shape[0]:
        raise ValueError("name pools do not end where their positions do")
    rows = {name: i for i, name in enumerate(names) if type(name) is str}

    def named(name: str) -> np.ndarray | None:
        row = rows.get(name)
        if row is None:
            return None
        start, end = int(ends[row - 1]) if row else 0, int(ends[row])
        found = np.asarray(pools[max(start, 0) : max(end, start, 0)])
        if found.size and (found.min() < 0 or found.max() >= count):
            logger.warning("index cache %s: name pool of %s out of range; reading", folder, name)
            return None
        return found

    return named


def _flag(folder: Path, name: str, count: int) -> np.ndarray:
    flag = memmap(folder / f"flag.{name}.npy")
    if flag.dtype != np.bool_ or flag.shape != (count,):
        raise ValueError(f"flag {name!r} has the wrong shape")
    return flag


def _rows(value: Any) -> list[Any]:
    if type(value) is not list or not all(type(row) is list and row for row in value):
        raise ValueError("expected a list of records")
    return value


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if type(value) is not list or not all(type(v) is str and v.isidentifier() for v in value):
        raise ValueError("expected a list of names")
    return value


def _bylines(value: Any, count: int) -> dict[str, list[int]]:
    """Byline name → article positions, every position checked."""
    if type(value) is not dict:
        raise ValueError("expected a table of bylines")
    for positions in value.values():
        if type(positions) is not list or not all(
            type(p) is int and 0 <= p < count for p in positions
        ):
            raise ValueError("byline positions out of range")
    return value


def _day(value: Any) -> dt.date | None:
    if value is not None and type(value) is not str:
        raise ValueError("expected a date")
    return None if value is None else dt.date.fromisoformat(value)


def _paper(value: Any) -> Paper | None:
    """The paper recorded with the pages ([name, section, homepage], each text or null)."""
    if value is None:
        return None
    texts = type(value) is list and all(v is None or type(v) is str for v in value)
    if not texts or len(value) != 3:
        raise ValueError("expected a paper [name, section, homepage]")
    return Paper(*value)


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("expected a count")
    return value
