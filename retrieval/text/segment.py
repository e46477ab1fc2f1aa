"""Text → index terms: normalise, cut with jieba (plus mined words), drop stop words."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import jieba

from retrieval.text.normalize import normalize

__all__ = [
    "load_user_words",
    "normalize",
    "query_groups",
    "query_terms",
    "segment",
    "user_words",
    "warm_up",
    "words",
]

logger = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
# Words this long get their character bigrams as extra terms, so a query for part of a
# long word (三送 in 三送一强, 安置房 cut 安置/房 elsewhere) still meets it.  Measured on
# tests/test_retrieval_eval.py: see _subwords.
_SUBWORD_MIN = 3

_lock = threading.Lock()
_tokenizer: Any = None
_user_words: dict[str, int] = {}
_whole_words: set[str] = set()  # user words never split into bigrams (people's names)


@cache
def _word_list(name: str) -> frozenset[str]:
    """Read a packaged word list (one word a line, # comments)."""
    text = resources.files("retrieval").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _jieba() -> Any:
    """Return the process-wide jieba tokenizer, loading its dictionary on first use only."""
    global _tokenizer  # noqa: PLW0603 - one dictionary load per process, by design
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary load to stderr
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


def warm_up() -> None:
    """Load jieba's dictionary now (e.g. in a thread at start-up) rather than at first use."""
    _jieba()


def load_user_words(words: Iterable[str], *, whole: bool = False) -> None:
    """Teach jieba mined names and terms so each stays one token (idempotent, thread-safe).

    ``whole=True`` marks names: they are indexed as themselves only, never as bigrams
    (苏建设 must not also be the common word 建设).
    """
    tokenizer = _jieba()
    with _lock:
        fresh = sorted({normalize(w).strip() for w in words})
        for word in (w for w in fresh if len(w) >= 2 and _WORDLIKE.search(w)):
            if whole:
                _whole_words.add(word)
            if word not in _user_words:
                # suggest_freq makes the word outweigh the pieces jieba would cut it into.
                freq = max(int(tokenizer.suggest_freq(word, tune=False)), 1000)
                tokenizer.add_word(word, freq)
                _user_words[word] = freq
    logger.debug("jieba knows %d user words", len(_user_words))


def user_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The user words taught so far as (terms, whole names), each sorted."""
    return tuple(sorted(_user_words.keys() - _whole_words)), tuple(sorted(_whole_words))


def _subwords(token: str) -> list[str]:
    """Return the CJK character bigrams inside a long token."""
    if len(token) < _SUBWORD_MIN or not _CJK.match(token) or token in _whole_words:
        return []
    return [token[i : i + 2] for i in range(len(token) - 1) if _CJK.match(token[i + 1])]


def _groups(text: str, drop: frozenset[str]) -> list[tuple[str, list[str]]]:
    """Cut normalised text into word-like tokens not in ``drop``, each with its bigrams."""
    groups: list[tuple[str, list[str]]] = []
    for raw in _jieba().cut(normalize(text)):
        token = raw.strip()
        if token and token not in drop and _WORDLIKE.search(token):
            groups.append((token, [w for w in _subwords(token) if w not in drop]))
    return groups


def _flatten(groups: list[tuple[str, list[str]]]) -> list[str]:
    """Each token followed by its bigrams."""
    return [term for token, subwords in groups for term in (token, *subwords)]


@cache
def _query_drop() -> frozenset[str]:
    """Stop words plus question-only filler."""
    return _word_list("stopwords.txt") | _word_list("query_filler.txt")


def segment(text: str) -> list[str]:
    """Return the index terms of a document passage."""
    return _flatten(_groups(text, _word_list("stopwords.txt")))


def query_terms(text: str) -> list[str]:
    """Return the index terms of a question, without question-only filler words."""
    return _flatten(query_groups(text))


def query_groups(text: str) -> list[tuple[str, list[str]]]:
    """Return a question's tokens, each with the bigrams indexed alongside it."""
    return _groups(text, _query_drop())


def words(text: str) -> list[str]:
    """Cut text into words as the index sees them, each a slice of text (nothing dropped)."""
    folded = normalize(text)
    if len(folded) != len(text):  # width folding changed lengths: cut the text as it is
        return list(_jieba().cut(text))
    pieces, start = [], 0
    for token in _jieba().cut(folded):
        pieces.append(text[start : start + len(token)])
        start += len(token)
    return pieces
