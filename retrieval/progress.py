"""Progress bars for long work, shown only to a person at a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], *, total: int, desc: str, unit: str, show: bool) -> Iterator[T]:
    """Yield items, drawing a bar on stderr when asked to and stderr is a terminal."""
    enabled = show and sys.stderr.isatty()
    yield from tqdm(items, total=total, desc=desc, unit=unit, disable=not enabled, leave=False)
