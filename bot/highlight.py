"""Bold the asked terms in a passage, only where they stand as whole words of it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from html import escape

from retrieval.text.normalize import normalize

Words = Callable[[str], list[str]]  # cuts a text into words whose concatenation is the text


def emphasize(text: str, terms: Iterable[str], words: Words | None = None) -> str:
    """Escape text and bold the asked terms where they stand as whole words of the text.

    ``words`` is the passage's segmentation (the engine's); without it every character is a
    word, so any exact occurrence of a term is bold.
    """
    folded = normalize(text)
    asked = [normalize(t) for t in terms if t and t.strip()]
    if not any(term in folded for term in asked):  # nothing to bold: no need to segment
        return escape(text)
    pieces = words(text) if words else []
    if "".join(pieces) != text:
        pieces = list(text)
    spans = term_spans(pieces, asked, folded if len(folded) == len(text) else None)
    out, cursor = [], 0
    for start, end in merge_spans(spans):
        out += [escape(text[cursor:start]), "<b>", escape(text[start:end]), "</b>"]
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def term_spans(
    pieces: Sequence[str], terms: Sequence[str], folded: str | None = None
) -> list[tuple[int, int]]:
    """Spans of the longest runs of whole words that are an asked term or part of one.

    A run is bold when it is a whole term (安置房建设, 陈红民) or at least two words of one
    (安置|房 of 安置房建设), so a term never lights up inside a longer word (苏建设) and a
    word is never cut (安置房, not 安置 alone).
    """
    starts = [0]
    for piece in pieces:
        starts.append(starts[-1] + len(piece))
    # The folded text, cut where the pieces are (normalising one piece at a time is slow).
    cut = [folded[a:b] for a, b in itertools.pairwise(starts)] if folded else None
    folded_pieces = cut or [normalize(piece) for piece in pieces]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        end = longest_run(folded_pieces, i, terms)
        spans += [(starts[i], starts[end])] if end > i else []
        i = max(end, i + 1)
    return spans


def longest_run(folded: Sequence[str], i: int, terms: Sequence[str]) -> int:
    """The end of the longest run of words from i worth bold, or i when there is none."""
    best, run = i, ""
    for j in range(i, len(folded)):
        run += folded[j]
        if not run.strip() or not any(run in term for term in terms):
            break
        several = j > i and len(run.strip()) > 1
        if several or run in terms:
            best = j + 1
    return best


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that touch or overlap."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
