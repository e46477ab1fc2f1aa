"""A question in Chinese → a Query: who it is about, what it asks, which period, what topic."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

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

_VERBS = r"开|主持|出席|参加|召开|参与|举行|举办|组织|列席|出现在"
_HOW_MANY_LIST = r"哪些|什么|几场|几次|多少场|多少次|哪几场|哪几次|啥"
MEETINGS = re.compile(
    rf"(?:都|又|还)?(?P<verb>{_VERBS})?(?:了|过)?(?:{_HOW_MANY_LIST})(?P<kind>会议|会|活动)"
    rf"|(?P<verb2>{_VERBS})(?:了|过)(?P<kind2>会议|会|活动)"
    r"|(?P<busy>在忙什么|忙什么|忙些什么|干了什么|做了什么|有哪些动态|的动态|的行程|行程)"
    # 开了哪些关于疫情的会: the words in between are the topic
    rf"|(?P<verb3>{_VERBS})(?:了|过)?(?:哪些|什么)(?:关于|有关)?(?P<about>[^，。？?\s]{{1,12}}?)"
    r"(?:方面|相关|有关)?的?(?P<kind3>会议|会|活动)"
)
WHEN = re.compile(
    r"(?:是|在|于)?(?:哪天|哪一天|哪日|什么时候|什么时间|何时|几月几[日号]|几号|哪个月|哪一年|哪年)(?:开的|召开的|举行的|开|召开|举行)?"
)
HOW_MANY = re.compile(
    r"(?:一共|总共|共)?(?:有|配备了?|建成了?|引进了?|组建了?|培养了?)?"
    r"(?:多少|几)(?P<measure>家|个|名|位|人|项|条|次|场|所|座|批|件|亿元|万元|元|公里|米|户|处|类|种|岁)"
)
WHO = re.compile(r"是谁|是哪位|是什么人|是干什么的|是做什么的|哪位|谁")
WHAT = re.compile(r"什么|哪些|哪家|哪个|哪里|哪儿|怎么|怎样|如何|为什么|为何|啥|吗|呢|\?")
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
    when = find_time_range(rest, today)
    if when is not None:
        rest = rest.replace(when.words, " ")
    newest_first = wants_newest_first(rest)
    for word in NEWEST_FIRST_WORDS:
        rest = rest.replace(word, " ")
    asked = classify(rest, bool(names))
    return Query(
        question=question,
        text=text,
        topic=tidy_topic(asked.rest),
        intent=asked.intent,
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


@dataclass(frozen=True, slots=True)
class Asked:
    """The intent of a question and what is left once the asking words are removed."""

    intent: str
    rest: str
    event_kind: str = "meeting"
    person_role: str | None = None
    measure: str = ""


def classify(text: str, has_person: bool) -> Asked:
    """Pick the intent and strip the words that asked it."""
    if found := WHEN.search(text):
        return Asked("when", cut(text, found))
    if (found := MEETINGS.search(text)) and (has_person or not found["busy"]):
        kind = found["kind"] or found["kind2"] or found["kind3"] or "活动"
        verb = found["verb"] or found["verb2"] or found["verb3"]
        # Only 主持 narrows the list: 参加/出席 are how people ask about any meeting.
        role = verb if verb == "主持" else None
        event_kind = "event" if kind == "活动" else "meeting"
        rest = cut(text, found) + " " + (found["about"] or "")
        return Asked("meetings", rest, event_kind, role)
    if found := HOW_MANY.search(text):
        return Asked("how_many", cut(text, found), measure=found["measure"])
    if found := WHO.search(text):
        return Asked("who", cut(text, found))
    return Asked("what" if WHAT.search(text) else "topic", text)


def cut(text: str, match: re.Match[str]) -> str:
    """Remove a matched span from the text."""
    return text[: match.start()] + " " + text[match.end() :]


def tidy_topic(text: str) -> str:
    """Trim question filler and punctuation from what is left of the question."""
    text = re.sub(r"[?？!！。，,、;；:：~～\"“”'‘’()（）《》【】\[\]]+", " ", text)
    text = ASKING.sub(" ", text)
    text = CONNECTIVES.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = FILLER.sub("", text).strip()
    return text
