"""Measure the Solr backend: push rate into a SolrCloud and question latency through it.

Start a cluster first (deploy/solr/start-cluster.sh prints its URL), then:

    python benchmarks/solr_bench.py --solr-url http://127.0.0.1:PORT/solr --sizes seeds,100k

Each size gets its own collection (2 shards, created here, deleted afterwards). Prints one
row per size: paragraphs, push seconds and documents per second, then p50/p99 of
``Engine.ask`` and of ranking alone (``index.search``) through Solr, with the in-process
figures beside them for the same questions.  Then, per size, a stateless replica
(retrieval/replica.py) started in a fresh process: seconds to open it (reading the meta
document, building the segmenter), the whole process to its first answer, its peak RSS, and
the p50 of its answers — figures that should not grow with the corpus.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench import parse_size, percentile
from benchmarks.questions import QUESTIONS
from benchmarks.scale import cached_scale_corpus
from retrieval.engine import Engine
from retrieval.replica import ReplicaEngine
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


REPLICA = """
import json, resource, sys, time
start = time.perf_counter()
from retrieval.replica import ReplicaEngine
from retrieval.search.solr_client import SolrTarget
from pathlib import Path
imported = time.perf_counter()
engine = ReplicaEngine.open_replica(SolrTarget(sys.argv[1], sys.argv[2]), Path(sys.argv[3]))
opened = time.perf_counter()
engine.ask("陈红民最近开了哪些会")
answered = time.perf_counter()
# This process's own peak (VmHWM): ru_maxrss would report the benchmark's, which spawned it
# (Linux carries a process's peak across the exec that starts a new program).
try:
    status = Path("/proc/self/status").read_text().splitlines()
    rss = int(next(line.split()[1] for line in status if line.startswith("VmHWM:"))) / 1024
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import": imported - start, "open": opened - imported,
                  "first": answered - start, "rss": rss}))
"""


def replica_start(target: SolrTarget, words: Path, runs: int = 3) -> dict[str, float]:
    """Median figures of a replica started in a fresh process (after one run that warms up)."""
    found = []
    for _ in range(runs + 1):
        done = subprocess.run(
            [sys.executable, "-c", REPLICA, target.url, target.collection, str(words)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(f[key] for f in found[1:]) for key in found[0]}


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
        started = replica_start(client.target, cache / "words")
        replica_ask, _ = latencies(ReplicaEngine.open_replica(client.target, cache / "words"))
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
        "replica": started,
        "replica_ask": replica_ask,
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


def replica_row(result: dict[str, Any]) -> str:
    """One row of the replica table."""
    started, asked = result["replica"], result["replica_ask"]
    return (
        f"{result['paragraphs']:>10,} {started['import']:8.2f} {started['open']:8.2f}"
        f" {started['first']:8.2f} {started['rss']:8.0f}"
        f" {percentile(asked, 0.5):8.2f} {percentile(asked, 0.99):8.2f}"
    )


REPLICA_HEADER = (
    "paragraphs import s   open s  first s   RSS MB  ask p50  ask p99   (stateless replica)"
    "\n" + "-" * 80
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
    results = []
    with tempfile.TemporaryDirectory() as cache:
        for n, size in enumerate(args.sizes.split(",")):
            if size == "seeds":
                corpus = ROOT / "seeds"
            else:
                corpus = cached_scale_corpus(ROOT / "seeds", parse_size(size), 7, args.out).path
            results.append(measure(corpus, args.solr_url, f"bench{n}", args.shards, Path(cache)))
            print(row(results[-1]), flush=True)
    print("\n" + REPLICA_HEADER)
    for result in results:
        print(replica_row(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
