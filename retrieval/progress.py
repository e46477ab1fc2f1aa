"""Progress bars for long work, shown only to a person at a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(
    items: Iterable[T],
    *,
    total: int,
    desc: str,
    unit: str,
    show: bool,
    weight: Callable[[T], int] | None = None,
) -> Iterator[T]:
    """Yield items, drawing a bar on stderr when asked to and stderr is a terminal.

    ``weight`` says how many units an item is (a chunk of passages); each item is one unit
    otherwise.
    """
    enabled = show and sys.stderr.isatty()
    if not enabled:  # tqdm is slow to import: a cold `newsbot ask` never draws a bar
        yield from items
        return
    from tqdm import tqdm  # noqa: PLC0415

    if weight is None:
        yield from tqdm(items, total=total, desc=desc, unit=unit, leave=False)
        return
    with tqdm(total=total, desc=desc, unit=unit, leave=False) as bar:
        for item in items:
            yield item
            bar.update(weight(item))
