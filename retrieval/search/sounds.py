"""Words typed by their sound: 安至房 for 安置房, 防迅 for 防汛, 生态见设 for 生态建设.

Pinyin input offers every character of a syllable, so a question often holds a word the pages
never use that differs from a word they do use in one character of the same sound.  At index
time every corpus word of two to four characters that is a word of the segmenter's dictionary
(not a mere bigram) is filed with its pinyin, and so is every character that reads as one of
those words' syllables, one row per syllable (zhi: 之支只知…); the table is plain (pinyin,
text) pairs, persisted with the index.  A question costs dict lookups of its windows with one
character masked (安?房), then a set lookup of the typed character among the word's
syllable's characters: questions never load pypinyin (0.4 s of dictionaries).

A typed window is read as a corpus word only when the corpus never uses the window, exactly
one character differs and sounds like the word's there (any reading of a character with
several: 重见 / 重建), that character is no stop word (哪部 is no 内部), the window cuts into
no real word of the question (区有 of 二七区有), and it is no everyday word nearly as common as
the corpus word (防止 stays 防止; 年青 may be 年轻).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from retrieval.text.segment import is_stopword

SHORTEST, LONGEST = 2, 4  # characters of a word looked up by its sound
RARER = 10  # a listed word is read as a corpus word only when that is this many times commoner
MASK = "\0"  # stands for the one character typed by its sound
_HANZI = re.compile(r"[\u4e00-\u9fff]+")

Pairs = tuple[tuple[str, str], ...]
Cut = Callable[[str], list[str]]


def sound(word: str) -> str:
    """A word's pinyin without tones, syllables joined by spaces (安置房 → an zhi fang)."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - index time only: off the cold path

    return " ".join(s.lower() for s in lazy_pinyin(word))


def file_by_sound(vocabulary: Iterable[str], dictionary: Mapping[str, int]) -> Pairs:
    """The (pinyin, word) pairs of the corpus words worth correcting a question to, then the
    (syllable, characters) rows of the characters that read as their syllables; sorted."""
    words = (
        w
        for w in vocabulary
        if SHORTEST <= len(w) <= LONGEST and _HANZI.fullmatch(w) and w in dictionary
    )
    filed = sorted((sound(w), w) for w in words)
    syllables = {s for key, _ in filed for s in key.split(" ")}
    return tuple(filed) + tuple(sorted(_characters_by_reading(syllables).items()))


def _characters_by_reading(syllables: set[str]) -> dict[str, str]:
    """For each syllable, the common characters (U+4E00–U+9FFF) with it among their readings."""
    from pypinyin import Style, pinyin  # noqa: PLC0415 - index time only

    found: dict[str, list[str]] = defaultdict(list)
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        for reading in {s.lower() for s in pinyin(char, style=Style.NORMAL, heteronym=True)[0]}:
            if reading in syllables:
                found[reading].append(char)
    return {reading: "".join(chars) for reading, chars in found.items()}


class Sounds:
    """The corpus words by their characters but one; reads sound-alike typos as those words."""

    def __init__(self, pairs: Pairs) -> None:
        """Index the (pinyin, word) pairs an index was built with, under each masked form,
        and the (syllable, characters) rows (a table without them reads with pypinyin)."""
        self._masked: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # syllable → its characters as one string: a membership test on a short string is as
        # fast as on a set, and building ~300 sets of 25k one-character strings at every
        # start was most of this constructor.
        self._chars: dict[str, str] = {}
        for key, text in pairs:
            syllables = key.split(" ")
            if len(syllables) == 1:  # one syllable: its characters (words have two or more)
                self._chars[key] = text
            elif len(syllables) == len(text):
                for k in range(len(text)):
                    self._masked[_mask(text, k)].append((syllables[k], text))

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
        if not self._masked or not _HANZI.search(text):
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
            for k in range(size):
                if is_stopword(typed[k]):  # 哪部 is no 内部
                    continue
                for syllable, word in self._masked.get(_mask(typed, k), ()):
                    if (
                        self._reads(typed[k], syllable)
                        and _alike(typed, word, window.words)
                        and window.whole(i, size)
                    ):
                        return word
        return None

    def _reads(self, char: str, syllable: str) -> bool:
        """Whether ``char`` has ``syllable`` among its toneless readings."""
        if self._chars:
            return len(char) == 1 and char in self._chars.get(syllable, "")
        return syllable in _readings(char)  # a table saved before characters were filed


class _Windows:
    """The windows of a question that may be typos: Chinese, unused, cutting no real word."""

    def __init__(
        self, text: str, used: Callable[[str], bool], cut: Cut, words: Mapping[str, int]
    ) -> None:
        self.text, self.words = text, words
        self._used, self._cut = used, cut
        self._inside: set[int] | None = None  # positions inside a real word (cut when needed)
        self._kept: set[int] = set()  # characters of words left as typed

    def keep(self, start: int, end: int) -> None:
        """Leave the characters from ``start`` to ``end`` as typed."""
        self._kept.update(range(start, end))

    def typed(self, i: int, size: int) -> str | None:
        """The window of ``size`` at ``i`` if it may be a typo, else None."""
        typed = self.text[i : i + size]
        if len(typed) < size or not _HANZI.fullmatch(typed) or self._used(typed):
            return None
        return None if self._kept.intersection(range(i, i + size)) else typed

    def whole(self, i: int, size: int) -> bool:
        """Tell whether the window cuts into no real word of the question (区有 of 二七区有)."""
        if self._inside is None:
            self._inside = set()
            start = 0
            for token in self._cut(self.text):
                if len(token) > 1 and (self._used(token) or token in self.words):
                    self._inside.update(range(start + 1, start + len(token)))
                start += len(token)
        return i not in self._inside and i + size not in self._inside


def _mask(word: str, k: int) -> str:
    """The word with its ``k``-th character masked."""
    return word[:k] + MASK + word[k + 1 :]


def _alike(typed: str, word: str, words: Mapping[str, int]) -> bool:
    """Whether ``typed`` is no everyday word nearly as common as ``word`` (防止 / 防治)."""
    common = words.get(typed)
    return common is None or common * RARER < words.get(word, 0)


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    """Every toneless reading of a character (重: zhong, chong)."""
    from pypinyin import Style, pinyin  # noqa: PLC0415 - only for a table without characters

    return frozenset(s.lower() for s in pinyin(char, style=Style.NORMAL, heteronym=True)[0])
