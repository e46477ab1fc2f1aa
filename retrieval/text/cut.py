"""jieba's accurate mode (HMM on) over any word → frequency mapping, without importing jieba.

A cached index cuts questions with this over its memory-mapped WordTable: importing jieba
costs a cold start about as much as everything else together (it imports pkg_resources), and
the mapping already holds every frequency jieba would use.  The rules are jieba 0.42's:

- text splits into runs of CJK/latin/digits/``+#&._%-`` and the rest; the rest is yielded a
  whitespace run or one character at a time;
- within a run, every fragment found in the mapping with a non-zero frequency is a candidate
  word, and the cut is the path maximising the sum of log(freq or 1) - log(total), ties to
  the longer word, as ``max`` over (score, end) tuples decides;
- consecutive single characters are joined; unless the join is itself a known word, it goes
  to jieba's HMM (``jieba.finalseg``, imported only then).

tests/test_cold_path.py checks it against ``jieba.Tokenizer.cut`` on hundreds of queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from math import log

__all__ = ["cut"]

_RUN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_SPACE = re.compile(r"(\r\n|\s)")


def cut(text: str, words: Mapping[str, int], total: int, *, hmm: bool = True) -> Iterator[str]:
    """Yield the words of ``text`` as jieba's ``Tokenizer.cut`` would with this dictionary.

    ``hmm=False`` leaves runs no dictionary word covers as single characters.
    """
    for block in _RUN.split(text):
        if not block:
            continue
        if _RUN.match(block):
            yield from _cut_run(block, words, log(total), hmm=hmm)
            continue
        for piece in _SPACE.split(block):
            if _SPACE.match(piece):
                yield piece
            else:
                yield from piece  # one character at a time


def _cut_run(
    run: str, words: Mapping[str, int], log_total: float, *, hmm: bool = True
) -> Iterator[str]:
    """Cut one run along its best route, sending runs of single characters to the HMM."""
    ends = _best_route(run, words, log_total)
    singles = ""
    start = 0
    while start < len(run):
        end = ends[start] + 1
        if end - start == 1:
            singles += run[start]
        else:
            yield from _singles(singles, words) if hmm else singles
            singles = ""
            yield run[start:end]
        start = end
    yield from _singles(singles, words) if hmm else singles


def _singles(run: str, words: Mapping[str, int]) -> Iterator[str]:
    """A run of characters no known word covered: as is, known as a whole, or by the HMM."""
    if len(run) <= 1:
        yield from (run,) if run else ()
    elif words.get(run):
        yield from run
    else:
        from jieba import finalseg  # noqa: PLC0415 - only unknown runs need the HMM

        yield from finalseg.cut(run)


def _best_route(run: str, words: Mapping[str, int], log_total: float) -> list[int]:
    """For each start, where the word of the most probable cut of the rest ends."""
    size = len(run)
    best: list[tuple[float, int]] = [(0.0, 0)] * (size + 1)
    for start in range(size - 1, -1, -1):
        best[start] = max(
            (log(words.get(run[start : end + 1]) or 1) - log_total + best[end + 1][0], end)
            for end in _word_ends(run, start, words)
        )
    return [end for _, end in best]


def _word_ends(run: str, start: int, words: Mapping[str, int]) -> list[int]:
    """Where known words starting at ``start`` end (just ``start`` itself when none does)."""
    ends = []
    end = start
    fragment = run[start]
    while end < len(run) and fragment in words:
        if words[fragment]:
            ends.append(end)
        end += 1
        fragment = run[start : end + 1]
    return ends or [start]
