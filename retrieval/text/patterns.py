"""Regular expressions compiled on first use instead of at import.

The language layer holds many patterns, and a question uses few of them: compiling all at
import cost a cold `newsbot ask` tens of milliseconds for patterns it never ran.  ``lazy``
returns an object that stands for the compiled pattern and compiles it the first time any of
its methods or attributes is read.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _Lazy:
    """A pattern's source, compiled when first used."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return getattr(self._compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r})"


def lazy(source: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use (``pattern.search`` etc. work as on a compiled one).

    It is not a ``re.Pattern`` instance: pass ``.pattern`` where an API wants the source.
    """
    return cast("re.Pattern[str]", _Lazy(source, flags))
