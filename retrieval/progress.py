"""Progress bars for long work, shown only to a person at a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], *, total: int, desc: str, unit: str, show: bool) -> Iterator[T]:
    """Yield items, drawing a bar on stderr when asked to and stderr is a terminal."""
    enabled = show and sys.stderr.isatty()
    if not enabled:  # tqdm is slow to import: a cold `newsbot ask` never draws a bar
        yield from items
        return
    from tqdm import tqdm  # noqa: PLC0415

    yield from tqdm(items, total=total, desc=desc, unit=unit, leave=False)
