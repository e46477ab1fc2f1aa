"""Page lines → drafts: where each article starts and ends, and which headline block is its."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from retrieval.pages.headlines import (
    MAX_BLOCK_LINES,
    Unit,
    bigrams,
    overlap,
    split_region,
    split_stacked,
)
from retrieval.pages.lines import (
    byline_wraps,
    ends_sentence,
    heading_text,
    is_byline,
    is_heading,
    is_headline_like,
    is_label,
    is_lead,
    is_names_line,
    split_inline_byline,
)

logger = logging.getLogger(__name__)

LONG_BLOCK = 2 * MAX_BLOCK_LINES
TAIL_AT_END = 0.3  # a trailing block must share this much with the last article to be its title


@dataclass(slots=True)
class Draft:
    """An article being assembled: its headline blocks and raw body lines."""

    body: list[str]
    head: list[Unit] = field(default_factory=list)


def find_anchors(lines: list[str]) -> list[tuple[int, bool]]:
    """Return (line, is_heading) for every article start: a lead, or a heading over plain text."""
    anchors: list[tuple[int, bool]] = []
    for i, line in enumerate(lines):
        if is_lead(line):
            anchors.append((i, False))
        elif is_heading(line) and heads_plain_text(lines, i):
            anchors.append((i, True))
    return anchors


def heads_plain_text(lines: list[str], index: int) -> bool:
    """Tell whether a heading is followed by body text that has no lead of its own."""
    for line in lines[index + 1 :]:
        if is_heading(line):
            return False
        if line and not is_label(line) and not is_headline_like(line):
            return not is_lead(line) and not is_byline(line)
    return False


def closes_text(line: str) -> bool:
    """Tell whether a line finishes what came before it (a sentence end or a byline)."""
    if byline_wraps(line):
        return False
    text, byline = split_inline_byline(line)
    return bool(byline) or is_byline(line) or ends_sentence(text) or is_heading(line)


def region_start(lines: list[str], stop: int, floor: int) -> int:
    """Return where the run of headline-like lines that ends just before ``stop`` begins."""
    i = stop
    while i > floor and (
        not lines[i - 1] or is_label(lines[i - 1]) or is_headline_like(lines[i - 1])
    ):
        i -= 1
    if i > floor and not closes_text(lines[i - 1]):
        while i < stop and lines[i]:  # lines glued to unfinished text continue that text
            i += 1
    while i < stop and i > floor and signs(lines[i - 1]) and is_names_line(lines[i]):
        i += 1  # names wrapped from the byline just above ("记者 景静\n张改华")
    return after_long_blocks(lines, i, stop)


def after_long_blocks(lines: list[str], start: int, stop: int) -> int:
    """Return where headlines can begin: after the last block too long to be two headlines.

    A closing and an opening headline block fill at most 2 × MAX_BLOCK_LINES lines; a longer
    run of short lines (a list, a narrow column) is text of the article before.
    """
    run = 0
    for i in range(stop - 1, start - 1, -1):
        run = run + 1 if lines[i] and not is_label(lines[i]) else 0
        if run > LONG_BLOCK:
            end = i
            while end < stop and lines[end] and not is_label(lines[end]):
                end += 1
            return end
    return start


def signs(line: str) -> bool:
    """Tell whether a line is or ends with a byline."""
    return is_byline(line) or bool(split_inline_byline(line)[1])


def units_of(lines: list[str]) -> tuple[list[Unit], int]:
    """Group headline lines into blank-separated blocks; also the first heading block's index."""
    units: list[Unit] = []
    current: list[str] = []
    forced = -1
    for line in [*lines, ""]:
        if line and not is_label(line):
            if is_heading(line) and forced < 0:
                forced = len(units) + (1 if current else 0)
                if current:
                    units.append(tuple(current))
                    current = []
            current.append(heading_text(line))
        elif current:
            units.append(tuple(current))
            current = []
    return units, (forced if forced >= 0 else len(units))


def draft_articles(lines: list[str]) -> list[Draft]:
    """Cut a page's lines into drafts, giving each headline block to the article it describes."""
    anchors = find_anchors(lines)
    if not anchors:
        return []
    starts = [i + 1 if heading else i for i, heading in anchors]
    floors = [0, *starts[:-1]]
    regions = [region_start(lines, a, f) for (a, _), f in zip(anchors, floors, strict=True)]
    ends = [*regions[1:], region_start(lines, len(lines), starts[-1])]
    drafts = [Draft(lines[s:e]) for s, e in zip(starts, ends, strict=True)]
    orphan = [line for line in lines[: regions[0]] if line and not is_label(line)]
    for k, ((anchor, heading), first) in enumerate(zip(anchors, regions, strict=True)):
        units, forced = units_of(lines[first : anchor + 1 if heading else anchor])
        previous = drafts[k - 1] if k else None
        before = text_of(previous) if previous and not previous.head else None
        if before is not None:
            units, forced = split_stacked(units, forced, before, text_of(drafts[k]))
        cut = split_region(units, before, text_of(drafts[k]), forced_head=forced)
        if previous is not None:
            previous.head.extend(units[:cut])
        drafts[k].head.extend(units[cut:])
    attach_trailing(drafts[-1], lines[ends[-1] :])
    if orphan:
        logger.debug("text before the first article start kept as its own article")
        drafts.insert(0, Draft(lines[: regions[0]]))
    return drafts


def attach_trailing(last: Draft, lines: list[str]) -> None:
    """Give the page's trailing headline block to the last article when it describes it."""
    units, _ = units_of(lines)
    if last.head or not units:
        return
    grams = bigrams(text_of(last))
    last.head.extend(u for u in units if overlap(u, grams) >= TAIL_AT_END)


def text_of(draft: Draft) -> str:
    """Return a draft's body as one string, for content matching."""
    return "".join(draft.body)
