"""Print the benchmark's table with the targets beside it, and draw the latency chart."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

COLUMNS = (
    ("paragraphs", "paragraphs", "{:,.0f}"),
    ("segment_chars_per_s", "seg chars/s", "{:,.0f}"),
    ("parse_s", "parse s", "{:.1f}"),
    ("build_s", "build s", "{:.1f}"),
    ("cold_s", "cold s", "{:.2f}"),
    ("ask_p50_ms", "ask p50 ms", "{:.2f}"),
    ("ask_p99_ms", "ask p99 ms", "{:.2f}"),
    ("search_p50_ms", "search p50 ms", "{:.3f}"),
    ("naive_p50_ms", "naive p50 ms", "{:.1f}"),
    ("speedup", "speed-up", "{:,.0f}×"),
    ("rss_mb", "peak RSS MB", "{:.0f}"),
)


@dataclass(frozen=True, slots=True)
class Target:
    """One promise of issue 6: a figure at a corpus size and its bound."""

    paragraphs: int
    key: str
    bound: float
    at_least: bool = False  # True for "≥ bound", else "≤ bound"

    def label(self) -> str:
        """Describe the target in words."""
        sign = "≥" if self.at_least else "≤"
        return f"{self.paragraphs // 1000}k: {self.key} {sign} {self.bound:g}"

    def met(self, value: float) -> bool:
        """Whether the measured value keeps the promise."""
        return value >= self.bound if self.at_least else value <= self.bound


TARGETS = (
    Target(100_000, "ask_p50_ms", 2),
    Target(100_000, "ask_p99_ms", 10),
    Target(100_000, "speedup", 200, at_least=True),
    Target(100_000, "cold_s", 0.5),  # issue 10 (issue 6 asked for 1.5)
    Target(100_000, "build_s", 45),
    Target(100_000, "rss_mb", 400),
    Target(300_000, "ask_p50_ms", 5),
    Target(1_000_000, "index_s", 480),  # issue 15: parse + build, one machine, 2 cores
    Target(1_000_000, "ask_p50_ms", 5),
    Target(1_000_000, "ask_p99_ms", 25),
    Target(1_000_000, "cold_s", 1),
    Target(1_000_000, "rss_mb", 2048),
)


def table_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Format one row per corpus size under a header."""
    cells = [[title for _, title, _ in COLUMNS]]
    cells += [[fmt.format(row[key]) for key, _, fmt in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
        for line in cells
    ]
    lines.insert(1, "-" * len(lines[0]))
    return lines


def target_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """One line per target measured in this run, with ✓ or ✗."""
    by_size = {row["paragraphs"]: row for row in rows}
    lines = []
    for target in TARGETS:
        row = by_size.get(target.paragraphs)
        if row is not None:
            mark = "✓" if target.met(row[target.key]) else "✗"
            lines.append(f"  {mark} {target.label():<28} measured {row[target.key]:,.2f}")
    return lines


def note_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Say how the naive baseline and the cold start were measured."""
    lines = []
    for row in rows:
        parts = row["cold_parts"]
        lines.append(
            f"  {row['paragraphs']:>9,}: naive on {row['naive_questions']} questions; cold = "
            f"`newsbot ask` wall (RSS {row['cold_rss_mb']:.0f} MB); in-process: import "
            f"{parts['import_s']:.2f}s + open {parts['open_s']:.2f}s + ask "
            f"{parts['ask_s'] * 1000:.0f}ms; build peak RSS {row.get('build_rss_mb', 0):.0f} MB; "
            f"load average {row.get('build_load', 0):.1f} (build) / {row.get('serve_load', 0):.1f} "
            "(serve)"
        )
    return lines


def bot_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """One line per size with the bot's sequential and concurrent throughput."""
    return [
        f"  {row['paragraphs']:>9,}: {row['bot']['sequential_per_s']:,.0f} sequential, "
        f"{row['bot']['concurrent_per_s']:,.0f} with 16 in flight "
        f"({row['bot']['updates']} updates, {row['bot']['api_calls']} Bot API calls)"
        for row in rows
        if "bot" in row
    ]


def print_table(rows: Sequence[dict[str, Any]]) -> None:
    """Print the table, the targets and the notes on stdout."""
    print("\n".join(table_lines(rows)))
    print("\ntargets (issues 6, 10 and 15, this 2-core machine):")
    print("\n".join(target_lines(rows)))
    print("\nnotes:")
    print("\n".join(note_lines(rows)))
    if any("bot" in row for row in rows):
        print("\nbot (real handlers, fake Bot API on 127.0.0.1, updates/s):")
        print("\n".join(bot_lines(rows)))
    print_peers(rows)


def print_peers(rows: Sequence[dict[str, Any]]) -> None:
    """Print the side-by-side table and newsbot's target against the fastest peer."""
    if any("peers" in row for row in rows):
        print("\npeers (same passages and query terms, newsbot's segmentation):")
        print("\n".join(peer_lines(rows)))
        print("\n".join(peer_target_lines(rows)))


def write_chart(rows: Sequence[dict[str, Any]], path: Path) -> Path:
    """Draw query latency against corpus size, newsbot against naive, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["paragraphs"] for row in rows]
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    series = (
        ("naive_p50_ms", "naive: rank-bm25 get_scores + sort (p50)", "o--"),
        ("ask_p50_ms", "newsbot: question → composed answer (p50)", "s-"),
        ("ask_p99_ms", "newsbot: question → composed answer (p99)", "s:"),
        ("search_p50_ms", "newsbot: retrieval alone (p50)", "^-"),
    )
    for key, label, style in series:
        axes.plot(sizes, [row[key] for row in rows], style, label=label)
    return _save_log_chart(
        figure,
        axes,
        path,
        "latency per question (ms)",
        "newsbot query latency vs corpus size (2-core machine)",
    )


PEER_LABELS = {
    "newsbot": "newsbot, top 10 passages",
    "newsbot-articles": "newsbot, top 10 articles (its search)",
    "rank-bm25": "rank-bm25 BM25Okapi",
    "bm25s": "bm25s numba (atire tf, robertson idf)",
    "tantivy": "tantivy (Lucene BM25)",
}


def peer_rows(row: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """One entry per engine, newsbot's article search as its own line."""
    peers = row["peers"]
    entries = [(name, peers[name]) for name in ("newsbot", "rank-bm25", "bm25s", "tantivy")]
    articles = {**peers["newsbot"], "search_ms": peers["newsbot"]["articles_ms"]}
    return [entries[0], ("newsbot-articles", articles), *entries[1:]]


def peer_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The side-by-side table: per size and engine, build, p50/p99, top-10 agreement, RSS."""
    lines = [
        f"{'paragraphs':>10}  {'engine':<40}{'index s':>8}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'top-10 = rank-bm25':>20}{'overlap':>9}{'peak RSS MB':>13}{'load':>6}"
    ]
    lines.append("-" * len(lines[0]))
    for row in (r for r in rows if "peers" in r):
        for number, (name, peer) in enumerate(peer_rows(row)):
            size = f"{row['paragraphs']:,}" if number == 0 else ""
            built = f"{peer['build_s']:.1f}" if "build_s" in peer else "—"
            agree = peer["agreement"]
            same = f"{agree['same']}/{agree['questions']}" if name != "newsbot-articles" else "—"
            overlap = f"{agree['overlap']:.0%}" if name != "newsbot-articles" else "—"
            lines.append(
                f"{size:>10}  {PEER_LABELS[name]:<40}{built:>8}"
                f"{statistics.median(peer['search_ms']):>9.3f}"
                f"{percentile(peer['search_ms'], 0.99):>9.3f}{same:>20}{overlap:>9}"
                f"{peer['rss_mb']:>13.0f}{_load(peer):>6}"
            )
    return lines


def _load(peer: dict[str, Any]) -> str:
    """The 1-minute load average when the engine was timed ('—' in older results)."""
    return f"{peer['load']:.1f}" if "load" in peer else "—"


def peer_target_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """newsbot's retrieval p50 against 2× the fastest peer's, per size."""
    lines = []
    for row in (r for r in rows if "peers" in r):
        peers = row["peers"]
        fastest = min(("bm25s", "tantivy"), key=lambda n: statistics.median(peers[n]["search_ms"]))
        bound = 2 * statistics.median(peers[fastest]["search_ms"])
        for key, label in (("search_ms", "top 10 passages"), ("articles_ms", "article search")):
            p50 = statistics.median(peers["newsbot"][key])
            mark = "✓" if p50 <= bound else "✗"
            lines.append(
                f"  {mark} {row['paragraphs']:>9,}: newsbot {label} p50 {p50:.3f} ms ≤ 2 × "
                f"{fastest} {bound / 2:.3f} ms ({p50 / (bound / 2):.1f}×)"
            )
    return lines


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def write_peers_chart(rows: Sequence[dict[str, Any]], path: Path) -> Path:
    """Draw retrieval p50 of every engine and newsbot's answer p50 against corpus size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measured = [row for row in rows if "peers" in row]
    sizes = [row["paragraphs"] for row in measured]
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    for name, label in PEER_LABELS.items():
        values = [statistics.median(dict(peer_rows(row))[name]["search_ms"]) for row in measured]
        axes.plot(sizes, values, "o-" if name.startswith("newsbot") else "s--", label=label)
    axes.plot(sizes, [row["ask_p50_ms"] for row in measured], "^:", label="newsbot, full answer")
    return _save_log_chart(
        figure,
        axes,
        path,
        "p50 latency per question (ms)",
        "BM25 engines on the same segmented passages (2-core machine)",
    )


def _save_log_chart(figure: Any, axes: Any, path: Path, ylabel: str, title: str) -> Path:
    """Log-log axes against corpus size, a legend, saved to ``path``."""
    import matplotlib.pyplot as plt

    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("corpus size (paragraphs)")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path
