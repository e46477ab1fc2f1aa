"""Measure the Solr backend: push rate into a SolrCloud and question latency through it.

Start a cluster first (deploy/solr/start-cluster.sh prints its URL), then:

    python benchmarks/solr_bench.py --solr-url http://127.0.0.1:PORT/solr --sizes seeds,100k

Each size gets its own collection (2 shards, created here, deleted afterwards). Prints one
row per size: paragraphs, push seconds and documents per second, then p50/p99 of
``Engine.ask`` and of ranking alone (``index.search``) through Solr, with the in-process
figures beside them for the same questions.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench import parse_size, percentile
from benchmarks.questions import QUESTIONS
from benchmarks.scale import cached_scale_corpus
from retrieval.engine import Engine
from retrieval.search.solr_client import SolrClient, SolrTarget

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3


def latencies(engine: Engine) -> tuple[list[float], list[float]]:
    """Milliseconds per question for the whole answer and for ranking alone."""
    for question in QUESTIONS:  # warm-up
        engine.ask(question)
    ask, search = [], []
    for _ in range(ROUNDS):
        for question in QUESTIONS:
            start = time.perf_counter()
            engine.ask(question)
            ask.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            engine.index.search(question, limit=10)
            search.append((time.perf_counter() - start) * 1000)
    return ask, search


def measure(corpus: Path, url: str, name: str, shards: int, cache: Path) -> dict[str, Any]:
    """Push one corpus into a fresh collection and time questions through it."""
    client = SolrClient(SolrTarget(url, name), timeout=600)
    client.create_collection(shards)
    try:
        local = Engine.open(corpus, cache)
        engine = Engine.open(corpus, cache, solr=client.target)
        start = time.perf_counter()
        report = engine.push(progress=True)
        push_s = time.perf_counter() - start
        ask, search = latencies(engine)
        local_ask, local_search = latencies(local)
    finally:
        client.delete_collection()
    paragraphs = sum(len(a.paragraphs) for a in local.corpus.articles)
    return {
        "paragraphs": paragraphs,
        "push_s": push_s,
        "docs_per_s": report.documents / push_s,
        "ask": ask,
        "search": search,
        "local_ask": local_ask,
        "local_search": local_search,
    }


def row(result: dict[str, Any]) -> str:
    """One table row."""

    def p(key: str, share: float) -> str:
        return f"{percentile(result[key], share):8.2f}"

    return (
        f"{result['paragraphs']:>10,} {result['push_s']:7.1f} {result['docs_per_s']:9,.0f}"
        f" {p('ask', 0.5)} {p('ask', 0.99)} {p('search', 0.5)} {p('search', 0.99)}"
        f" {p('local_ask', 0.5)} {p('local_search', 0.5)}"
    )


HEADER = (
    "paragraphs  push s    docs/s  ask p50  ask p99  rank p50 rank p99 local ask local rank"
    "\n" + "-" * 88
)


def main(argv: list[str] | None = None) -> int:
    """Run the Solr benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solr-url", required=True, help="a node's base URL, …/solr")
    parser.add_argument("--sizes", default="seeds,10k", help="seeds and/or paragraph counts")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    print(HEADER)
    with tempfile.TemporaryDirectory() as cache:
        for n, size in enumerate(args.sizes.split(",")):
            if size == "seeds":
                corpus = ROOT / "seeds"
            else:
                corpus = cached_scale_corpus(ROOT / "seeds", parse_size(size), 7, args.out).path
            result = measure(corpus, args.solr_url, f"bench{n}", args.shards, Path(cache))
            print(row(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
