"""newsbot next to rank-bm25, bm25s (numba) and tantivy on the same passages and query terms.

Every engine is fed newsbot's own segmentation: the passages' terms (paragraph plus headline
and byline terms, exactly what newsbot indexes) are written once per corpus to a token file,
one passage a line, and the questions' terms (``query_terms``) beside it, so only indexing
and scoring differ.  Each engine runs in its own process (see ``bench.py``), builds its
index from the tokens and returns the top 10 passages of every question, timed per query.

BM25 variants: newsbot and rank-bm25 score BM25Okapi (k1=1.5, b=0.75, negative idf floored
at 0.25 × mean idf).  bm25s runs ``method="atire"`` (the same tf part, tf·(k1+1)/(tf+k1·norm))
with ``idf_method="robertson"`` (log((N-df+0.5)/(df+0.5)), the same idf) and the same k1 and
b; it differs only on terms in more than half the passages, whose idf it clips to 0 instead
of the floor.  tantivy's BM25 is Lucene's (k1=1.2, b=0.75, idf log(1+(N-df+0.5)/(df+0.5)),
lengths quantised to a byte) and cannot be changed from Python: its top 10 differs.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

ENGINES = ("newsbot", "rank-bm25", "bm25s", "tantivy")
K = 10
K1, B = 1.5, 0.75


def tokens_dir(out: Path, corpus_dir: Path) -> Path:
    """Where the token file of a corpus lives."""
    return out / "tokens" / corpus_dir.name


def write_tokens(corpus_dir: Path, cache_dir: Path, target: Path, questions: Sequence[str]) -> None:
    """Segment every passage as newsbot indexes it (in a process pool) and the questions."""
    from retrieval.engine import Engine
    from retrieval.search.bm25 import segmented  # the index's own cutting

    index = Engine.open(corpus_dir, cache_dir).index
    words = (index.tables.terms, tuple(p.name for p in index.people))
    workers = min(2, os.cpu_count() or 1)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target, delete=False) as file:
        for lines in segmented(index.articles, index.segmenter, words, workers):
            file.writelines(f"{line}\n" for line in lines)
    os.replace(file.name, target / "passages.txt")
    cut = index.segmenter
    queries = [{"terms": cut.query_terms(q), "groups": cut.query_groups(q)} for q in questions]
    (target / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), "utf-8")


def read_passages(folder: Path) -> list[list[str]]:
    """The token file as lists of terms (terms interned: a million passages share them)."""
    with (folder / "passages.txt").open(encoding="utf-8") as file:
        return [[sys.intern(t) for t in line.split()] for line in file]


def read_queries(folder: Path) -> list[dict[str, Any]]:
    """The questions' terms and token groups."""
    return list(json.loads((folder / "queries.json").read_text("utf-8")))


# ---- engines: build from the passages, return a function giving a question's top 10 ------


class Peer(NamedTuple):
    """A built engine: ``search`` is what is timed, ``ids`` turns its result into passages."""

    search: Callable[[list[str]], Any]
    ids: Callable[[Any], list[int]] = list
    compile_s: float = 0.0  # one-time JIT compilation inside the build, not indexing


def build_rank_bm25(passages: list[list[str]]) -> Peer:
    """rank-bm25's BM25Okapi, top 10 by a stable sort (ties to the lower passage number)."""
    from rank_bm25 import BM25Okapi

    model = BM25Okapi(passages, k1=K1, b=B)

    def search(terms: list[str]) -> list[int]:
        scores = model.get_scores(terms)
        top = np.argsort(-scores, kind="stable")[:K]
        return top[scores[top] != 0].tolist()  # passages holding a term, as the others

    return Peer(search)


def build_bm25s(passages: list[list[str]]) -> Peer:
    """bm25s with the numba backend, the variant closest to BM25Okapi (module docstring)."""
    import bm25s

    start = time.perf_counter()
    model = bm25s.BM25(k1=K1, b=B, method="atire", idf_method="robertson", backend="numba")
    compile_s = time.perf_counter() - start
    model.index(passages, show_progress=False)

    def search(terms: list[str]) -> list[int]:
        found = model.retrieve([terms or [""]], k=K, show_progress=False, n_threads=0)
        hits = zip(found.documents[0], found.scores[0], strict=True)
        return [int(i) for i, score in hits if score != 0]  # it pads with zero scores

    start = time.perf_counter()
    search(["预热"])  # numba compiles the top-k on the first call: not a query's cost
    return Peer(search, compile_s=compile_s + time.perf_counter() - start)


def build_tantivy(passages: list[list[str]]) -> Peer:
    """tantivy with a whitespace tokenizer (the terms are pre-segmented), one thread."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("n", stored=True, indexed=False)
    schema = builder.build()
    index = tantivy.Index(schema, path=tempfile.mkdtemp(prefix="tantivy-"))
    writer = index.writer(heap_size=500_000_000, num_threads=1)
    for number, terms in enumerate(passages):
        writer.add_document(tantivy.Document(text=" ".join(terms), n=number))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    should = tantivy.Occur.Should

    def search(terms: list[str]) -> Any:
        clauses = [(should, tantivy.Query.term_query(schema, "text", t)) for t in terms]
        return searcher.search(tantivy.Query.boolean_query(clauses), K).hits

    def ids(hits: Any) -> list[int]:
        # reading the stored passage number is left out of the timing, as the others
        # return positions directly
        return [int(searcher.doc(address)["n"][0]) for _, address in hits]

    return Peer(search, ids)


BUILDERS: dict[str, Callable[[list[list[str]]], Peer]] = {
    "rank-bm25": build_rank_bm25,
    "bm25s": build_bm25s,
    "tantivy": build_tantivy,
}


def run_peer(name: str, folder: Path, rounds: int) -> dict[str, Any]:
    """Build one peer from the token file and time its top 10 for every question."""
    passages = read_passages(folder)
    queries = [q["terms"] for q in read_queries(folder)]
    start = time.perf_counter()
    peer = BUILDERS[name](passages)
    build_s = time.perf_counter() - start - peer.compile_s
    del passages
    top = [peer.ids(peer.search(terms)) for terms in queries]  # also the warm-up
    times = [_timed(peer.search, terms) for _ in range(rounds) for terms in queries]
    return {
        "engine": name,
        "build_s": build_s,
        "compile_s": peer.compile_s,
        "search_ms": times,
        "top": top,
    }


def run_newsbot(corpus_dir: Path, cache_dir: Path, folder: Path, rounds: int) -> dict[str, Any]:
    """newsbot on the same terms: plain top-10 passages, and its article search."""
    from retrieval.engine import Engine

    index = Engine.open(corpus_dir, cache_dir).index
    queries = read_queries(folder)
    terms = [q["terms"] for q in queries]
    groups = [[(token, list(subwords)) for token, subwords in q["groups"]] for q in queries]
    top = [index.top_passages(t, K).tolist() for t in terms]
    for g in groups:
        index.search_segmented(g, limit=K)
    times = [_timed(index.top_passages, t) for _ in range(rounds) for t in terms]
    articles = [
        _timed(lambda g: index.search_segmented(g, limit=K), g)
        for _ in range(rounds)
        for g in groups
    ]
    return {"engine": "newsbot", "search_ms": times, "articles_ms": articles, "top": top}


def _timed(call: Callable[[Any], object], argument: Any) -> float:
    """Wall time of one call in milliseconds."""
    start = time.perf_counter()
    call(argument)
    return (time.perf_counter() - start) * 1000


def agreement(top: Sequence[Sequence[int]], reference: Sequence[Sequence[int]]) -> dict[str, float]:
    """How many questions' top 10 equal the reference's, and the mean overlap of the sets."""
    same = sum(list(a) == list(b) for a, b in zip(top, reference, strict=True))
    overlap = [len(set(a) & set(b)) / max(len(b), 1) for a, b in zip(top, reference, strict=True)]
    return {"same": same, "questions": len(reference), "overlap": float(np.mean(overlap))}
