"""Place names in a question, recognised by shape: 上海, 浦东新区, 河北省, 上海浦东新区.

jieba's place tag (ns) alone is too loose (东西, 城市, 上门 carry it), so a bare word is a place
only when the general dictionary also lists it with an administrative suffix (北京 and 北京市,
河北 and 河北省).  A word ending in a suffix (新区, 省, 市, 区, 县) is a place when what precedes
the suffix is tagged a place or starts with a place (上海 of 上海浦东新区).  Whether the pages
name it is for the composer to decide against the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable

from retrieval.search.general import lookup
from retrieval.text.patterns import lazy

PLACE_TAG = "ns"
SUFFIXES = ("新区", "省", "市", "区", "县")
_HANZI = lazy(r"[\u4e00-\u9fff]{2,}")


def place_words(words: Iterable[str]) -> list[str]:
    """The words that look like place names, in order, each once."""
    return list(dict.fromkeys(word for word in words if is_place_name(word)))


def is_place_name(word: str) -> bool:
    """Tell whether a word names a place: a listed city or province, or one with a suffix."""
    if not _HANZI.fullmatch(word):
        return False
    if _listed_place(word):
        return True
    stem = next((word[: -len(s)] for s in SUFFIXES if word.endswith(s)), "")
    if len(stem) < 2:
        return False
    return lookup(stem).tag == PLACE_TAG or any(
        _listed_place(stem[:end]) for end in range(2, len(stem) + 1)
    )


def _listed_place(word: str) -> bool:
    """A word the dictionary tags a place and also lists with a suffix (北京, 北京市)."""
    return lookup(word).tag == PLACE_TAG and any(
        lookup(word + suffix).tag == PLACE_TAG for suffix in SUFFIXES
    )
