"""The Chinese word lists of retrieval/data/zh.toml, and regex alternations built from them.

Words are data: the question reader and the name miner never spell a word list in code; they
ask this module for one by ``section.name`` (``people.titles``). Lists ending in
``_patterns`` hold regular-expression fragments; every other list holds plain words, which
are escaped. A file that names a list twice, or a list code asks for that is missing, is an
error naming the file and the list.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from retrieval.errors import NewsbotError

VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "zh.toml"


class VocabularyError(NewsbotError):
    """The vocabulary file is malformed or lacks a list the code needs."""


@cache
def _read(path: Path) -> dict[str, dict[str, object]]:
    """The vocabulary file's sections, each a table of lists."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise VocabularyError(f"{path}: {exc}") from exc
    for section, table in data.items():
        if not isinstance(table, dict):
            raise VocabularyError(f"{path}: {section} must be a table of word lists")
    return data


@cache
def _lists(path: Path = VOCABULARY) -> dict[str, tuple[str, ...]]:
    """Every list of the vocabulary file, by ``section.name``."""
    lists: dict[str, tuple[str, ...]] = {}
    for section, table in _read(path).items():
        for name, words in table.items():
            if isinstance(words, dict):  # a word → number table (去年 = -1)
                continue
            lists[f"{section}.{name}"] = _words(path, f"{section}.{name}", words)
    return lists


@cache
def _tables(path: Path = VOCABULARY) -> dict[str, dict[str, int]]:
    """Every word → number table of the vocabulary file, by ``section.name``."""
    tables: dict[str, dict[str, int]] = {}
    for section, table in _read(path).items():
        for name, values in table.items():
            if isinstance(values, dict):
                key = f"{section}.{name}"
                if not all(type(v) is int for v in values.values()):
                    raise VocabularyError(f"{path}: {key} must map words to whole numbers")
                tables[key] = dict(values)
    return tables


def _words(path: Path, key: str, words: object) -> tuple[str, ...]:
    """A list as a tuple of strings; a string is one word per character (surnames)."""
    if isinstance(words, str):
        return tuple(ch for ch in words if not ch.isspace())
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise VocabularyError(f"{path}: {key} must be a list of non-empty strings")
    if key.endswith("_patterns"):
        for fragment in words:
            try:
                re.compile(fragment)
            except re.error as exc:
                raise VocabularyError(f"{path}: {key}: bad pattern {fragment!r}: {exc}") from exc
    return tuple(words)


def words(key: str) -> tuple[str, ...]:
    """The words (or pattern fragments) of one list, in file order."""
    try:
        return _lists(VOCABULARY)[key]
    except KeyError:
        raise VocabularyError(f"{VOCABULARY}: no list {key}") from None


def numbers(key: str) -> dict[str, int]:
    """A word → number table (relative years, days per unit), in file order."""
    try:
        return _tables(VOCABULARY)[key]
    except KeyError:
        raise VocabularyError(f"{VOCABULARY}: no table {key}") from None


def either(*keys: str) -> str:
    """A regex alternation of the lists' entries, in file order (words escaped)."""
    parts = [
        entry if key.endswith("_patterns") else re.escape(entry)
        for key in keys
        for entry in words(key)
    ]
    return "|".join(parts)


def characters(key: str) -> str:
    """A regex character class of a list of single characters (surnames)."""
    return "[" + "".join(sorted(set(words(key)))) + "]"


def expand(pattern: str) -> str:
    """Fill ``{section.name}`` placeholders of a cue pattern with those lists' alternations."""
    return re.sub(r"\{([a-z_]+\.[a-z_]+)\}", lambda m: f"(?:{either(m[1])})", pattern)
