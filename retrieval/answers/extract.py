"""Pieces of an article an answer may quote: sentences, meeting names, roles, counts, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from retrieval.models import Article, DatePrecision, describe_date
from retrieval.text.patterns import lazy

QUOTE_LIMIT = 90  # characters of a quoted sentence before it is cut at a clause boundary
ELLIPSIS = "……"

_SENTENCE = lazy(r"[^。！？!?；;]*(?:[。！？!?；;]+[”’」』]?|$)")
_CLAUSE = lazy(r"[^，,：:、]*(?:[，,：:、]|$)")
_NOT_NAME = r"[^，。；：,;:！？!?\s]"
# "召开…会议" and "…会议(在…)召开"; a name is greedy up to the last 会/会议 before a break.
_CALLED = lazy(rf"(?<!通过)召开(?:了)?\s*(?P<n>{_NOT_NAME}{{2,50}}(?:会议|会))")
_HELD = lazy(
    rf"(?P<n>{_NOT_NAME}{{2,50}}?(?:会议|会))(?:在[^，。]{{1,20}})?(?:召开|举行)"
    r"(?P<ext>[(（][^)）]{1,6}[)）]会议)?"
)
_SESSION = lazy(r"第[\d一二三四五六七八九十百]+次")
_BODIES = ("会", "委", "组", "局", "院", "政府", "部", "办")
MEETING_HELD = lazy(
    # "座谈会上" alone is no evidence: a visit (走访调研) often ends with a talk on site.
    r"(?<!通过)召开[^。；]{0,60}?会|(?:会议|会)(?:在[^，。]{1,20})?(?:召开|举行)"
    r"|(?:主持|出席|参加|列席)[^。，]{0,4}会"
    r"|会议(?:强调|要求|指出|传达|听取|审议|提出|宣读|解读|通报|研究|认为|决定|部署)"
)
# What a named person did, as the paper says it: (word in the text, role shown).
ROLE_WORDS = (
    ("主持", "主持"), ("出席", "出席"), ("列席", "列席"), ("参加", "参加"), ("领学", "领学"),
    ("讲话", "讲话"), ("表示", "讲话"), ("强调", "讲话"), ("指出", "讲话"), ("提出", "讲话"),
    ("要求", "讲话"), ("带队", "带队"), ("带领", "带队"), ("调研", "调研"), ("察看", "调研"),
    ("检查", "检查"), ("督导", "督导"), ("走访", "走访"),
)  # fmt: skip
# A person going somewhere: 李卓瑜带领…，到河南桂洲村食品有限公司开展…
_VISIT = lazy(
    r"[，,]?(?:来到|走进|深入|前往|赴|到)(?!会|场)[^，。；]{2,30}(?:开展|调研|走访|察看|检查|督导)"
)
SPEECH = ("强调", "表示", "指出", "要求", "提出", "说")
_ROLE_REACH = 40  # characters after a name in which its verb may stand (long name lists)
_ROLE_CHAIN = 8  # "出席会议并讲话": a second verb this close belongs to the same person
# Words that say when something happens, in an article sentence.
_TIME_PHRASE = lazy(
    r"\d{4}年(?:底|末|内|初)?|\d{1,2}月\d{0,2}[日号]?(?:底|末|前)?|[一二三四五六七八九十]{1,3}月(?:底|前)?"
    r"|[今明去]年(?:底|末|内|初)?|年底|年末|年内|年初|月底|上半年|下半年|[一二三四]季度|第[一二三四]季度"
    r"|汛期前|汛期|春节前|春节|国庆|元旦|近日|日前"
)
_NUMBER = r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千万两]+)(?:余|多)?"


def sentences(text: str) -> list[str]:
    """Split text into sentences, keeping their punctuation; drop the 本报讯 label."""
    found = []
    for paragraph in text.split("\n"):
        for match in _SENTENCE.finditer(paragraph):
            sentence = match[0].strip().removeprefix("本报讯").strip()
            if sentence:
                found.append(sentence)
    return found


def trim(sentence: str, terms: Sequence[str], limit: int = QUOTE_LIMIT) -> str:
    """Cut a long sentence to whole clauses around the first clause naming a term."""
    if len(sentence) <= limit:
        return sentence
    clauses = [c for c in _CLAUSE.findall(sentence) if c]
    named = next((i for i, c in enumerate(clauses) if term_score(c, terms)), 0)
    start = named
    while start and clauses[start - 1].endswith("、"):
        start -= 1  # keep the list the term sums up (核酸检测、…、社会免疫等“五种能力”)
    end = start
    while end < len(clauses) and len("".join(clauses[start : end + 1])) <= limit:
        end += 1
    end = max(end, named + 1)
    text = "".join(clauses[start:end])
    if len(text) > limit:
        text = text[:limit]
    head = ELLIPSIS if start else ""
    tail = ELLIPSIS if end < len(clauses) or len(text) < len("".join(clauses[start:end])) else ""
    return head + text.rstrip("，,：:、") + tail


def term_score(text: str, terms: Iterable[str]) -> int:
    """How much of the query a text covers: the summed length of the distinct terms in it."""
    folded = text.lower()  # terms are normalised (APP → app); the page keeps its case
    return sum(len(term) for term in set(terms) if term and term.lower() in folded)


def best_sentence(candidates: Sequence[str], terms: Sequence[str]) -> str | None:
    """The sentence covering most query terms (the earliest on ties), or None."""
    if not candidates:
        return None
    return max(candidates, key=lambda s: (term_score(s, terms), -candidates.index(s)))


def present(terms: Iterable[str], text: str) -> tuple[str, ...]:
    """The terms that occur in a text, longest first, for emphasis."""
    # Single characters (房, 会) would light up half the text.
    found = {t for t in terms if len(t) >= 2 and t in text}
    return tuple(sorted(found, key=lambda t: (-len(t), t)))


def meeting_held(article: Article) -> bool:
    """Tell whether the article reports a meeting that was held (not only an inspection)."""
    return bool(MEETING_HELD.search(article.title + "\n" + article.text))


def meeting_name(article: Article) -> str:
    """The meeting's name from the headline or the lead, else the headline itself."""
    for text in (article.title, "\n".join(article.paragraphs[:2])):
        names = [n for n in _meeting_names(text) if len(n) > 5]
        if names:
            return max(names, key=len) if text is not article.title else names[0]
    return article.title


def _meeting_names(text: str) -> list[str]:
    names = [with_body(text, m) for m in _CALLED.finditer(text)]
    names += [m["n"] + (m["ext"] or "") for m in _HELD.finditer(text)]
    cleaned = (unquote(name) for name in names)
    return [name for name in cleaned if name and name[0] not in "(（"]


def with_body(text: str, match: re.Match[str]) -> str:
    """Name a numbered session with its body: 人大常委会召开第三十七次会议 → 人大常委会第…."""
    name = match["n"]
    if not _SESSION.match(name):
        return name
    body = re.search(rf"{_NOT_NAME}{{2,30}}$", text[: match.start()].rstrip())
    return (body[0] if body and body[0].endswith(_BODIES) else "") + name


def unquote(name: str) -> str:
    """Drop a quotation mark at either end unless it pairs with one inside (“三送一强”活动)."""
    if name.startswith("“") and "”" not in name:
        name = name[1:]
    if name.endswith("”") and "“" not in name:
        name = name[:-1]
    return name.strip("\"'")


def roles_of(name: str, article: Article) -> tuple[str, ...]:
    """What the person did in the article (主持, 出席, 讲话 …), in the order the paper says."""
    roles: list[str] = []
    for sentence in sentences(article.text):
        for role in _roles_in(sentence, name):
            if role not in roles:
                roles.append(role)
    return tuple(roles[:3])


def _roles_in(sentence: str, name: str) -> list[str]:
    at = sentence.find(name)
    if at < 0:
        return []
    after = sentence[at + len(name) : at + len(name) + _ROLE_REACH]
    found = sorted((after.find(word), role) for word, role in ROLE_WORDS if word in after)
    if not found:
        return []
    first = found[0][0]
    return [role for pos, role in found if pos - first <= _ROLE_CHAIN]


def quote_about(
    name: str, article: Article, terms: Sequence[str], *, visit: bool = False
) -> str | None:
    """A sentence naming the person: on the asked topic if any, preferring what they said.

    With ``visit`` (去哪了, 参加了什么活动), where they went comes before what they said.
    """
    naming = [s for s in sentences(article.text) if name in s]
    topical = [s for s in naming if term_score(s, [t for t in terms if t != name])]
    pool = topical or naming
    went = [s for s in pool if visit and _VISIT.search(s[s.find(name) :][: _ROLE_REACH * 2])]
    spoken = [s for s in pool if any(name + w in s or f"{name}一行{w}" in s for w in SPEECH)]
    chosen = best_sentence(went or spoken or pool, [name, *terms])
    return trim(chosen, [name, *terms]) if chosen else None


def time_phrases(sentence: str) -> list[str]:
    """The phrases of a sentence that say when (3月3日, 明年汛期前, 年底前), in order."""
    return list(dict.fromkeys(m[0] for m in _TIME_PHRASE.finditer(sentence)))


def count_in(sentence: str, terms: Sequence[str], measure: str) -> str | None:
    """The number counted with `measure` nearest a query term in the sentence ("22家")."""
    counts = [m for m in re.finditer(_NUMBER + re.escape(measure), sentence) if measure]
    if not counts:
        return None
    spans = [(m.start(), m.end()) for t in terms if t for m in re.finditer(re.escape(t), sentence)]
    anchors = spans or [(0, 0)]

    def distance(match: re.Match[str]) -> int:
        # A count usually follows its noun ("企业22家"); one before it is a step further;
        # a longer (more specific) noun pulls harder than a short one.
        return min(
            (match.start() - end if match.start() >= end else (start - match.end()) * 2 + 1)
            - (end - start)
            for start, end in anchors
        )

    return min(counts, key=distance)[0]


def format_date(article: Article) -> str:
    """The article's date in Chinese; approximate dates keep the paper's own word."""
    return describe_date(article.date, article.date_precision, article.date_note)


def chinese_date(date: dt.date) -> str:
    """A date as the paper writes it, with the year: 2021年11月29日."""
    return describe_date(date, DatePrecision.DAY)
