"""Short forms of names a corpus uses, mined at index time (二七经开区 ↔ 二七经济技术开发区).

Two sources, both from the pages themselves:

- definitions the pages give: ``二七经济技术开发区(以下简称二七经开区)``;
- a short form whose characters occur in order inside a longer name of an office or body in
  the same pages, sharing its first and last character (安委会 in 安全生产委员会, 经开区 in
  经济技术开发区), where the short form is a word of the corpus that the general dictionary
  does not know as an ordinary word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from retrieval.search.expand import PLACE, curated_pairs, place_pattern
from retrieval.search.general import lookup

_DECLARED = re.compile(
    r"(?P<long>[\u4e00-\u9fff、]{4,30})[(（]以下简称[“\"]?(?P<short>[\u4e00-\u9fff]{2,8})[”\"]?[)）]"
)
# Names of offices and bodies: what a short form may abbreviate.
_KINDS = (
    *("委员会", "开发区", "办公室", "领导小组", "指挥部"),
    *("联合会", "管委会", "工作部", "保税区"),
)
_KIND = re.compile("|".join(_KINDS))
_BODY = re.compile(r"[\u4e00-\u9fff]{2,14}?(?P<kind>" + "|".join(_KINDS) + ")")
_DECLARED_MARK = "以下简称"
_COMMON_FREQ = 100  # a short form the general language uses this often is an ordinary word
_MAX_PAIRS = 2000


def mine_abbreviations(texts: Iterable[str], words: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(short, long) pairs from normalised article texts and the corpus's vocabulary."""
    texts = list(texts)
    pairs: dict[tuple[str, str], None] = {}
    for text in _holding(texts, _DECLARED_MARK):
        for match in _DECLARED.finditer(text):
            pairs[(match["short"], match["long"])] = None
    buckets = _buckets(words)
    shortest: dict[str, str] = {}
    for body, kind in sorted(_bodies(texts)):
        for short, long in _subsequence_pairs(body, kind, buckets):
            if len(long) < len(shortest.get(short, long + "-")):
                shortest[short] = long
    for short, long in curated_pairs():  # 共青团*区委 → the district's own name
        if PLACE in long:
            pattern = place_pattern(long)
            marks = [piece for piece in long.split(PLACE) if piece]
            found = {m[0] for text in _holding(texts, *marks) for m in pattern.finditer(text)}
            pairs.update(((short, name), None) for name in sorted(found, key=len)[:1])
    declared = {short for short, _ in pairs}
    pairs.update(((s, f), None) for s, f in sorted(shortest.items()) if s not in declared)
    return tuple(pairs)[:_MAX_PAIRS]


def _holding(texts: Iterable[str], *marks: str) -> Iterable[str]:
    """The texts holding every mark: the only ones a pattern spelling the marks can match.

    A substring test is a fast scan; a pattern with a lazy prefix tries every position.
    """
    return (text for text in texts if all(mark in text for mark in marks))


def _bodies(texts: Iterable[str]) -> set[tuple[str, str]]:
    """Every (name, kind) of an office or body in the texts' lines that name a kind."""
    return {
        (m[0], m["kind"])
        for text in texts
        if _KIND.search(text)
        for line in text.split("\n")
        if _KIND.search(line)
        for m in _BODY.finditer(line)
    }


def _buckets(words: Iterable[str]) -> Mapping[tuple[str, str], list[str]]:
    """Candidate short forms by (first, last) character: 3–5 characters, no ordinary word."""
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for word in words:
        if 3 <= len(word) <= 5 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
            buckets[(word[0], word[-1])].append(word)
    return buckets


def _subsequence_pairs(
    body: str, kind: str, buckets: Mapping[tuple[str, str], list[str]]
) -> Iterable[tuple[str, str]]:
    """Short forms abbreviating a suffix of a body's name (安全生产委员会 → 安委会).

    The short form keeps a character of the body's kind besides the last (委 of 委员会, 开
    of 开发区), so a place name (二七区 in 二七经济技术开发区) is no short form.
    """
    for start in range(len(body) - 3):
        long = body[start:]
        for short in buckets.get((long[0], long[-1]), ()):
            if short[-2] not in kind[:-1] or short in long:
                continue
            if len(short) < len(long) - 1 and in_order(short, long):
                word = lookup(short)
                if not word.known or word.freq < _COMMON_FREQ:
                    yield short, long


def in_order(short: str, long: str) -> bool:
    """Tell whether the characters of ``short`` occur in order inside ``long``."""
    rest = iter(long)
    return all(ch in rest for ch in short)
