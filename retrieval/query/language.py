"""Questions not in Chinese: tell them apart, and find people named in pinyin (Chen Hongmin)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.search.people import Person
from retrieval.text.patterns import lazy

_LATIN_WORD = lazy(r"[a-zA-Z]{2,}")
_CJK = lazy(r"[\u4e00-\u9fff]")
MIN_LATIN_WORDS = 2  # "APP", "PM2.5" inside a Chinese question are no English question


def is_foreign(text: str) -> bool:
    """Tell whether a question is written in English or pinyin rather than in Chinese."""
    words = _LATIN_WORD.findall(text)
    return len(words) >= MIN_LATIN_WORDS and len(_CJK.findall(text)) < len(words)


def spelled(name: str) -> str:
    """A name's pinyin without tones or spaces, ü as u (陈红民 → chenhongmin, 吕 → lu)."""
    # pypinyin's dictionaries take 0.4 s to import: paid only by a question in Latin letters.
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    return "".join(lazy_pinyin(name)).replace("v", "u").lower()


def people_in_pinyin(text: str, people: Sequence[Person]) -> tuple[str, ...]:
    """People whose name the text spells in pinyin (Chen Hongmin, chenhongmin, Hongmin Chen)."""
    letters = re.sub(r"[^a-z]", "", text.lower().replace("ü", "u").replace("v", "u"))
    words = [w.replace("ü", "u").replace("v", "u") for w in _LATIN_WORD.findall(text.lower())]
    found: list[str] = []
    for person in people:
        if len(person.name) < 2:
            continue
        full = spelled(person.name)
        family, given = spelled(person.name[:1]), spelled(person.name[1:])
        if full in letters or (given + family) in "".join(words):
            found.append(person.name)
    return tuple(found)
