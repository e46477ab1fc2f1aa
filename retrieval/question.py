"""A question in Chinese → a Query: who it is about, what it asks, which period, what topic."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.intents import classify
from retrieval.normalize import normalize
from retrieval.people import Person
from retrieval.timeexpr import NEWEST_FIRST_WORDS, find_time_range, wants_newest_first

MAX_QUESTION_CHARS = 500  # longer input is cut: nobody asks a 5000-character question

# Titles a person can be called by after their surname (陈书记, 苏区长, 吕主任), longest first.
TITLES = (
    "常务副区长", "副书记", "副区长", "副主任", "副部长", "副局长", "副主席", "副院长",
    "检察长", "指挥长", "书记", "区长", "主任", "部长", "局长", "组长", "院长", "主席",
)  # fmt: skip
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容")

FILLER = re.compile(
    r"^(?:请问|请告诉我|告诉我|我想知道|想知道|查一下|查查|介绍一下|说说)"
    r"|(?:是|有|讲了|说了|做了|讲的是|说的是)?(?:什么|啥|哪些)$|(?:是|吗|呢|啊|呀|的|了)$|^的"
)
# Words left between two names once the names are gone (陈红民和苏建设一起开过哪些会).
CONNECTIVES = re.compile(r"(?:^|(?<=\s))(?:和|与|跟|同|及|以及)(?=\s|$)|一起|共同|一同")
# Question words inside a topic name the kind of answer, not what to search for:
# 苏建设检查防汛抗旱工作[去了哪些地方] → search 检查防汛抗旱工作.
ASKING = re.compile(
    r"(?:去了|到了|来到|去|到)?(?:哪些|哪家|哪几家|哪几个|哪个|哪里|哪儿|什么|啥)(?:地方|地点)?"
)
# Words that are no topic on their own once the question words around them are gone
# (三月份[有]哪些会议, 苏区长去年11月[干了]什么, 景静[记者]的报道).
_EMPTY = (
    "有 都 都有 还有 的 了 是 在 又 还 也 就 干 做 搞 忙 写 发 开 去 到 过"
    " 情况 方面 相关 有关 关于 吗 呢 啊 吧 呀 事 事情 工作 消息 记者 通讯员"
    " 同志 一下 一些 哪些 所有 全部 以来 期间 时候 那 这"
)
EMPTY_CHUNKS = frozenset(_EMPTY.split())


@dataclass(frozen=True, slots=True)
class Query:
    """What a question asks, in terms retrieval understands."""

    question: str  # as asked
    text: str  # normalised: width folded, traditional → simplified, cleaned of control chars
    topic: str  # what to search for once people, time and question words are removed
    intent: str  # "meetings" | "who" | "when" | "how_many" | "what" | "topic"
    people: tuple[str, ...] = ()  # canonical names, from full names or aliases
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()  # alias → candidates, not guessed
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    period: str | None = None  # the date range used, in Chinese ("2021年12月")
    newest_first: bool = False
    event_kind: str = "meeting"  # meetings intent: "meeting" (会/会议) or "event" (活动, 行程)
    person_role: str | None = None  # the role asked about ("主持" in 苏建设主持了哪些会议)
    measure: str = ""  # how_many intent: the counting word asked for (家, 名 …)


def parse_question(question: str, people: Sequence[Person], *, today: dt.date | None) -> Query:
    """Understand one question: people (with aliases), intent, time range and topic."""
    text = clean_text(question)
    names, ambiguous, rest = find_people(text, people)
    newest_first = wants_newest_first(rest)
    when = find_time_range(rest, today)
    if when is not None:
        rest = rest.replace(when.words, " ")
    for word in NEWEST_FIRST_WORDS:
        rest = rest.replace(word, " ")
    asked = classify(rest, bool(names))
    topic = tidy_topic(asked.rest)
    intent = asked.intent
    if intent == "articles" and topic and not names:
        intent = "topic"  # 关于疫情的报道: the articles on a topic are a topic answer
    return Query(
        question=question,
        text=text,
        topic=topic,
        intent=intent,
        people=names,
        ambiguous=ambiguous,
        date_from=when.date_from if when else None,
        date_to=when.date_to if when else None,
        period=when.period if when else None,
        newest_first=newest_first or asked.intent == "meetings",
        event_kind=asked.event_kind,
        person_role=asked.person_role,
        measure=asked.measure,
    )


def clean_text(question: str) -> str:
    """Normalise a question and drop control, format (zero-width) and markup characters."""
    text = normalize(question[: MAX_QUESTION_CHARS * 2])
    text = re.sub(r"<[^<>]{0,200}>", " ", text)  # pasted HTML tags
    kept = (ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in text)
    return re.sub(r"\s+", " ", "".join(kept)).strip()[:MAX_QUESTION_CHARS]


def surname(name: str) -> str:
    """The family name: one character, or two for the compound surnames."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def alias_table(people: Sequence[Person]) -> dict[str, tuple[list[str], list[str]]]:
    """Map surname+title aliases to (people holding that title, people one rank below)."""
    table: dict[str, tuple[list[str], list[str]]] = {}
    for person in people:
        for role in person.roles:
            for title in TITLES:
                if not role.endswith(title):
                    continue
                exact, _ = table.setdefault(surname(person.name) + title, ([], []))
                add_once(exact, person.name)
                # 李副区长 is called 李区长 too, but a real 区长 named 李 wins.
                for plain in {title[1:], title.removeprefix("常务副"), title.removeprefix("常务")}:
                    if plain != title and plain in TITLES:
                        add_once(table.setdefault(surname(person.name) + plain, ([], []))[1],
                                 person.name)  # fmt: skip
                break
    return table


def add_once(names: list[str], name: str) -> None:
    """Append a name unless it is already there."""
    if name not in names:
        names.append(name)


def find_people(
    text: str, people: Sequence[Person]
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...], str]:
    """Find full names and aliases; return names, ambiguous aliases and the rest of the text."""
    found: list[str] = []
    rest = text
    for person in sorted(people, key=lambda p: -len(p.name)):
        if len(person.name) >= 2 and normalize(person.name) in rest:
            add_once(found, person.name)
            rest = rest.replace(normalize(person.name), " ")
    ambiguous: list[tuple[str, tuple[str, ...]]] = []
    for alias, (exact, loose) in sorted(alias_table(people).items(), key=lambda a: -len(a[0])):
        if alias not in rest:
            continue
        rest = rest.replace(alias, " ")
        candidates = exact or loose
        if len(candidates) == 1:
            add_once(found, candidates[0])
        elif not set(candidates) & set(found):
            ambiguous.append((alias, tuple(candidates)))
    return (
        tuple(sorted(found, key=lambda name: first_mention(text, name, people))),
        tuple(ambiguous),
        rest,
    )


def first_mention(text: str, name: str, people: Sequence[Person]) -> int:
    """Where a person is first named in the question, by full name or by alias."""
    spots = [text.find(normalize(name))]
    for person in people:
        if person.name == name:
            spots += [text.find(surname(name) + title) for title in TITLES]
    return min((spot for spot in spots if spot >= 0), default=len(text))


def trim_chunk(chunk: str) -> str:
    """Drop a chunk that says nothing (有, 干了) and a trailing 了 (配备了 → 配备)."""
    bare = chunk.removesuffix("了")
    if chunk in EMPTY_CHUNKS or bare in EMPTY_CHUNKS:
        return ""
    return bare if len(bare) >= 2 else chunk


def tidy_topic(text: str) -> str:
    """Trim question filler and punctuation from what is left of the question."""
    text = re.sub(r"[?？!！。，,、;；:：~～\"“”'‘’()（）《》【】\[\]]+", " ", text)
    text = ASKING.sub(" ", text)
    text = CONNECTIVES.sub(" ", text)
    text = " ".join(chunk for chunk in map(trim_chunk, text.split()) if chunk)
    previous = None
    while previous != text:
        previous = text
        text = FILLER.sub("", text).strip()
    return text
