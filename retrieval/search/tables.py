"""What search needs, as plain arrays and mappings: built by bm25.py, persisted by cache.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from retrieval.search.people import Person
from retrieval.text.wordtable import WordTable


class Postings(NamedTuple):
    """A terms × passages matrix in CSR form: row r is ``indices/data[indptr[r]:indptr[r+1]]``."""

    indptr: np.ndarray  # int64, terms + 1
    indices: np.ndarray  # int32, passage numbers, ascending within a row
    data: np.ndarray  # float32, BM25 contributions

    @property
    def nnz(self) -> int:
        """How many (term, passage) entries the matrix holds."""
        return int(self.data.shape[0])


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything search needs, as arrays: what the cache persists."""

    vocabulary: Mapping[str, int]  # term → row (a dict when built, a WordTable when loaded)
    weights: Postings  # terms × passages, float32 BM25 contributions
    info: np.ndarray  # per term: idf before the epsilon floor, clipped at 0 (float32)
    passage_article: np.ndarray  # per passage: position of its article (int32)
    passage_paragraph: np.ndarray  # per passage: paragraph number in its article (int32)
    article_days: np.ndarray  # per article: date ordinal, 0 when undated (int32)
    people: tuple[Person, ...]
    terms: tuple[str, ...]  # set phrases the segmenter keeps whole (names: people)
    abbreviations: tuple[tuple[str, str], ...] = ()  # (short, long) names the pages use
    sounds: tuple[tuple[str, str], ...] = ()  # (pinyin, word): corpus words by sound

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays by name (the vocabulary and people aside)."""
        return {
            "indptr": self.weights.indptr,
            "indices": self.weights.indices,
            "data": self.weights.data,
            "info": self.info,
            "passage_article": self.passage_article,
            "passage_paragraph": self.passage_paragraph,
            "article_days": self.article_days,
        }


ARRAY_TYPES = {
    "indptr": np.int64,
    "indices": np.int32,
    "data": np.float32,
    "info": np.float32,
    "passage_article": np.int32,
    "passage_paragraph": np.int32,
    "article_days": np.int32,
}


def check_tables(tables: Tables, articles: int, paragraphs: np.ndarray) -> None:
    """Raise ValueError unless every array fits the others, so no search can index past one.

    ``paragraphs`` is each article's paragraph count.  Costs one pass over the postings.
    """
    for name, dtype in ARRAY_TYPES.items():
        array = tables.arrays[name]
        if array.dtype != dtype or array.ndim != 1:
            raise ValueError(f"index array {name!r} has the wrong type")
    w = tables.weights
    terms, passages = tables.info.shape[0], tables.passage_article.shape[0]
    if w.indptr.shape[0] != terms + 1 or w.indptr[0] != 0 or w.indptr[-1] != w.nnz:
        raise ValueError("index postings do not match the vocabulary")
    if w.indices.shape[0] != w.nnz or np.any(np.diff(w.indptr) < 0):
        raise ValueError("index postings are out of order")
    if w.nnz and (w.indices.min() < 0 or w.indices.max() >= passages):
        raise ValueError("index postings name passages that do not exist")
    vocabulary = tables.vocabulary
    if isinstance(vocabulary, WordTable):
        rows = vocabulary.arrays()["values"]
    else:
        rows = np.fromiter(vocabulary.values(), np.int64, len(vocabulary))
    if rows.shape[0] != terms or (terms and (rows.min() < 0 or rows.max() >= terms)):
        raise ValueError("index vocabulary does not match its postings")
    _check_passages(tables, articles, paragraphs)


def _check_passages(tables: Tables, articles: int, paragraphs: np.ndarray) -> None:
    """Each passage names an article and one of its paragraphs; one day per article."""
    owner, number = tables.passage_article, tables.passage_paragraph
    if tables.article_days.shape[0] != articles or number.shape[0] != owner.shape[0]:
        raise ValueError("index passages do not match the articles")
    if owner.shape[0] and (owner.min() < 0 or owner.max() >= articles):
        raise ValueError("index passages name articles that do not exist")
    if owner.shape[0] and (number.min() < 0 or np.any(number >= paragraphs[owner])):
        raise ValueError("index passages name paragraphs that do not exist")
