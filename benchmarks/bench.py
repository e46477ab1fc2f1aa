"""Measure newsbot at 1k-300k paragraphs and print one table with the targets beside it.

Run from the repository root:

    python benchmarks/bench.py [--sizes 1k,10k,100k,300k] [--seed 7] [--out DIR] [--peers]
    python benchmarks/bench.py --sizes 100k,1m --peers-only   # the peers table alone

Each size is measured in fresh subprocesses (build, cold start, serve) so sizes don't
pollute each other's memory or caches; the parent only generates corpora, prints and plots.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `retrieval` and `benchmarks` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.questions import QUESTIONS  # noqa: E402
from benchmarks.report import (  # noqa: E402
    percentile,
    print_peers,
    print_table,
    write_chart,
    write_peers_chart,
)
from benchmarks.scale import cached_scale_corpus  # noqa: E402

logger = logging.getLogger("bench")

ROUNDS = 5  # each question is asked this many times when serving
NAIVE_FULL_UP_TO = 100_000  # above this the naive baseline runs on fewer questions
NAIVE_FEW = 10
NAIVE_UP_TO = 300_000  # past this only the peers run (--peers) times rank-bm25
COLD_RUNS = 3
BOT_UPDATES = 300  # per run of the --bot section (sequential, then concurrent)
SEGMENT_SAMPLE_CHARS = 2_000_000  # enough for a stable chars/s figure


def parse_size(text: str) -> int:
    """Parse '1k', '300k', '2m' or a plain number of paragraphs."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def timed(call: Callable[[], object]) -> float:
    """Run ``call`` once and return its wall time in milliseconds."""
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- workers: each runs in its own process and prints one JSON line -------------------


def worker_build(corpus_dir: Path, cache_dir: Path) -> dict[str, Any]:
    """Parse the corpus, measure segmentation throughput, then build and persist the index.

    The index is built and saved as ``Engine.open`` does on a cache miss (with the per-article
    flags the engine stores), so the cold start and serving that follow read the same cache
    a user's first start writes.
    """
    from retrieval.engine import article_flags
    from retrieval.pages.corpus import load_corpus
    from retrieval.search import cache as store
    from retrieval.search.index import SearchIndex

    shutil.rmtree(cache_dir, ignore_errors=True)
    cache_dir.mkdir(parents=True)
    key = store.cache_key(corpus_dir, cache_dir)
    start = time.perf_counter()
    corpus = load_corpus(corpus_dir)
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    index = SearchIndex.build(corpus)
    store.save(corpus, index, cache_dir, key=key, flags=article_flags(corpus.articles))
    build_s = time.perf_counter() - start
    chars_per_s = segment_throughput([p for a in corpus.articles for p in a.paragraphs])
    return {
        "parse_s": parse_s,
        "segment_chars_per_s": chars_per_s,
        "build_s": build_s,
        "build_rss_mb": peak_rss_mb(),
        "build_load": os.getloadavg()[0],
    }


def segment_throughput(paragraphs: Sequence[str]) -> float:
    """Characters per second that one process segments, on a sample of the paragraphs.

    Cut as a build cuts a corpus this large: by the compiled segmenter (rjieba).
    """
    from retrieval.text.segment import Segmenter

    segmenter = Segmenter.build()
    segmenter.compile()
    sample, chars = [], 0
    for paragraph in paragraphs:
        if chars >= SEGMENT_SAMPLE_CHARS:
            break
        sample.append(paragraph)
        chars += len(paragraph)
    segmenter.segment("预热")  # first-use costs outside the timing
    start = time.perf_counter()
    for paragraph in sample:
        segmenter.segment(paragraph)
    return chars / (time.perf_counter() - start)


def worker_cold(corpus_dir: Path, cache_dir: Path) -> dict[str, Any]:
    """Open the engine from the persisted cache and answer one question."""
    start = time.perf_counter()
    from retrieval.engine import Engine

    imported = time.perf_counter()
    engine = Engine.open(corpus_dir, cache_dir)
    opened = time.perf_counter()
    engine.ask(QUESTIONS[0])
    done = time.perf_counter()
    return {
        "import_s": imported - start,
        "open_s": opened - imported,
        "ask_s": done - opened,
        "cpu_s": time.process_time(),  # interpreter start included
        "rss_mb": peak_rss_mb(),
    }


def worker_open(corpus_dir: Path, cache_dir: Path) -> dict[str, Any]:
    """Open the engine, building and persisting the index unless the cache is current."""
    from retrieval.engine import Engine

    start = time.perf_counter()
    Engine.open(corpus_dir, cache_dir)
    return {"open_s": time.perf_counter() - start}


def worker_serve(corpus_dir: Path, cache_dir: Path, naive_questions: int) -> dict[str, Any]:
    """Answer the question set repeatedly; then time the naive baseline."""
    from retrieval.engine import Engine

    engine = Engine.open(corpus_dir, cache_dir)
    for question in QUESTIONS:  # warm-up: first-touch costs belong to cold start
        engine.ask(question)
        engine.index.search(question, limit=10)
    ask_ms, search_ms = [], []
    for _ in range(ROUNDS):
        for question in QUESTIONS:
            ask_ms.append(timed(partial(engine.ask, question)))
            search_ms.append(timed(partial(engine.index.search, question, limit=10)))
    rss = peak_rss_mb()  # before the naive baseline, whose own structures are not ours
    return {
        "ask_ms": ask_ms,
        "search_ms": search_ms,
        "rss_mb": rss,
        "naive_ms": naive_latencies(engine, QUESTIONS[:naive_questions]),
        "naive_questions": naive_questions,
        "load": os.getloadavg()[0],
    }


def naive_latencies(engine: Any, questions: Sequence[str]) -> list[float]:
    """Time rank-bm25 get_scores over every paragraph plus a full sort, per question."""
    import numpy as np

    def naive_top10(question: str) -> object:
        return np.argsort(-np.asarray(engine.index.naive_scores(question)))[:10]

    if not questions:
        return []
    naive_top10(questions[0])  # builds BM25Okapi once, outside the timing
    return [timed(partial(naive_top10, question)) for question in questions]


def worker_peer(args: argparse.Namespace) -> dict[str, Any]:
    """Build and time one engine of the side-by-side run on the corpus's token file."""
    from benchmarks import peers

    folder = peers.tokens_dir(args.out, args.corpus)
    if args.engine == "newsbot":
        result = peers.run_newsbot(args.corpus, args.cache, folder, ROUNDS)
    else:
        result = peers.run_peer(args.engine, folder, 1 if args.engine == "rank-bm25" else ROUNDS)
    return {**result, "rss_mb": peak_rss_mb(), "load": os.getloadavg()[0]}


def run_worker(args: argparse.Namespace) -> None:
    """Dispatch --worker and print its JSON result on stdout."""
    if args.worker == "tokens":
        from benchmarks import peers

        target = peers.tokens_dir(args.out, args.corpus)
        peers.write_tokens(args.corpus, args.cache, target, QUESTIONS)
        result: dict[str, Any] = {"tokens": str(target)}
    elif args.worker == "peer":
        result = worker_peer(args)
    elif args.worker == "build":
        result = worker_build(args.corpus, args.cache)
    elif args.worker == "bot":
        from benchmarks.botload import bot_throughput

        result = bot_throughput(args.corpus, args.cache, QUESTIONS, BOT_UPDATES)
    elif args.worker == "cold":
        result = worker_cold(args.corpus, args.cache)
    elif args.worker == "open":
        result = worker_open(args.corpus, args.cache)
    else:
        result = worker_serve(args.corpus, args.cache, args.naive_questions)
    print(json.dumps(result))


# ---- parent: one size at a time --------------------------------------------------------


def spawn(
    mode: str, corpus_dir: Path, cache_dir: Path, *extra: str
) -> tuple[dict[str, Any], float]:
    """Run a worker in a new Python process; return its JSON and the wall time in seconds."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", mode]
    command += ["--corpus", str(corpus_dir), "--cache", str(cache_dir), *extra]
    env = child_env()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{mode} worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def spawn_cli(corpus_dir: Path, cache_dir: Path) -> tuple[float, float, float]:
    """Run `newsbot ask` once in a new process; return its wall time (s), peak RSS (MB) and
    CPU time (s, user + system: what the process itself spent, whatever else runs)."""
    command = [sys.executable, "-m", "bot.cli", "--corpus", str(corpus_dir)]
    command += ["--cache-dir", str(cache_dir), "ask", QUESTIONS[0]]
    env = child_env()
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"newsbot ask failed:\n{stderr[-3000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def child_env() -> dict[str, str]:
    """The environment of a measured process: ours, importing this checkout, bytecode cached.

    An installed package runs from compiled bytecode (pip compiles it at install); a shell
    with PYTHONDONTWRITEBYTECODE would make every start re-compile newsbot's source instead
    (about 0.1 s of a cold start), so that variable is dropped and the bytecode written first.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(ROOT)}


def compile_bytecode() -> None:
    """Write newsbot's bytecode caches, as installing the package does."""
    import compileall

    for package in ("bot", "retrieval"):
        compileall.compile_dir(ROOT / package, quiet=1)


def measure_cold(corpus_dir: Path, cache_dir: Path) -> dict[str, Any]:
    """Cold starts: `newsbot ask` end to end, and a worker that times the parts."""
    compile_bytecode()
    clis = sorted(spawn_cli(corpus_dir, cache_dir) for _ in range(COLD_RUNS))
    colds = sorted(
        (spawn("cold", corpus_dir, cache_dir) for _ in range(COLD_RUNS)), key=lambda c: c[1]
    )
    wall, rss, _ = clis[len(clis) // 2]
    return {
        "cold_s": wall,
        "cold_rss_mb": rss,
        "cold_runs": [c[0] for c in clis],
        "cold_cpu_s": sorted(c[2] for c in clis)[len(clis) // 2],
        "cold_parts": colds[len(colds) // 2][0],
    }


def measure_peers(corpus_dir: Path, paragraphs: int, out: Path) -> dict[str, Any]:
    """Run newsbot and each peer in its own process on the same tokens; compare top 10s."""
    from benchmarks import peers

    cache_dir = out / "cache" / corpus_dir.name
    where = ("--out", str(out))
    if not (peers.tokens_dir(out, corpus_dir) / "queries.json").is_file():
        logger.info("%d paragraphs: writing newsbot's segmentation for the peers", paragraphs)
        spawn("tokens", corpus_dir, cache_dir, *where)
    results = {}
    for engine in peers.ENGINES:
        logger.info("%d paragraphs: %s on the same tokens", paragraphs, engine)
        results[engine] = spawn("peer", corpus_dir, cache_dir, "--engine", engine, *where)[0]
    reference = results["rank-bm25"]["top"]
    for result in results.values():
        result["agreement"] = peers.agreement(result.pop("top"), reference)
    return results


def measure_size(corpus_dir: Path, paragraphs: int, out: Path, bot: bool) -> dict[str, Any]:
    """Build, cold-start and serve one corpus size in separate processes."""
    cache_dir = out / "cache" / corpus_dir.name
    logger.info("%d paragraphs: building the index", paragraphs)
    build, _ = spawn("build", corpus_dir, cache_dir)
    logger.info("%d paragraphs: cold starts", paragraphs)
    cold = measure_cold(corpus_dir, cache_dir)
    logger.info("%d paragraphs: serving %d questions", paragraphs, len(QUESTIONS))
    few = len(QUESTIONS) if paragraphs <= NAIVE_FULL_UP_TO else NAIVE_FEW
    few = few if paragraphs <= NAIVE_UP_TO else 0
    serve, _ = spawn("serve", corpus_dir, cache_dir, "--naive-questions", str(few))
    row = summarise(paragraphs, build, cold, serve)
    if bot:
        logger.info("%d paragraphs: bot updates through the fake Bot API", paragraphs)
        row["bot"] = spawn("bot", corpus_dir, cache_dir)[0]
    return row


def summarise(
    paragraphs: int,
    build: dict[str, Any],
    cold: dict[str, Any],
    serve: dict[str, Any],
) -> dict[str, Any]:
    """Reduce raw worker output to the table's figures."""
    search_p50 = statistics.median(serve["search_ms"])
    naive_p50 = statistics.median(serve["naive_ms"]) if serve["naive_ms"] else float("nan")
    return {
        "paragraphs": paragraphs,
        "segment_chars_per_s": build["segment_chars_per_s"],
        "parse_s": build["parse_s"],
        "build_s": build["build_s"],
        "index_s": build["parse_s"] + build["build_s"],  # what a user waits for
        "build_rss_mb": build.get("build_rss_mb", 0.0),
        "build_load": build.get("build_load", 0.0),
        "serve_load": serve.get("load", 0.0),
        **cold,
        "ask_p50_ms": statistics.median(serve["ask_ms"]),
        "ask_p99_ms": percentile(serve["ask_ms"], 0.99),
        "search_p50_ms": search_p50,
        "naive_p50_ms": naive_p50,
        "naive_questions": serve["naive_questions"],
        "speedup": naive_p50 / search_p50 if search_p50 > 0 else float("inf"),
        "rss_mb": max(serve["rss_mb"], cold["cold_rss_mb"]),
    }


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k,300k", help="paragraph counts")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument(
        "--bot", action="store_true", help="also measure bot updates/s against the fake Bot API"
    )
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="build (if needed) and measure only the cold start; print it as JSON",
    )
    parser.add_argument("--seeds-dir", type=Path, default=ROOT / "seeds", help=argparse.SUPPRESS)
    parser.add_argument(
        "--worker",
        choices=["build", "cold", "open", "serve", "bot", "tokens", "peer"],
        help=argparse.SUPPRESS,
    )
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also run rank-bm25, bm25s and tantivy on the same tokens (needs the peers extra)",
    )
    parser.add_argument(
        "--peers-only",
        action="store_true",
        help="run only the side-by-side table, over the cached index (built when not current)",
    )
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--naive-questions", type=int, default=len(QUESTIONS), help=argparse.SUPPRESS
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the corpora, measure every size, print the table and draw the chart."""
    args = build_parser().parse_args(argv)
    if args.worker:
        run_worker(args)
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    rows = []
    for size in [parse_size(text) for text in args.sizes.split(",")]:
        corpus = cached_scale_corpus(args.seeds_dir, size, args.seed, args.out)
        if args.cold_only:
            cache_dir = args.out / "cache" / corpus.path.name
            spawn("open", corpus.path, cache_dir)  # builds the cache when it is not current
            print(json.dumps({"paragraphs": size, **measure_cold(corpus.path, cache_dir)}))
            continue
        if args.peers_only:
            spawn("open", corpus.path, args.out / "cache" / corpus.path.name)
            rows.append({"paragraphs": size, "peers": measure_peers(corpus.path, size, args.out)})
            print_peers(rows[-1:])
            continue
        row = measure_size(corpus.path, size, args.out, args.bot)
        if args.peers:
            row["peers"] = measure_peers(corpus.path, size, args.out)
        rows.append(row)
    if args.cold_only:
        return 0
    if args.peers_only:
        (args.out / "peers.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
        return 0
    (args.out / "results.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print_table(rows)
    chart = write_chart(rows, args.out / "latency.png")
    shutil.copyfile(chart, ROOT / "benchmarks" / "latency.png")
    if args.peers:
        chart = write_peers_chart(rows, args.out / "peers.png")
        shutil.copyfile(chart, ROOT / "benchmarks" / "peers.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
