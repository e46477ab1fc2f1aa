"""Headlines: which article a headline block describes, and its title and subtitle."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.pages.datelines import without_dateline
from retrieval.pages.grammar import WORD, Unit, crosses, incomplete, subject_rank, unwrap
from retrieval.pages.lines import squeeze

logger = logging.getLogger(__name__)


SHORT_PART = 5  # "党建引领 多元共治": runs of short parts are a kicker (引题)
MAX_BLOCK_LINES = 3  # kicker, main title, sub-headline: a longer run is two stacked blocks
DERIVED_MAX = 30
WHEN = (
    r"(?:\d{1,2}月\d{1,2}日(?:上午|下午|中午|晚上|晚间|早上|起|以来)?"
    r"|近年来|连日来|近日|日前|近期|近来|昨日|昨天)"
)
WHEN_CLAUSE = re.compile(rf"{WHEN}")
OPENING_WHEN = re.compile(rf"^{WHEN}")
PURPOSE = ("为", "据", "根据", "按照")


@dataclass(frozen=True, slots=True)
class Headline:
    """A printed headline: main title and the kicker/sub-headline lines."""

    title: str
    subtitle: str


@dataclass(frozen=True, slots=True)
class Part:
    """One space- or line-separated piece of a headline block."""

    text: str
    unit: int
    kicker: bool


def pieces(units: Sequence[Unit]) -> list[Part]:
    """Split a headline's lines at spaces, rejoining pieces a word runs across."""
    parts: list[Part] = []
    for index, unit in enumerate(units):
        for line in unwrap(unit):
            segments: list[str] = []
            for segment in line.split():
                if segments and crosses(segments[-1], segment):
                    segments[-1] += segment
                else:
                    segments.append(segment)
            kicker = len(segments) > 1 and all(len(s) <= SHORT_PART for s in segments[:-1])
            tail_short = len(segments[-1]) <= SHORT_PART if segments else False
            parts.extend(
                Part(s, index, kicker and (i < len(segments) - 1 or tail_short))
                for i, s in enumerate(segments)
            )
    return parts


def compose_headline(units: Sequence[Unit]) -> Headline | None:
    """Pick the main title of a headline block; the other lines form the subtitle."""
    parts = pieces(units)
    if not parts:
        return None
    candidates = [i for i, p in enumerate(parts) if not p.kicker]
    if not candidates:
        return Headline(squeeze(" ".join(p.text for p in parts)), "")
    first = min(candidates, key=lambda i: (subject_rank(parts[i].text), i))
    last = first
    title = parts[first].text
    while last + 1 < len(parts) and incomplete(title):
        following = parts[last + 1]
        if following.unit != parts[first].unit or following.kicker:
            break
        title += following.text
        last += 1
    rest = [p.text for i, p in enumerate(parts) if not first <= i <= last]
    return Headline(squeeze(title), " ".join(squeeze(text) for text in rest))


def split_stacked(
    units: list[Unit], forced: int, before: str, after: str
) -> tuple[list[Unit], int]:
    """Cut runs of more than three headline lines in two: a tail block and a head block."""
    behind, ahead = bigrams(before), bigrams(after)
    result: list[Unit] = []
    for index, unit in enumerate(units):
        if len(unit) <= MAX_BLOCK_LINES:
            result.append(unit)
            continue
        cuts = stack_cuts(len(unit))
        cut = max(cuts, key=lambda j: overlap(unit[:j], behind) + overlap(unit[j:], ahead))
        result.extend((unit[:cut], unit[cut:]))
        forced += 1 if index < forced else 0
    return result, forced


def stack_cuts(lines: int) -> range:
    """Where a block of more than MAX_BLOCK_LINES lines may be cut: never an empty range.

    Both parts keep at most MAX_BLOCK_LINES lines where the block allows it; a longer block
    keeps the opening part that short and gives the closing part the rest.
    """
    low = max(1, lines - MAX_BLOCK_LINES)
    return range(low, max(low, min(lines - 1, MAX_BLOCK_LINES)) + 1)


def bigrams(text: str) -> set[str]:
    """Character bigrams of the word characters of a text."""
    chars = "".join(WORD.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def overlap(unit: Unit, article: set[str]) -> float:
    """Share of a headline block's bigrams found in an article."""
    grams = bigrams("".join(unit))
    return len(grams & article) / len(grams) if grams else 0.0


def split_region(units: Sequence[Unit], before: str | None, after: str, *, forced_head: int) -> int:
    """Return k: units[:k] close the article before, units[k:] open the article after.

    ``before`` is None when the earlier article cannot take a headline (it has one, or
    there is none); units from ``forced_head`` on (markdown headings) always open the next.
    """
    if before is None or not units:
        return 0
    ahead, behind = bigrams(after), bigrams(before)
    best, best_score = 0, float("-inf")
    for k in range(min(forced_head, len(units)) + 1):
        score = sum(overlap(u, behind) for u in units[:k])
        score += sum(overlap(u, ahead) for u in units[k:])
        if score > best_score + 1e-9:
            best, best_score = k, score
    return best


def derive_title(lead: str) -> str:
    """Make a short title from a lead: the event clause after the date."""
    text = without_dateline("".join(lead.split()))
    sentence = re.split(r"[。！？!?]", text, maxsplit=1)[0]
    clauses = [c for c in re.split(r"[，,；;：:]", sentence) if c]
    events = [c for c in clauses if not WHEN_CLAUSE.fullmatch(c) and not c.startswith(PURPOSE)]
    chosen = OPENING_WHEN.sub("", events[0] if events else sentence) or sentence
    if not WORD.search(chosen):  # a lead of punctuation: fall back to its first words
        chosen = "".join(WORD.findall(text))
    if len(chosen) > DERIVED_MAX:
        chosen = chosen[:DERIVED_MAX] + "…"
    return chosen
