"""What a word means outside the corpus: its general-language frequency and part of speech.

jieba's own dictionary (about 350,000 words with counts and tags from a large general corpus)
tells an everyday word (防洪, 漏水, 老房子) from a name or a term nobody uses (李国强, 霹雳), and a
function word (怎么, 那个, 到底) from a content word.  The relevance gate uses it to weigh query
words the corpus never uses: they should not veto a strong match unless they are names.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Parts of speech that carry no topic: pronouns, adverbs, particles, prepositions,
# conjunctions, interjections, onomatopoeia, numerals, measure words.
FUNCTION_TAGS = frozenset(("r", "rr", "rz", "d", "y", "u", "uj", "ul", "uz", "ud", "ug", "uv"))
FUNCTION_TAGS |= frozenset(("p", "c", "e", "o", "m", "mq", "q", "zg"))
NAME_TAGS = frozenset(("nr", "nrt", "nrfg"))

_PLAIN = re.compile(r"[^\s]+")
_lock = threading.Lock()
_text: str | None = None


@dataclass(frozen=True, slots=True)
class Word:
    """A word as jieba's general dictionary knows it (``known`` False: not listed)."""

    known: bool
    freq: int = 0
    tag: str = ""

    @property
    def function(self) -> bool:
        """Tell whether the word only shapes a sentence (怎么, 那个, 啦)."""
        return self.tag in FUNCTION_TAGS

    @property
    def name(self) -> bool:
        """Tell whether the dictionary lists the word as a person's name."""
        return self.tag in NAME_TAGS


def _dictionary() -> str:
    """jieba's dictionary file as one string, read once (lines ``word freq tag``)."""
    global _text  # noqa: PLW0603 - one read per process, by design
    if _text is None:
        with _lock:
            if _text is None:
                raw = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
                _text = "\n" + raw
    return _text


@lru_cache(maxsize=4096)
def lookup(word: str) -> Word:
    """The general-language entry of a word (found by searching the dictionary text)."""
    if not word or not _PLAIN.fullmatch(word):
        return Word(False)
    text = _dictionary()
    start = text.find(f"\n{word} ")
    if start < 0:
        return Word(False)
    _, freq, tag = text[start + 1 : text.find("\n", start + 1)].split(" ")[:3]
    return Word(True, int(freq), tag)
