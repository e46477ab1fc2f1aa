"""The data files that list how papers print datelines and bylines, and character folding."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import opencc

# ASCII brackets, parentheses, colons and slashes count as their full-width forms.
ALIKE = str.maketrans("[]():/", "【】（）：／")
_ALIKE = re.compile(r"[\[\]():/]")  # translating only texts that hold one is much cheaper


def data_lines(name: str) -> list[str]:
    """Return the non-blank, non-comment lines of a file in retrieval/data."""
    text = resources.files("retrieval").joinpath("data", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@functools.cache
def converter(config: str) -> Any:
    """Return an OpenCC converter (t2s or s2t), built once per process."""
    return opencc.OpenCC(config)


def traditional(text: str) -> str:
    """Return the traditional-character form of simplified text."""
    return str(converter("s2t").convert(text))


@functools.lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Return one character simplified (itself when that is not one character)."""
    simple = str(converter("t2s").convert(ch))
    return simple if len(simple) == 1 else ch


def fold(text: str) -> str:
    """Simplify characters and unify punctuation, one character for one (positions hold)."""
    simple = str(converter("t2s").convert(text))
    if len(simple) != len(text):
        simple = "".join(map(fold_char, text))
    return simple.translate(ALIKE) if _ALIKE.search(simple) else simple
