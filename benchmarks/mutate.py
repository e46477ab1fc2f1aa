"""Mutate real page files the ways pages arrive damaged or laid out differently.

Each mutation takes a page's text (and a ``random.Random`` where it needs choices) and returns
new text: re-wrapped paragraphs, runs of short lines, dropped or doubled lines, truncation,
two pages merged, CRLF, a BOM, full-width digits, tabs.  The property tests draw from these,
and ``python benchmarks/mutate.py`` builds a corpus of mutated pages and loads it, printing
how many pages fail to parse.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from retrieval.pages.lines import ends_sentence, is_heading, is_lead, split_inline_byline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HAN = "二七区召开会议工作推进建设发展街道社区群众服务企业项目安全生产城市管理"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def paragraph_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Return (start, end) of each run of lines that is one paragraph's text, ending a sentence.

    A run starts at a lead, a heading's next line or after a line that ends a sentence, and
    ends at a line that ends a sentence (or with a byline); headline lines glued to text are
    never part of one, so re-wrapping runs leaves headlines as printed.
    """
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        if not line.strip() or is_heading(line):
            start = None
            continue
        if start is None or is_lead(line):
            start = i
        text, byline = split_inline_byline(line.strip())
        if byline or ends_sentence(text):
            runs.append((start, i + 1))
            start = None
    return runs


def rewrap(text: str, width: int) -> str:
    """Re-wrap every paragraph run at ``width`` characters, keeping a closing byline whole."""
    lines = text.split("\n")
    for start, end in reversed(paragraph_runs(lines)):
        body, byline = split_inline_byline("".join(line.strip() for line in lines[start:end]))
        wrapped = [body[i : i + width] for i in range(0, len(body), width)] or [""]
        if byline:
            wrapped[-1] += " " + byline
        lines[start:end] = wrapped
    return "\n".join(lines)


def short_run(text: str, rng: random.Random, count: int) -> str:
    """Insert ``count`` short lines (a list, a stack of headlines) at a random line break."""
    lines = text.split("\n")
    run = ["".join(rng.choices(HAN, k=rng.randint(2, 8))) for _ in range(count)]
    at = rng.randint(0, len(lines))
    return "\n".join([*lines[:at], *run, *lines[at:]])


def pick_line(lines: list[str], rng: random.Random) -> int:
    """Pick a line with text on it (any line when none has)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return rng.choice(filled or range(len(lines)))


def drop_line(text: str, rng: random.Random) -> str:
    """Remove one line."""
    lines = text.split("\n")
    del lines[pick_line(lines, rng)]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    """Print one line twice."""
    lines = text.split("\n")
    at = pick_line(lines, rng)
    lines.insert(at, lines[at])
    return "\n".join(lines)


def truncate(text: str, rng: random.Random) -> str:
    """Cut the page off at a random character."""
    return text[: rng.randint(0, len(text))]


def merge(text: str, other: str) -> str:
    """Put two pages into one file."""
    return text.rstrip("\n") + "\n\n" + other


def crlf(text: str) -> str:
    """Windows line endings."""
    return text.replace("\n", "\r\n")


def bom(text: str) -> str:
    """A byte-order mark before the text."""
    return "\ufeff" + text


def full_width(text: str) -> str:
    """Full-width digits (０-９) everywhere."""
    return text.translate(FULL_WIDTH)


def tabs(text: str, rng: random.Random) -> str:
    """Tabs for spaces, and some lines indented with a tab."""
    lines = [line.replace(" ", "\t") for line in text.split("\n")]
    return "\n".join("\t" + line if rng.random() < 0.3 else line for line in lines)


def mutate(text: str, other: str, rng: random.Random) -> str:
    """Change a page's content once, then its layout up to twice, at random."""
    content: list[Callable[[str], str]] = [
        lambda t: short_run(t, rng, rng.randint(4, 20)),
        lambda t: drop_line(t, rng),
        lambda t: duplicate_line(t, rng),
        lambda t: truncate(t, rng),
        lambda t: merge(t, truncate(other, rng)),
    ]
    layout: list[Callable[[str], str]] = [
        lambda t: rewrap(t, rng.randint(6, 60)),
        crlf,
        bom,
        full_width,
        lambda t: tabs(t, rng),
    ]
    text = rng.choice(content)(text)
    for step in rng.sample(layout, rng.randint(0, 2)):
        text = step(text)
    return text


def seed_pages(folder: Path = SEEDS) -> list[str]:
    """The text of every page file of a folder."""
    return [path.read_text("utf-8-sig") for path in sorted(folder.glob("*.txt"))]


def write_mutated_corpus(target: Path, pages: int, seed: int) -> None:
    """Write ``pages`` mutated seed pages (and no manifest) into an empty folder."""
    rng = random.Random(seed)
    texts = seed_pages()
    target.mkdir(parents=True, exist_ok=True)
    for n in range(pages):
        text = mutate(rng.choice(texts), rng.choice(texts), rng)
        (target / f"m{n:04d}.txt").write_text(text, "utf-8", newline="")


def count_failures(folder: Path) -> list[str]:
    """Parse every page of a folder on its own; return 'name: error' for each that raises."""
    from retrieval.pages.parse import parse_page

    failures = []
    for path in sorted(folder.glob("*.txt")):
        try:
            parse_page(path.read_text("utf-8-sig"), path.name, None)
        except Exception as exc:  # counting every kind of parser failure
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
            if len(failures) == 1:
                traceback.print_exc(limit=-1, file=sys.stderr)
    return failures


def main() -> None:
    """Build a mutated corpus, count parser failures, load it and answer a question."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "mutated")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    write_mutated_corpus(args.out, args.pages, args.seed)
    failures = count_failures(args.out)
    print(f"pages mutated: {args.pages}, pages whose parse raises: {len(failures)}")
    for line in failures[:10]:
        print("  " + line)
    from retrieval.engine import Engine

    cache = args.out.parent / "mutated-cache"
    shutil.rmtree(cache, ignore_errors=True)  # time a real load: parse and index every page
    started = time.perf_counter()
    engine = Engine.open(args.out, cache)
    answer = engine.ask("安置房建设工作专题会是哪天开的")
    print(
        f"corpus loaded in {time.perf_counter() - started:.1f}s: {len(engine.corpus.pages)} pages, "
        f"{len(engine.corpus.articles)} articles, {len(engine.corpus.problems)} problems; "
        f"answered: {not answer.no_answer}"
    )


if __name__ == "__main__":
    main()
