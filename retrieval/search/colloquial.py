"""Everyday phrases read as the pages' official words (rows of retrieval/data/colloquial.txt).

All phrases are searched as one alternation, longest first (``retrieval/text/phrases.py``:
matched as a compiled alternation would, without compiling one), so a question is scanned
once whatever the size of the lexicon; which official word a matched span means is looked up
only for a hit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.text.phrases import Phrases

GAP = "…"  # in a colloquial phrase: a few characters of the same clause (打电话…骗钱)
# A gap never crosses a clause or swallows an asking word (看…片子 in 看了什么片子 keeps 什么).
_GAP_PATTERN = "(?:(?!什么|哪|谁|几|多少|怎么|啥)[^，,。！!？?；;、\\s]){0,6}?"


class Colloquial:
    """The colloquial lexicon: phrases (with gaps) and the official words they mean."""

    def __init__(self, rows: Iterable[Iterable[str]]) -> None:
        pairs = [(phrase, row[0]) for row in map(list, rows) for phrase in row[1:]]
        pairs.sort(key=lambda pair: len(pair[0]), reverse=True)  # the longest phrase wins
        self._exact = {phrase: word for phrase, word in pairs if GAP not in phrase}
        self._gapped = [(p, word) for p, word in pairs if GAP in p]  # compiled for a hit only
        self._any = Phrases([(p, _regex(p) if GAP in p else None) for p, _ in pairs])

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, official word) of the colloquial phrases in the text, left to right."""
        return [(i, j, self.official(text[i:j])) for i, j in self._any.spans(text)]

    def official(self, span: str) -> str:
        """The official word a matched span means (the span itself if none)."""
        if span in self._exact:
            return self._exact[span]
        return next((word for p, word in self._gapped if _fits(p, span)), span)

    def read(self, text: str) -> str:
        """The text with its colloquial phrases replaced by the official words they mean."""
        out, last = [], 0
        for start, end, word in self.spans(text):
            out += [text[last:start], word]
            last = end
        return "".join(out) + text[last:]


def _regex(phrase: str) -> str:
    """A phrase as a regular expression, its gaps as short same-clause runs."""
    return _GAP_PATTERN.join(map(re.escape, phrase.split(GAP)))


def _fits(phrase: str, span: str) -> bool:
    """Whether a matched span is an instance of a gapped phrase."""
    return re.fullmatch(_regex(phrase), span) is not None
