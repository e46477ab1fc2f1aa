"""One text form for documents and queries: width-folded, simplified, lower-case."""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

import opencc

# Zero-width and soft-hyphen characters split words invisibly ("陈\u200b红民"); drop them.
# (A regex, not str.translate: translating through a dict costs a look-up per character.)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
# Other control characters become spaces so they still separate tokens.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

_lock = threading.Lock()
_converter: Any = None


def _t2s() -> Any:
    """Return the shared OpenCC traditional→simplified converter (built once)."""
    global _converter  # noqa: PLW0603 - one converter per process, built on first use
    if _converter is None:
        with _lock:
            if _converter is None:
                _converter = opencc.OpenCC("t2s")
    return _converter


def normalize(text: str) -> str:
    """Fold widths (NFKC), convert traditional to simplified Chinese and lower-case."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = _CONTROL.sub(" ", text)
    return str(_t2s().convert(text)).lower()
