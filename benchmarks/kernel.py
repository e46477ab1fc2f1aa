"""Time newsbot's query kernel beside bm25s (numba) on one token file, in one process.

    python benchmarks/kernel.py benchmarks/out/tokens/p100000-s7 [--repeat 10]

A quick check of the scoring kernel alone, without building a newsbot index: the passages of
a ``--peers`` token file (see ``peers.py``) are weighted as newsbot weighs them (BM25Okapi,
``bm25._weights``), each passage its own article, and ``top_passages`` is timed on the 30
questions' terms next to bm25s on the same passages.  ``--repeat R`` stacks the passages R
times (R × the paragraphs, every df × R), a stand-in for a corpus R times larger when none is
segmented yet.  Also times the kernel's two summing paths alone (sorted merge, dense).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `retrieval` and `benchmarks` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import peers  # noqa: E402
from retrieval.search import bm25, kernel  # noqa: E402

ROUNDS = 5


def p50_p99(search: Callable[[list[str]], object], queries: Sequence[list[str]]) -> str:
    """Warm up once per question, then time ROUNDS rounds; return 'p50 / p99 ms'."""
    for terms in queries:
        search(terms)
    times = []
    for _ in range(ROUNDS):
        for terms in queries:
            start = time.perf_counter()
            search(terms)
            times.append((time.perf_counter() - start) * 1000)
    return f"{np.median(times):.3f} / {np.percentile(times, 99):.3f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    """Build both engines from the token file and print their p50/p99 per query."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tokens", type=Path, help="a token folder written by bench.py --peers")
    parser.add_argument("--repeat", type=int, default=1, help="stack the passages R times")
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

    def top(terms: list[str]) -> object:
        counts = Counter(t for t in terms if t in vocabulary)
        found, scores = index.score([(vocabulary[t], c) for t, c in counts.items()])
        return kernel.top_passages(found, scores, peers.K)

    sizes = np.diff(weights.indptr)
    touched = [sum(int(sizes[vocabulary[t]]) for t in set(q) if t in vocabulary) for q in queries]
    print(
        f"{n:,} passages; postings per question: median {int(np.median(touched)):,}, "
        f"max {max(touched):,}"
    )
    print(f"newsbot top_passages        {p50_p99(top, queries)}")
    for name, share in (("sorted merge only", 0), ("dense bincount only", 10**12)):
        kernel._DENSE_SHARE, saved = share, kernel._DENSE_SHARE
        print(f"newsbot, {name:<19} {p50_p99(top, queries)}")
        kernel._DENSE_SHARE = saved
    peer = peers.build_bm25s(passages)
    print(f"bm25s numba                 {p50_p99(peer.search, queries)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
