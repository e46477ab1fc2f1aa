"""Articles → BM25Okapi weight tables: mined words, parallel segmentation, sparse weights."""

from __future__ import annotations

import logging
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import sparse

from retrieval.models import Article
from retrieval.progress import progress as bar
from retrieval.search.abbrev import mine_abbreviations
from retrieval.search.people import Mentions, Person, mine, naming_articles, scan
from retrieval.search.sounds import file_by_sound
from retrieval.search.tables import Postings, Tables
from retrieval.text.normalize import normalize
from retrieval.text.segment import Segmenter
from retrieval.workers import chunked, flatten, map_chunks, worker_count

logger = logging.getLogger(__name__)

K1, B, EPSILON = 1.5, 0.75, 0.25  # rank-bm25's BM25Okapi defaults
# Below this many paragraphs a process pool costs more than it saves (and tests stay fast).
PARALLEL_MIN_PASSAGES = 20_000
_CHUNK = 256  # articles per task sent to a worker
# From this many paragraphs the segmenter cuts with rjieba (Segmenter.compile): teaching it
# the dictionary (0.3 s) costs what jieba takes to cut about 30k characters, some 500
# paragraphs.
COMPILED_MIN_PASSAGES = 1_000


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
    articles: Sequence[Article],
    overrides: Overrides,
    scanned: Sequence[tuple[str, Mentions]] | None = None,
) -> tuple[tuple[Person, ...], tuple[str, ...]]:
    """Return the corpus's people and set phrases, corrected by the overrides.

    ``scanned``: ``people.scan(articles)``, when the caller has it already.
    """
    forget = set(overrides.remove)
    scanned = scan(articles) if scanned is None else scanned
    texts = [text for text, _ in scanned]
    mined, mined_terms = mine(articles, scanned)
    people = [p for p in mined if p.name not in forget]
    extra = sorted(set(overrides.names) - {p.name for p in people} - forget)
    if extra:
        naming = naming_articles(extra, articles, texts)
        people.extend(Person(name, (), naming[name]) for name in extra)
    known = {p.name for p in people}
    terms = (set(mined_terms) | set(overrides.terms)) - forget - known
    return tuple(sorted(people, key=lambda p: p.name)), tuple(sorted(terms))


def article_terms(article: Article, segmenter: Segmenter) -> list[list[str]]:
    """Return each paragraph's terms followed by the headline's and byline's."""
    segment = segmenter.segment
    headline = "" if article.title_derived else f"{article.title} {article.subtitle}"
    title_terms = segment(f"{headline} {' '.join(article.byline.people)}")
    return [segment(p) + title_terms for p in article.paragraphs]


def article_strings(article: Article, segmenter: Segmenter) -> list[str]:
    """``article_terms`` space-joined (what Solr and the peers index)."""
    return [" ".join(terms) for terms in article_terms(article, segmenter)]


def passage_tokens(articles: Iterable[Article], segmenter: Segmenter) -> Iterator[list[str]]:
    """Yield every passage's terms, in index order (the naive baseline's corpus)."""
    for article in articles:
        yield from article_terms(article, segmenter)


# The segmenter of a pool worker process, set once by the pool's initializer: the process
# exists only to segment one corpus, and sending the dictionary with every task would cost
# more than the segmenting.
_worker: Segmenter | None = None


class Encoded(NamedTuple):
    """A run of articles' passages as term ids local to the run."""

    terms: list[str]  # the run's terms in order of first use; a local id is a position here
    ids: np.ndarray  # int32, every token's local id, passage after passage
    lengths: np.ndarray  # int64, tokens per passage


def encode(articles: Sequence[Article], segmenter: Segmenter) -> Encoded:
    """Segment a run of articles and number their terms in order of first use."""
    local: dict[str, int] = {}
    ids = array("i")
    lengths = array("q")
    for article in articles:
        for tokens in article_terms(article, segmenter):
            lengths.append(len(tokens))
            ids.extend([local.setdefault(t, len(local)) for t in tokens])
    return Encoded(list(local), np.frombuffer(ids, np.int32), np.frombuffer(lengths, np.int64))


def _worth_compiling(articles: Sequence[Article]) -> bool:
    """Whether the articles hold enough paragraphs to repay Segmenter.compile."""
    return sum(len(a.paragraphs) for a in articles) >= COMPILED_MIN_PASSAGES


def _init_worker(terms: tuple[str, ...], names: tuple[str, ...], compiled: bool = True) -> None:
    """Build the corpus's segmenter once in a worker process (see COMPILED_MIN_PASSAGES)."""
    global _worker  # noqa: PLW0603 - per worker process, see above
    _worker = Segmenter.build(terms, names)
    if compiled:
        _worker.compile()


def _encode_chunk(articles: Sequence[Article]) -> Encoded:
    """Encode a chunk of articles in a worker."""
    assert _worker is not None, "pool workers are started with _init_worker"
    return encode(articles, _worker)


def _encode_all(
    articles: Sequence[Article],
    segmenter: Segmenter,
    words: tuple[tuple[str, ...], tuple[str, ...]],
    workers: int,
) -> Iterator[Encoded]:
    """Encode the articles chunk by chunk, in a process pool when ``workers`` > 1.

    Workers send back term ids, not text: the parent only renumbers each chunk's few
    distinct terms, so it keeps up with two segmenting processes.
    """
    chunks = chunked(articles, _CHUNK)
    compiled = _worth_compiling(articles)
    if workers <= 1:
        if compiled:
            segmenter.compile()
        return (encode(chunk, segmenter) for chunk in chunks)
    return map_chunks(
        _encode_chunk,
        chunks,
        workers=workers,
        initializer=_init_worker,
        initargs=(*words, compiled),
    )


def _strings_chunk(articles: Sequence[Article]) -> list[list[str]]:
    """Each article's passage strings, in a worker."""
    assert _worker is not None, "pool workers are started with _init_worker"
    return [article_strings(a, _worker) for a in articles]


def segmented(
    articles: Sequence[Article],
    segmenter: Segmenter,
    words: tuple[tuple[str, ...], tuple[str, ...]],
    workers: int,
) -> Iterator[list[str]]:
    """Yield each article's passage strings, in a process pool when ``workers`` > 1.

    ``words`` (set phrases, names) rebuild ``segmenter``'s dictionary in each worker.
    """
    if workers <= 1:
        if _worth_compiling(articles):
            segmenter.compile()
        return (article_strings(a, segmenter) for a in articles)
    chunks = chunked(articles, _CHUNK)
    pooled = map_chunks(
        _strings_chunk, chunks, workers=workers, initializer=_init_worker, initargs=words
    )
    return flatten(pooled)


def _scan_all(articles: Sequence[Article], workers: int, show: bool) -> list[tuple[str, Mentions]]:
    """``people.scan`` of every article, in a process pool when ``workers`` > 1."""
    if workers <= 1:
        return scan(articles)
    scanned = bar(
        map_chunks(scan, chunked(articles, _CHUNK), workers=workers),
        total=len(articles),
        desc="人名",
        unit="篇",
        show=show,
        weight=len,
    )
    return list(flatten(scanned))


def _count(
    encoded: Iterable[Encoded], show: bool, passages: int
) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Number terms corpus-wide in order of first use; every token's id, passage lengths."""
    vocabulary: dict[str, int] = {}
    ids: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    for chunk in bar(encoded, total=passages, desc="索引", unit="段", show=show, weight=_size):
        known = (vocabulary.setdefault(t, len(vocabulary)) for t in chunk.terms)
        renumber = np.fromiter(known, np.int32, len(chunk.terms))
        ids.append(renumber[chunk.ids])
        lengths.append(chunk.lengths)
    return vocabulary, _joined(ids, np.int32), _joined(lengths, np.int64)


def _size(chunk: Encoded) -> int:
    """How many passages a chunk holds (what the bar counts)."""
    return int(chunk.lengths.shape[0])


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    """The parts end to end (an empty array of ``dtype`` when there are none)."""
    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)


def _weights(ids: np.ndarray, lengths: np.ndarray, terms: int) -> tuple[Postings, np.ndarray]:
    """Compute BM25Okapi contributions term × passage, and each term's information."""
    n = len(lengths)
    rows, cols, tf = _term_frequencies(ids, np.asarray(lengths, dtype=np.int64), terms)
    dl = np.asarray(lengths, dtype=np.float64)
    df = np.bincount(rows, minlength=terms).astype(np.float64)
    idf = np.log(n - df + 0.5) - np.log(df + 0.5)
    info = np.clip(idf, 0, None).astype(np.float32)
    if terms:
        # rank-bm25: negative idf (term in over half the passages) → epsilon × mean idf.
        idf = np.where(idf < 0, EPSILON * idf.mean(), idf)
    avgdl = dl.mean() if n and dl.sum() else 1.0
    norm = K1 * (1 - B + B * dl[cols] / avgdl)
    data = (idf[rows] * (tf * (K1 + 1)) / (tf + norm)).astype(np.float32)
    indptr = np.zeros(terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=terms), out=indptr[1:])
    return Postings(indptr, cols.astype(np.int32), data), info


def _term_frequencies(
    ids: np.ndarray, lengths: np.ndarray, terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (term, passage) pair's count, ordered by term then passage.

    Counted per passage (a few dozen tokens each) and transposed by scipy in linear time,
    instead of sorting every token of the corpus.
    """
    n = lengths.shape[0]
    passage = np.repeat(np.arange(n, dtype=np.int32), lengths)
    ones = np.ones(ids.shape[0], dtype=np.int32)
    counts = sparse.csr_matrix((ones, (passage, ids)), shape=(n, max(terms, 1)))
    by_term = counts.tocsc()  # column-major: term after term, passages ascending
    by_term.sort_indices()
    rows = np.repeat(np.arange(by_term.shape[1], dtype=np.int64), np.diff(by_term.indptr))
    return rows, by_term.indices.astype(np.int64), by_term.data.astype(np.int64)


def _passage_tables(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each passage's article and paragraph number; each article's date ordinal (0: none)."""
    sizes = np.array([len(a.paragraphs) for a in articles], dtype=np.int64)
    article_of = np.repeat(np.arange(len(articles), dtype=np.int32), sizes)
    # paragraph number = passage number minus the first passage number of its article
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    paragraph = (np.arange(int(sizes.sum()), dtype=np.int64) - starts).astype(np.int32)
    days = np.array([a.date.toordinal() if a.date else 0 for a in articles], dtype=np.int32)
    return article_of, paragraph, days


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
    passages = sum(len(a.paragraphs) for a in articles)
    workers = worker_count(passages, PARALLEL_MIN_PASSAGES, workers)
    scanned = _scan_all(articles, workers, progress)
    texts = [text for text, _ in scanned]
    people, terms = mine_words(articles, overrides, scanned)
    del scanned
    names = tuple(p.name for p in people)
    segmenter = Segmenter.build(terms, names)
    encoded = _encode_all(articles, segmenter, (terms, names), workers)
    vocabulary, ids, lengths = _count(encoded, progress, passages)
    weights, info = _weights(ids, lengths, len(vocabulary))
    logger.info(
        "indexed %d passages, %d terms, %d postings", passages, len(vocabulary), weights.nnz
    )
    article_of, paragraph, days = _passage_tables(articles)
    short_forms = mine_abbreviations(texts, vocabulary)
    sounds = file_by_sound(vocabulary, segmenter.words)
    tables = Tables(
        vocabulary, weights, info, article_of, paragraph, days, people, terms, short_forms, sounds
    )
    return tables, segmenter
