"""Time newsbot's query kernel beside bm25s (numba) on one token file, in one process.

    python benchmarks/kernel.py benchmarks/out/tokens/p100000-s7 [--repeat 10] [--tantivy]

A quick check of the scoring kernel alone, without building a newsbot index: the passages of
a ``--peers`` token file (see ``peers.py``) are weighted as newsbot weighs them (BM25Okapi,
``bm25._weights``), each passage its own article, and ``top_passages`` is timed on the 30
questions' terms next to bm25s (and tantivy with ``--tantivy``) on the same passages.
``--repeat R`` stacks the passages R times (R × the paragraphs, every df × R), a stand-in for
a corpus R times larger when none is segmented yet.  Also times newsbot without
pruning (``score`` then ``top_passages``), and with pruning or the dense sum only (no merge).

The engines are timed interleaved, question by question, so a load that comes and goes on a
shared machine falls on all of them alike; the load average is printed beside the figures,
and every engine's top 10 is checked against newsbot's before anything is timed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `retrieval` and `benchmarks` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import peers  # noqa: E402
from retrieval.search import bm25, kernel  # noqa: E402

ROUNDS = 5
Search = Callable[[list[str]], object]


def interleaved(
    engines: Mapping[str, Search], queries: Sequence[list[str]], rounds: int = ROUNDS
) -> dict[str, list[float]]:
    """Warm up once per question, then time every engine on each question in turn (ms)."""
    for terms in queries:
        for search in engines.values():
            search(terms)
    times: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(rounds):
        for terms in queries:
            for name, search in engines.items():
                start = time.perf_counter()
                search(terms)
                times[name].append((time.perf_counter() - start) * 1000)
    return times


def figures(times: Sequence[float]) -> str:
    """'p50 / p99 ms' of a sample."""
    return f"{np.median(times):.3f} / {np.percentile(times, 99):.3f} ms"


def load() -> str:
    """The 1-, 5- and 15-minute load averages, as uptime prints them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> int:
    """Build the engines from the token file and print their p50/p99 per query."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tokens", type=Path, help="a token folder written by bench.py --peers")
    parser.add_argument("--repeat", type=int, default=1, help="stack the passages R times")
    parser.add_argument("--tantivy", action="store_true", help="also time tantivy")
    args = parser.parse_args(argv)
    passages = peers.read_passages(args.tokens) * args.repeat
    queries = [q["terms"] for q in peers.read_queries(args.tokens)]
    vocabulary: dict[str, int] = {}
    ids = [vocabulary.setdefault(t, len(vocabulary)) for p in passages for t in p]
    weights, _ = bm25._weights(
        np.asarray(ids, np.int64), np.array([len(p) for p in passages]), len(vocabulary)
    )
    del ids
    n = len(passages)
    index = kernel.Kernel(weights, np.arange(n, dtype=np.int32), n)

    def top(terms: list[str]) -> list[int]:
        counts = Counter(t for t in terms if t in vocabulary)
        return index.best([(vocabulary[t], c) for t, c in counts.items()], peers.K).tolist()

    sizes = np.diff(weights.indptr)
    touched = [sum(int(sizes[vocabulary[t]]) for t in set(q) if t in vocabulary) for q in queries]
    print(
        f"{n:,} passages; postings per question: median {int(np.median(touched)):,}, "
        f"max {max(touched):,}"
    )
    engines: dict[str, Search] = {"newsbot top_passages": top}
    tops = [top(q) for q in queries]
    built = {"bm25s numba": peers.build_bm25s(passages)}
    if args.tantivy:
        built["tantivy"] = peers.build_tantivy(passages)
    del passages
    for name, peer in built.items():
        agree = peers.agreement([peer.ids(peer.search(q)) for q in queries], tops)
        print(
            f"{name}: top 10 equal to newsbot's on {agree['same']}/{agree['questions']} "
            f"questions; {agree['overlap']:.0%} of newsbot's passages are in its top 10 (ties "
            "at the cut may fall to other passages)"
        )
        engines[name] = peer.search
    print(f"load average before: {load()}")
    times = interleaved(engines, queries)
    for name, sample in times.items():
        print(f"{name:<28}{figures(sample)}")
    fastest = min(built, key=lambda name: float(np.median(times[name])))
    ratio = np.median(times["newsbot top_passages"]) / np.median(times[fastest])
    print(f"newsbot p50 / {fastest} p50 = {ratio:.2f}× ({'✓' if ratio <= 2 else '✗'} ≤ 2×)")
    for name, share in (("no pruning (score + top)", 0), ("pruned or dense, no merge", 10**12)):
        kernel._MERGE_SHARE, saved = share, kernel._MERGE_SHARE
        print(f"newsbot, {name:<26} {figures(interleaved({name: top}, queries)[name])}")
        kernel._MERGE_SHARE = saved
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
