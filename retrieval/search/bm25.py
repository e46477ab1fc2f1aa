"""Articles → BM25Okapi weight tables: mined words, parallel segmentation, sparse weights."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from tqdm import tqdm

from retrieval.models import Article
from retrieval.search.abbrev import mine_abbreviations
from retrieval.search.people import Person, mine, naming_articles, searchable_text
from retrieval.search.sounds import file_by_sound
from retrieval.search.tables import Postings, Tables
from retrieval.text.normalize import normalize
from retrieval.text.segment import Segmenter

logger = logging.getLogger(__name__)

K1, B, EPSILON = 1.5, 0.75, 0.25  # rank-bm25's BM25Okapi defaults
# Below this many paragraphs a process pool costs more than it saves (and tests stay fast).
PARALLEL_MIN_PASSAGES = 20_000
_CHUNK = 256  # articles per task sent to a worker


@dataclass(frozen=True, slots=True)
class Overrides:
    """Hand-kept corrections to mining: extra terms, extra names, words to forget."""

    terms: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


def read_overrides(path: Path) -> Overrides:
    """Parse a user-word file: ``word`` adds a term, ``word name`` a person, ``-word`` forgets."""
    if not path.is_file():
        return Overrides()
    terms, names, remove = [], [], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word, _, tag = line.partition(" ")
        if word.startswith("-"):
            remove.append(normalize(word[1:]))
        elif tag.strip() == "name":
            names.append(normalize(word))
        else:
            terms.append(normalize(word))
    return Overrides(tuple(terms), tuple(names), tuple(remove))


def mine_words(
    articles: Sequence[Article], overrides: Overrides
) -> tuple[tuple[Person, ...], tuple[str, ...]]:
    """Return the corpus's people and set phrases, corrected by the overrides."""
    forget = set(overrides.remove)
    mined, mined_terms = mine(articles)
    people = [p for p in mined if p.name not in forget]
    extra = sorted(set(overrides.names) - {p.name for p in people} - forget)
    if extra:
        texts = [searchable_text(a) for a in articles]
        naming = naming_articles(extra, articles, texts)
        people.extend(Person(name, (), naming[name]) for name in extra)
    known = {p.name for p in people}
    terms = (set(mined_terms) | set(overrides.terms)) - forget - known
    return tuple(sorted(people, key=lambda p: p.name)), tuple(sorted(terms))


def article_strings(article: Article, segmenter: Segmenter) -> list[str]:
    """Return each paragraph's terms plus the headline's and byline's, space-joined."""
    segment = segmenter.segment
    headline = "" if article.title_derived else f"{article.title} {article.subtitle}"
    title_terms = " ".join(segment(f"{headline} {' '.join(article.byline.people)}"))
    return [f"{' '.join(segment(p))} {title_terms}".strip() for p in article.paragraphs]


def passage_tokens(articles: Iterable[Article], segmenter: Segmenter) -> Iterator[list[str]]:
    """Yield every passage's terms, in index order (the naive baseline's corpus)."""
    for article in articles:
        for text in article_strings(article, segmenter):
            yield text.split()


# The segmenter of a pool worker process, set once by the pool's initializer: the process
# exists only to segment one corpus, and sending the dictionary with every task would cost
# more than the segmenting.
_worker: Segmenter | None = None


def _init_worker(terms: tuple[str, ...], names: tuple[str, ...]) -> None:
    """Build the corpus's segmenter once in a worker process."""
    global _worker  # noqa: PLW0603 - per worker process, see above
    _worker = Segmenter.build(terms, names)


def _segment_chunk(articles: Sequence[Article]) -> list[list[str]]:
    """Segment a chunk of articles in a worker."""
    assert _worker is not None, "pool workers are started with _init_worker"
    return [article_strings(a, _worker) for a in articles]


def _segment_all(
    articles: Sequence[Article],
    segmenter: Segmenter,
    words: tuple[tuple[str, ...], tuple[str, ...]],
    workers: int,
) -> Iterator[list[str]]:
    """Yield each article's passage strings, in a process pool when the corpus is large."""
    chunks = [articles[i : i + _CHUNK] for i in range(0, len(articles), _CHUNK)]
    if workers <= 1:
        yield from (article_strings(a, segmenter) for a in articles)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=words) as pool:
        for strings in pool.map(_segment_chunk, chunks):
            yield from strings


def _count(strings: Iterable[list[str]], bar: tqdm) -> tuple[dict[str, int], np.ndarray, list[int]]:
    """Map terms to ids; return the vocabulary, every token's id, and passage lengths."""
    vocabulary: dict[str, int] = {}
    ids: list[int] = []
    lengths: list[int] = []
    for article in strings:
        for text in article:
            tokens = text.split()
            lengths.append(len(tokens))
            ids.extend([vocabulary.setdefault(t, len(vocabulary)) for t in tokens])
        bar.update(len(article))
    return vocabulary, np.asarray(ids, dtype=np.int64), lengths


def _weights(ids: np.ndarray, lengths: list[int], terms: int) -> tuple[Postings, np.ndarray]:
    """Compute BM25Okapi contributions term × passage, and each term's information."""
    n = len(lengths)
    dl = np.asarray(lengths, dtype=np.float64)
    keys = np.repeat(np.arange(n, dtype=np.int64), lengths) * max(terms, 1) + ids
    pairs, tf = np.unique(keys, return_counts=True)
    rows, cols = pairs % max(terms, 1), pairs // max(terms, 1)
    df = np.bincount(rows, minlength=terms).astype(np.float64)
    idf = np.log(n - df + 0.5) - np.log(df + 0.5)
    info = np.clip(idf, 0, None).astype(np.float32)
    if terms:
        # rank-bm25: negative idf (term in over half the passages) → epsilon × mean idf.
        idf = np.where(idf < 0, EPSILON * idf.mean(), idf)
    avgdl = dl.mean() if n and dl.sum() else 1.0
    norm = K1 * (1 - B + B * dl[cols] / avgdl)
    data = idf[rows] * (tf * (K1 + 1)) / (tf + norm)
    matrix = sparse.csr_matrix((data.astype(np.float32), (rows, cols)), shape=(terms, n))
    matrix.sort_indices()
    postings = Postings(
        matrix.indptr.astype(np.int64), matrix.indices.astype(np.int32), matrix.data
    )
    return postings, info


def build_tables(
    articles: Sequence[Article],
    *,
    overrides: Overrides = Overrides(),
    progress: bool = False,
    workers: int | None = None,
) -> tuple[Tables, Segmenter]:
    """Mine words, segment every paragraph and precompute the BM25 weight tables.

    Returns the tables and the segmenter that cut the paragraphs (queries must be cut alike).
    """
    people, terms = mine_words(articles, overrides)
    names = tuple(p.name for p in people)
    segmenter = Segmenter.build(terms, names)
    passages = sum(len(a.paragraphs) for a in articles)
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if passages >= PARALLEL_MIN_PASSAGES else 1
    show = progress and sys.stderr.isatty()
    with tqdm(total=passages, disable=not show, desc="索引", unit="段") as bar:
        vocabulary, ids, lengths = _count(
            _segment_all(articles, segmenter, (terms, names), workers), bar
        )
    weights, info = _weights(ids, lengths, len(vocabulary))
    logger.info(
        "indexed %d passages, %d terms, %d postings", passages, len(vocabulary), weights.nnz
    )
    sizes = np.array([len(a.paragraphs) for a in articles], dtype=np.int64)
    article_of = np.repeat(np.arange(len(articles), dtype=np.int32), sizes)
    # paragraph number = passage number minus the first passage number of its article
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    paragraph = (np.arange(passages, dtype=np.int64) - starts).astype(np.int32)
    days = np.array([a.date.toordinal() if a.date else 0 for a in articles], dtype=np.int32)
    short_forms = mine_abbreviations(map(searchable_text, articles), vocabulary)
    sounds = file_by_sound(vocabulary, segmenter.words)
    tables = Tables(
        vocabulary, weights, info, article_of, paragraph, days, people, terms, short_forms, sounds
    )
    return tables, segmenter
