"""jieba's accurate-mode cut at compiled speed, for indexing a large corpus.

jieba is pure Python and cutting was 72% of a million-paragraph build's CPU time.  rjieba
(jieba-rs, a Rust port by jieba-rs's author) cuts about 18× faster and, given the same
word → frequency dictionary and total, makes the same cuts, with two differences found by
comparing the two on random text (tests/test_fastcut.py keeps comparing):

- jieba-rs counts the rarer Han blocks (extension A, B and later, U+9FD6-U+9FFF,
  compatibility ideographs) as Han, jieba does not: a text holding one is cut by jieba;
- a run of letters, digits and signs that no dictionary word covers (``1.25a``) jieba's HMM
  splits by its skip rule (``1.25`` ``a``), jieba-rs may keep whole: every such token is
  split by that rule (which leaves jieba's own tokens as they are).

jieba's ``total`` can exceed the sum of the dictionary's frequencies (adding a word it has
counts twice); the difference is taught to jieba-rs as a word no text can hold (private-use
characters, which neither cutter treats as Han), so both divide by the same total.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping

__all__ = ["CompiledCut"]

# Han to jieba-rs, not to jieba (jieba's runs are U+4E00-U+9FD5 plus latin, digits, +#&._%-).
_RARE_HAN = re.compile("[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# jieba.finalseg's rule for the non-Han part of an unknown run.
_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_HAN = re.compile("[\u4e00-\u9fd5]")
# Two neighbouring characters of jieba's runs other than Han: without them no token is both
# longer than one character and free of Han (but whitespace like \r\n, which splits to itself).
_RUN_PAIR = re.compile(r"[a-zA-Z0-9+#&._%\-]{2}")
_PAD = "\ue000\ue001\ue002"  # private use: in no run either cutter looks up words in


class CompiledCut:
    """Cut text as ``jieba.Tokenizer.cut`` (HMM on) would with one dictionary, via rjieba."""

    def __init__(
        self, words: Mapping[str, int], total: int, fallback: Callable[[str], Iterable[str]]
    ) -> None:
        """Teach rjieba every word with a frequency; ``fallback`` cuts texts it would not."""
        import rjieba  # noqa: PLC0415 - only building an index needs it

        self._rjieba = rjieba.Jieba.empty()
        taught = 0
        for word, freq in words.items():
            if freq > 0:  # zero: a prefix jieba keeps for its own look-ups, not a word
                self._rjieba.add_word(word, freq, None)
                taught += freq
        if total < taught:
            raise ValueError(f"total {total} is below the dictionary's frequencies ({taught})")
        if total > taught:
            self._rjieba.add_word(_PAD, total - taught, None)
        self._words = words
        self._fallback = fallback

    def __call__(self, text: str) -> Iterable[str]:
        """The words of ``text``, each a slice of it, in order."""
        if _RARE_HAN.search(text):
            return self._fallback(text)
        words = self._rjieba.cut(text)
        if _RUN_PAIR.search(text) is None:  # no token of two run signs to split: most texts
            return words
        return list(self._split_unknown(words))

    def _split_unknown(self, words: Iterable[str]) -> Iterator[str]:
        """Split each unknown token without Han by jieba's HMM skip rule."""
        known = self._words
        for word in words:
            if len(word) > 1 and not _HAN.search(word) and not known.get(word):
                yield from filter(None, _SKIP.split(word))
            else:
                yield word
