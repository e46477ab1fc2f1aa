"""A question in Chinese → a Query: who it is about, what it asks, which period, what topic."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.query.aliases import find_near_names, find_people
from retrieval.query.intents import classify
from retrieval.query.language import is_foreign, people_in_pinyin
from retrieval.query.names import unknown_candidates
from retrieval.query.timeexpr import NEWEST_FIRST_WORDS, find_time_range, wants_newest_first
from retrieval.search.people import Person
from retrieval.text.normalize import normalize

MAX_QUESTION_CHARS = 2000  # an abuse cap only: a long question is reduced to its content

FILLER = re.compile(
    r"^(?:请问|请告诉我|告诉我|我想知道|想知道|查一下|查查|介绍一下|说说)"
    r"|(?:是|有|讲了|说了|做了|讲的是|说的是)?(?:什么|啥|哪些)$|(?:是|吗|呢|啊|呀|的|了)$|^的"
)
# Courtesy around a question (请问一下…谢谢), anywhere in it.
POLITE = re.compile(
    r"请问|^请|麻烦(?:你|您)?|帮(?:我|忙)?(?:查一下|查查|看看|找找|找一下)|我想(?:知道|了解|问问?)"
    r"|想(?:知道|了解)|能不能告诉我|能告诉我|请告诉我|告诉我|谢谢(?:你|您)?|多谢|你好|您好|一下"
    # chatter around a long question: who is asking, hearsay, hedges (我是…居民，听说…好像叫…)
    r"|我是[^，,。？?！!]{0,20}[，,]|(?:我|最近)?(?:听说|据说)|好像(?:叫|是)?(?:什么)?"
    r"|我想问问?|想问问?|到底|究竟"
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
    " 同志 一下 一些 哪些 所有 全部 以来 期间 时候 那 这 说 讲 谈 说过 讲过 表示 讲话 发言"
)
EMPTY_CHUNKS = frozenset(_EMPTY.split())
# 郑州天气, 二七区明天气温怎么样: live information no newspaper page holds.  Only a
# place of the paper's own region may go with it (a place the pages never name is no-answer
# anyway); 重污染天气 is a topic the pages do cover, so the weather word must stand alone.
LIVE = re.compile(
    r"^(?:(?:郑州市?|河南省?|二七区?|中原|本地|我们这|这里)的?)?(?:今天|明天|后天|现在|这几天)?的?"
    r"(?:天气(?:预报)?|气温|温度|下雨|下雪|降雨|降雪|刮风|冷不冷|热不热)"
    r"(?:怎么样|如何|情况|多少度|几度|好不好|会不会下雨|预报)?$"
)
# 那去年呢 / 那么三月呢: a follow-up to a question we never saw; the subject is missing.
FOLLOW_UP = re.compile(r"^(?:那么|那)\s*\S.*呢[?？!！。.\s]*$")


@dataclass(frozen=True, slots=True)
class Query:
    """What a question asks, in terms retrieval understands."""

    question: str  # as asked
    text: str  # normalised: width folded, traditional → simplified, cleaned of control chars
    topic: str  # what to search for once people, time and question words are removed
    intent: str  # "meetings" | "who" | "when" | "how_many" | "what" | "topic" | "fragment" | "live"
    people: tuple[str, ...] = ()  # canonical names, from full names or aliases
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()  # alias → candidates, not guessed
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    period: str | None = None  # the date range used, in Chinese ("2021年12月")
    newest_first: bool = False
    event_kind: str = "meeting"  # meetings intent: "meeting" (会/会议) or "event" (活动, 行程)
    person_role: str | None = None  # the role asked about ("主持" in 苏建设主持了哪些会议)
    measure: str = ""  # how_many intent: the counting word asked for (家, 名 …)
    corrected: tuple[tuple[str, str], ...] = ()  # (typed, name) for near-miss names: 陈红明
    held: bool = False  # when intent: asked when it was held (开的, 召开), not when it is due
    unknown: tuple[tuple[str, str], ...] = ()  # (name, title) of people we may not know


def parse_question(question: str, people: Sequence[Person], *, today: dt.date | None) -> Query:
    """Understand one question: people (with aliases), intent, time range and topic."""
    text = clean_text(question)
    corrected = tuple(find_near_names(text, people))
    spelled = text
    for typed, name in corrected:
        spelled = spelled.replace(typed, name)
    names, ambiguous, rest = find_people(spelled, people)
    rest = POLITE.sub(" ", rest)
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
    if is_fragment(text, when is not None, names, topic):
        intent, topic = "fragment", ""
    if not names and LIVE.match(topic.replace(" ", "")):
        intent = "live"
    if is_foreign(text):  # Chen Hongmin: a hint in both languages, naming whom they meant
        intent, names = "foreign", people_in_pinyin(text, people)
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
        corrected=corrected,
        held=asked.held,
        unknown=unknown_candidates(spelled, (p.name for p in people)),
    )


def is_fragment(text: str, timed: bool, names: Sequence[str], topic: str) -> bool:
    """Tell a follow-up that names only a time (那去年呢) from a question of its own."""
    return timed and not names and bool(FOLLOW_UP.match(text)) and topic in ("", "那么")


def clean_text(question: str) -> str:
    """Normalise a question and drop control, format (zero-width) and markup characters."""
    text = normalize(question[: MAX_QUESTION_CHARS * 2])
    text = re.sub(r"<[^<>]{0,200}>", " ", text)  # pasted HTML tags
    kept = (ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in text)
    return re.sub(r"\s+", " ", "".join(kept)).strip()[:MAX_QUESTION_CHARS]


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
