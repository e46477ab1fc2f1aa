"""Words typed by their sound: 安至房 for 安置房, 防迅 for 防汛, 生态见设 for 生态建设.

Pinyin input offers every character of a syllable, so a question often holds a word the pages
never use whose pinyin (without tones) is that of a word they do use.  At index time every
corpus word of two to four characters that is a word of the segmenter's dictionary (not a mere
bigram) is filed under its pinyin; the table is plain (pinyin, word) pairs, persisted with the
index.  A question then costs one pinyin conversion and a dict lookup per window.

A typed window is read as a corpus word only when the corpus never uses the window, it cuts
into no real word of the question (区有 of 二七区有), the two sound alike (any reading of a
character with several: 重见 / 重建), they share at least half their characters in place
(安至房 / 安置房), the others are no stop words (哪部 is no 内部), and the window is
no everyday word nearly as common as the corpus word (防止 stays 防止; 年青 may be 年轻).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from pypinyin import Style, lazy_pinyin, pinyin

from retrieval.text.segment import is_stopword

SHORTEST, LONGEST = 2, 4  # characters of a word looked up by its sound
READINGS = 16  # readings of a window tried at most (characters with several readings)
RARER = 10  # a listed word is read as a corpus word only when that is this many times commoner
_HANZI = re.compile(r"[\u4e00-\u9fff]+")

Pairs = tuple[tuple[str, str], ...]
Cut = Callable[[str], list[str]]


def sound(word: str) -> str:
    """A word's pinyin without tones, syllables joined by spaces (安置房 → an zhi fang)."""
    return " ".join(_syllables(word))


def file_by_sound(vocabulary: Iterable[str], dictionary: Mapping[str, int]) -> Pairs:
    """The (pinyin, word) pairs of the corpus words worth correcting a question to, sorted."""
    words = (
        w
        for w in vocabulary
        if SHORTEST <= len(w) <= LONGEST and _HANZI.fullmatch(w) and w in dictionary
    )
    return tuple(sorted((sound(w), w) for w in words))


class Sounds:
    """The corpus words by pinyin; reads a question's sound-alike typos as those words."""

    def __init__(self, pairs: Pairs) -> None:
        """Index the (pinyin, word) pairs an index was built with."""
        self._words: dict[str, list[str]] = defaultdict(list)
        for key, word in pairs:
            self._words[key].append(word)

    def respell(
        self,
        text: str,
        used: Callable[[str], bool],
        cut: Cut,
        words: Mapping[str, int],
        keep: Iterable[str] = (),
    ) -> tuple[str, Pairs]:
        """The text with sound-alike typos replaced, and the (typed, word) pairs replaced.

        ``used`` tells whether the corpus uses a word (such a word is never replaced); ``cut``
        splits the text into words, so a window never cuts into a real word (区有 of 二七区有);
        ``words`` are the segmenter's words with their general-language frequencies; ``keep``
        are words left as typed wherever they stand (names: 安伟 is no typo for 安委).
        """
        if not self._words or not _HANZI.search(text):
            return text, ()
        window = _Windows(text, used, cut, words)
        for kept in filter(None, keep):
            for spot in re.finditer(re.escape(kept), text):
                window.keep(spot.start(), spot.end())
        out: list[str] = []
        found: list[tuple[str, str]] = []
        i = 0
        while i < len(text):
            match = self._match(window, i)
            if match is None:
                out.append(text[i])
                i += 1
                continue
            found.append((text[i : i + len(match)], match))
            out.append(match)
            i += len(match)
        return "".join(out), tuple(found)

    def _match(self, window: _Windows, i: int) -> str | None:
        """The corpus word the window at ``i`` was meant to be, if any."""
        for size in range(LONGEST, SHORTEST - 1, -1):
            typed = window.typed(i, size)
            if typed is None:
                continue
            spoken = itertools.product(*window.readings[i : i + size])
            for syllables in itertools.islice(spoken, READINGS):
                for word in self._words.get(" ".join(syllables), ()):
                    if word != typed and _alike(typed, word, window.words):
                        return word
        return None


class _Windows:
    """The windows of a question that may be typos: Chinese, unused, cutting no real word."""

    def __init__(
        self, text: str, used: Callable[[str], bool], cut: Cut, words: Mapping[str, int]
    ) -> None:
        self.text, self._used, self.words = text, used, words
        self.readings = _readings(text)
        self._inside: set[int] = set()  # positions inside a real word of the question
        self._kept: set[int] = set()  # characters of words left as typed
        start = 0
        for token in cut(text):
            if len(token) > 1 and (used(token) or token in words):
                self._inside.update(range(start + 1, start + len(token)))
            start += len(token)

    def keep(self, start: int, end: int) -> None:
        """Leave the characters from ``start`` to ``end`` as typed."""
        self._kept.update(range(start, end))

    def typed(self, i: int, size: int) -> str | None:
        """The window of ``size`` at ``i`` if it may be a typo, else None."""
        typed = self.text[i : i + size]
        if len(typed) < size or not _HANZI.fullmatch(typed) or self._used(typed):
            return None
        if i in self._inside or i + size in self._inside or self._kept & {*range(i, i + size)}:
            return None
        return typed


def _alike(typed: str, word: str, words: Mapping[str, int]) -> bool:
    """Sound-alike words that may be one typed for the other (see the module docstring).

    Half the characters must be in place, every other one no stop word (哪部 is no
    内部), and ``typed`` no everyday word nearly as common as ``word`` (防止 stays 防止).
    """
    changed = [a for a, b in zip(typed, word, strict=True) if a != b]
    if 2 * (len(word) - len(changed)) < len(word):
        return False
    if any(is_stopword(ch) for ch in changed):
        return False
    common = words.get(typed)
    return common is None or common * RARER < words.get(word, 0)


def _readings(text: str) -> list[list[str]]:
    """Every toneless reading of each character, the one in context first (重: zhong, chong)."""
    context = _syllables(text)
    every = pinyin(text, style=Style.NORMAL, heteronym=True)
    if len(every) != len(text):
        return [[s] for s in context]
    return [
        list(dict.fromkeys([s, *map(str.lower, r)])) for s, r in zip(context, every, strict=True)
    ]


def _syllables(text: str) -> list[str]:
    """One toneless syllable per character (a character pypinyin cannot read stands for itself)."""
    syllables = lazy_pinyin(text)
    if len(syllables) != len(text):
        syllables = [lazy_pinyin(ch)[0] if lazy_pinyin(ch) else ch for ch in text]
    return [s.lower() for s in syllables]
