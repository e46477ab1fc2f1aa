"""English words in a Chinese question, read as Chinese cues: 安置房 meeting when 开的.

The words are data (retrieval/data/english.txt).  Only questions mostly in Chinese are
translated; one written in English or pinyin gets the bilingual hint (query/language.py).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from retrieval.query.language import is_foreign
from retrieval.text.vocab import VocabularyError

TABLE = "english.txt"


@cache
def english_words() -> dict[str, str]:
    """The English word or phrase → Chinese cue table (lower case)."""
    return read_table(resources.files("retrieval").joinpath("data", TABLE).read_text("utf-8"))


def read_table(text: str) -> dict[str, str]:
    """Parse the table's lines; VocabularyError names the line that is not 'english = 中文'."""
    table: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        english, equals, chinese = line.partition("=")
        if not equals or not re.fullmatch(r"[a-z' ]+", english.strip()):
            raise VocabularyError(f"{TABLE}:{number}: expected 'english words = 中文'")
        table[" ".join(english.split())] = chinese.strip()
    return table


@cache
def _pattern() -> re.Pattern[str]:
    """One alternation of every listed phrase, longest first, whole words only."""
    phrases = sorted(english_words(), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?<![a-z'])(?:{body})(?![a-z'])", re.IGNORECASE)


def to_chinese(text: str) -> str:
    """The question with its listed English words replaced by their Chinese cues.

    A question written in English or pinyin is returned as it is.
    """
    if is_foreign(text) or not re.search(r"[a-zA-Z]", text):
        return text
    table = english_words()
    translated = _pattern().sub(lambda m: table[" ".join(m[0].lower().split())], text)
    return re.sub(r"\s{2,}", " ", translated).strip()
