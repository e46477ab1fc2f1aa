"""Query expansion: abbreviations both ways and domain synonyms, as extra query variants.

A question is searched as asked and, when it holds a phrase of the abbreviation or synonym
tables, also as variants with that phrase replaced (经济技术开发区 → 经开区, 防洪 → 防汛),
when the corpus uses the replacement more than the phrase asked (so 调研 is not also searched
as 考察 in pages that say 调研).
In a variant the words it put in weigh ``VARIANT_WEIGHT`` of a word asked, so an exact
match outranks an expanded one of the same coverage, while a variant covering more of the
question can still win; each variant must pass the relevance gate on its own.  Only
replacements the corpus holds are tried, at most ``MAX_VARIANTS`` per question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources

from retrieval.search.colloquial import Colloquial
from retrieval.text.phrases import Phrases

VARIANT_WEIGHT = 0.8
MAX_VARIANTS = 3
PLACE = "*"  # in a long form: any place name (共青团*区委)
_PLACE_PATTERN = "[\u4e00-\u9fff]{1,8}?"


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a packaged word table (words separated by spaces, # comments)."""
    text = resources.files("retrieval").joinpath("data", name).read_text(encoding="utf-8")
    rows = (line.split("#", 1)[0].split() for line in text.splitlines())
    return tuple(tuple(row) for row in rows if len(row) >= 2)


def curated_pairs() -> list[tuple[str, str]]:
    """(short, long) pairs of the curated abbreviation table, place patterns included."""
    return [(row[0], long) for row in read_table("abbreviations.txt") for long in row[1:]]


def read_colloquial(text: str) -> str:
    """The text with its colloquial phrases replaced by the official words they mean."""
    return lexicon().read(text)


@cache
def lexicon() -> Colloquial:
    """The colloquial lexicon of retrieval/data/colloquial.txt, built once per process."""
    return Colloquial(read_table("colloquial.txt"))


def place_pattern(long: str) -> re.Pattern[str]:
    """A long form with ``*`` for a place name, as a regular expression."""
    return re.compile(_PLACE_PATTERN.join(map(re.escape, long.split(PLACE))))


class Expander:
    """Phrases with the words that may stand for them, from the tables and the corpus."""

    def __init__(self, mined: Iterable[tuple[str, str]] = ()) -> None:
        table: dict[str, list[str]] = {}
        for group in read_table("synonyms.txt"):
            for word in group:
                _add(table, word, [w for w in group if w != word])
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for short, long in [*mined, *curated_pairs()]:
            if PLACE in long:
                self.patterns.append((place_pattern(long), short))
                continue
            _add(table, long, [short])
            _add(table, short, [long])
        self.table = table
        phrases = sorted(table, key=len, reverse=True)  # the longest phrase wins at a place
        self._phrases = Phrases([(phrase, None) for phrase in phrases])

    def matches(self, text: str) -> list[tuple[str, list[str]]]:
        """The table's phrases in the text (longest first, not overlapping) with alternatives."""
        found: list[tuple[str, list[str]]] = []
        taken = [False] * len(text)
        # Colloquial spans first: each is read as one official word, which brings its own
        # synonyms (街心花园 → 游园 → 口袋公园).
        for start, end, word in lexicon().spans(text):
            taken[start:end] = [True] * (end - start)
            found.append((text[start:end], [word, *self.table.get(word, ())]))
        for pattern, short in self.patterns:
            for match in pattern.finditer(text):
                if not any(taken[match.start() : match.end()]):
                    taken[match.start() : match.end()] = [True] * len(match[0])
                    found.append((match[0], [short]))
        for start, end in self._phrases.spans(text):
            if not any(taken[start:end]):
                found.append((text[start:end], list(self.table[text[start:end]])))
        return found

    def variants(self, text: str, useful: Callable[[str, str], bool]) -> list[str]:
        """The text with its phrases replaced by alternatives the corpus holds (not itself).

        First every phrase replaced by its first alternative, then each phrase alone (a
        question may hold a phrase the pages use as asked), then the further alternatives.
        """
        options = [(p, [a for a in alts if useful(p, a)]) for p, alts in self.matches(text)]
        options = [(p, alts) for p, alts in options if alts]
        rounds = max((len(alts) for _, alts in options), default=0)
        candidates = [_replace(text, [(p, alts[0]) for p, alts in options])]
        candidates += [_replace(text, [(p, alts[0])]) for p, alts in options if len(options) > 1]
        candidates += [
            _replace(text, [(p, alts[min(k, len(alts) - 1)]) for p, alts in options])
            for k in range(1, rounds)
        ]
        unique = dict.fromkeys(c for c in candidates if c != text)
        return list(unique)[:MAX_VARIANTS]

    def alternatives(self, text: str, useful: Callable[[str, str], bool]) -> Sequence[str]:
        """Every useful alternative for the text's phrases (for picking sentences)."""
        return [a for p, alts in self.matches(text) for a in alts if useful(p, a)]


def _replace(text: str, replacements: Iterable[tuple[str, str]]) -> str:
    """The text with each phrase replaced once; a word already put in is not put in again.

    (骗子…骗钱 and 诈骗电话 in one question both mean 电信网络诈骗: it is searched once.)
    """
    placed: set[str] = set()
    for phrase, alternative in replacements:
        text = text.replace(phrase, "" if alternative in placed else alternative, 1)
        placed.add(alternative)
    return text


def _add(table: dict[str, list[str]], word: str, others: Iterable[str]) -> None:
    """Append alternatives of a word, keeping their order and no repeats."""
    alternatives = table.setdefault(word, [])
    alternatives.extend(o for o in others if o not in alternatives and o != word)
