"""Spread independent pieces of a long build over processes, results in input order.

Parsing pages and segmenting paragraphs are pure per item and CPU-bound (jieba is Python),
so threads would share one core: a process pool is the only way to use a second one.
Results come back in the order of the input, so a pooled build is the serial one, byte for
byte; below a caller's threshold (tests, small corpora) the pool is skipped, as starting it
costs more than it saves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger(__name__)

MAX_WORKERS = 2  # this project's machines: more processes only add start-up and memory


def worker_count(items: int, min_items: int, requested: int | None = None) -> int:
    """How many processes to use for ``items`` pieces of work (1: in this process)."""
    if requested is not None:
        return max(1, requested)
    if items < min_items:
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def map_chunks(
    func: Callable[[Sequence[T]], R],
    chunks: Sequence[Sequence[T]],
    *,
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """Yield ``func(chunk)`` for each chunk, in order, computed in ``workers`` processes.

    ``initializer(*initargs)`` runs once in each process before its first chunk.
    """
    logger.debug("%d chunks over %d processes", len(chunks), workers)
    with ProcessPoolExecutor(workers, initializer=initializer, initargs=initargs) as pool:
        yield from pool.map(func, chunks)


def flatten(results: Iterable[list[R]]) -> Iterator[R]:
    """Yield the items of each chunk's results in turn."""
    for result in results:
        yield from result
