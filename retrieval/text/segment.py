"""Text → index terms: normalise, cut with one corpus's jieba dictionary, drop stop words.

Each corpus gets its own ``Segmenter``: a private ``jieba.Tokenizer`` whose dictionary is
jieba's packaged one plus that corpus's mined words.  Nothing is taught to a process-wide
tokenizer, so two corpora in one process cut text exactly as two fresh processes would.

A segmenter's dictionary is a plain word → frequency mapping with its total.  Built for a
corpus, it is a dict copied from jieba's dictionary, cut by jieba itself; loaded from an
index cache, it is a ``WordTable`` over memory-mapped arrays that decodes only the words a
question touches, cut by ``cut.py`` (jieba's rules, without importing jieba), so a cold start
neither reads jieba's 500k-word dictionary nor imports jieba.  Same frequencies, same rules:
both cut every text identically (tests/test_cold_path.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache, partial
from importlib import resources
from typing import Any

from retrieval.text.cut import cut
from retrieval.text.normalize import normalize
from retrieval.text.wordtable import WordTable

__all__ = ["Segmenter", "normalize"]

logger = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
# Words this long get their character bigrams as extra terms, so a query for part of a
# long word (三送 in 三送一强, 安置房 cut 安置/房 elsewhere) still meets it.  Measured on
# tests/test_retrieval_eval.py: see _subwords.
_SUBWORD_MIN = 3
_MIN_USER_FREQ = 1000  # a mined word outweighs the pieces jieba would cut it into
_MAX_REMEMBERED = 1_000_000  # distinct words whose terms segment() keeps (~200 MB at most)

Groups = list[tuple[str, list[str]]]


@cache
def _word_list(name: str) -> frozenset[str]:
    """Read a packaged word list (one word a line, # comments)."""
    text = resources.files("retrieval").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def _query_drop() -> frozenset[str]:
    """Stop words plus question-only filler."""
    return _word_list("stopwords.txt") | _word_list("query_filler.txt")


@cache
def _jieba_dictionary() -> tuple[Mapping[str, int], int]:
    """jieba's packaged dictionary as (frequencies, total), read once per process.

    Package data, identical for every corpus and never changed: each Segmenter copies it
    before adding its own words.
    """
    import jieba  # noqa: PLC0415 - only building an index needs the whole dictionary

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary load to stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.FREQ, int(tokenizer.total)


def is_stopword(word: str) -> bool:
    """Tell whether a word is a stop word or question filler (是, 的, 哪)."""
    return word in _query_drop()


def user_word(word: str) -> str | None:
    """The form a mined word is taught in, or None when it is no word (one char, punctuation)."""
    word = normalize(word).strip()
    return word if len(word) >= 2 and _WORDLIKE.search(word) else None


class Segmenter:
    """Cuts text into index terms with one corpus's dictionary; thread-safe once built."""

    def __init__(self, words: Mapping[str, int], total: int, names: Iterable[str] = ()) -> None:
        """Wrap a word → frequency mapping; ``names`` are indexed whole, never as bigrams.

        A dict (a corpus being indexed) is cut by a private ``jieba.Tokenizer``; a WordTable
        (a cached index) by ``cut.cut``, the same rules without importing jieba.
        """
        self._words = words
        self._total = total
        self._tokenizer: Any = None
        self._compiled: Callable[[str], Iterable[str]] | None = None
        self._passage_terms: dict[str, tuple[str, ...]] = {}  # see segment
        self._cut: Callable[[str], Iterable[str]] = partial(cut, words=words, total=total)
        if not isinstance(words, WordTable):
            import jieba  # noqa: PLC0415 - not needed to answer from a cached index

            self._tokenizer = jieba.Tokenizer()
            self._tokenizer.FREQ = words
            self._tokenizer.total = total
            self._tokenizer.initialized = True  # never load jieba's own dictionary into it
            self._cut = self._tokenizer.cut
        self.whole = frozenset(filter(None, map(user_word, names)))

    @classmethod
    def build(cls, terms: Iterable[str] = (), names: Iterable[str] = ()) -> Segmenter:
        """jieba's dictionary plus a corpus's set phrases and names, each kept one token.

        Words are added terms first, then names, each in sorted order, so the frequencies
        (which depend on what was added before) are the same in every process.
        """
        base, total = _jieba_dictionary()
        names = tuple(names)
        segmenter = cls(dict(base), total, names)
        learned: set[str] = set()
        for group in (terms, names):
            for word in sorted({w for w in map(user_word, group) if w} - learned):
                freq = int(segmenter._tokenizer.suggest_freq(word, tune=False))
                segmenter._tokenizer.add_word(word, max(freq, _MIN_USER_FREQ))
                learned.add(word)
        logger.debug("segmenter knows %d corpus words", len(learned))
        return segmenter

    def compile(self) -> None:
        """Cut with rjieba from now on: the same cuts, about 18× faster (see fastcut.py).

        Teaching it the dictionary takes about 0.3 s and 70 MB, so only a corpus large
        enough to repay that is cut this way.  A cached index's segmenter (no jieba
        tokenizer) has nothing to compile from and keeps cutting as it did.
        """
        if self._tokenizer is not None and self._compiled is None:
            from retrieval.text.fastcut import CompiledCut  # noqa: PLC0415 - building only

            self._compiled = CompiledCut(self._words, self.total, self._tokenizer.cut)
            self._cut = self._compiled

    @property
    def words(self) -> Mapping[str, int]:
        """The word → frequency dictionary this segmenter cuts with."""
        return self._words

    @property
    def total(self) -> int:
        """The sum of the dictionary's frequencies (jieba's ``total``), as cutting uses it."""
        return int(self._tokenizer.total if self._tokenizer else self._total)

    def freeze(self) -> tuple[WordTable, int]:
        """This dictionary as a WordTable and its total (what an index cache stores)."""
        words = self._words
        table = words if isinstance(words, WordTable) else WordTable.from_dict(words)
        return table, int(self._tokenizer.total if self._tokenizer else self._total)

    def cut_words(self, text: str) -> list[str]:
        """Cut text into words as the index sees them, each a slice of text (nothing dropped)."""
        folded = normalize(text)
        if len(folded) != len(text):  # width folding changed lengths: cut the text as it is
            return list(self._cut(text))
        pieces, start = [], 0
        for token in self._cut(folded):
            pieces.append(text[start : start + len(token)])
            start += len(token)
        return pieces

    def dictionary_words(self, text: str) -> list[str]:
        """Cut normalised text by the dictionary alone: no guessed words in unknown runs."""
        if self._tokenizer is not None:
            return list(self._tokenizer.cut(text, HMM=False))
        return list(cut(text, self._words, self._total, hmm=False))

    def segment(self, text: str) -> list[str]:
        """Return the index terms of a document passage.

        A passage's words are mostly words seen before: each distinct word's terms (itself
        and its bigrams, or none for a stop word) are worked out once and remembered, which
        halves the cost of segmenting a corpus once the cut itself is compiled.
        """
        known = self._passage_terms
        if len(known) > _MAX_REMEMBERED:
            known.clear()
        terms: list[str] = []
        for word in self._cut(normalize(text)):
            found = known.get(word)
            if found is None:
                found = known[word] = tuple(
                    _flatten(self._word_groups(word, _word_list("stopwords.txt")))
                )
            terms.extend(found)
        return terms

    def query_terms(self, text: str) -> list[str]:
        """Return the index terms of a question, without question-only filler words."""
        return _flatten(self.query_groups(text))

    def query_groups(self, text: str) -> Groups:
        """Return a question's tokens, each with the bigrams indexed alongside it."""
        return self._groups(text, _query_drop())

    def _groups(self, text: str, drop: frozenset[str]) -> Groups:
        """Cut normalised text into word-like tokens not in ``drop``, each with its bigrams."""
        return [
            group for raw in self._cut(normalize(text)) for group in self._word_groups(raw, drop)
        ]

    def _word_groups(self, raw: str, drop: frozenset[str]) -> Groups:
        """One cut word as a token with its bigrams, or nothing (space, sign, word in ``drop``)."""
        token = raw.strip()
        if token and token not in drop and _WORDLIKE.search(token):
            return [(token, [w for w in self._subwords(token) if w not in drop])]
        return []

    def _subwords(self, token: str) -> list[str]:
        """Return the CJK character bigrams inside a long token (none inside a name)."""
        if len(token) < _SUBWORD_MIN or not _CJK.match(token) or token in self.whole:
            return []
        return [token[i : i + 2] for i in range(len(token) - 1) if _CJK.match(token[i + 1])]


def _flatten(groups: Groups) -> list[str]:
    """Each token followed by its bigrams."""
    return [term for token, subwords in groups for term in (token, *subwords)]
