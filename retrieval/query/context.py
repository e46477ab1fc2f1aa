"""A conversation's context: the last resolved question, so fragments can be read against it.

Plain data, no Telegram: the bot keeps one per chat and the CLI's ``chat`` one per session.
A follow-up is rewritten into a whole question before it is parsed, and the answer says how
it was read (按“陈红民去年开了哪些会”回答):

- a time alone (那去年呢, 三月份呢) replaces the earlier question's time;
- 更早的呢 asks the earlier question for the time before the oldest article shown;
- a person alone (那苏建设呢, 苏区长呢) replaces the earlier question's people;
- 他/她 in a question stands for the person the last answer was about;
- 还有吗 asks the earlier question again for the articles not shown yet;
- 第二条具体说说 asks for the second article shown, in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from retrieval.query.aliases import find_people
from retrieval.query.timeexpr import NEWEST_FIRST_WORDS, find_time_range
from retrieval.search.people import Person
from retrieval.text.patterns import lazy

CONTEXT_SECONDS = 30 * 60  # a context older than this is forgotten

_WRAP = lazy(r"^(?:那么|那|还有|再看看|再问一下)?\s*|\s*(?:的情况|的)?(?:呢|吗|啊)?[?？!！。.\s]*$")
_MORE = lazy(
    r"^(?:还有吗|还有呢|还有没有|还有别的吗|还有其他的吗|更多|再来几条|其他的呢|别的呢|下一页)[?？!！。\s]*$"
)
_EARLIER = lazy(
    r"^(?:那)?(?:更早|再早|早一些|更早一些|以前|之前)(?:的|一点的|些的)?(?:呢|吗)?[?？!！。\s]*$"
)
_NTH = lazy(
    r"^第(?P<n>\d{1,2}|[一二三四五六七八九十])(?:条|篇|个|项)"
    r"(?:具体|详细)?(?:说说|讲讲|说一下|讲一下|展开|看看|是什么|内容)?(?:呢|吧)?[?？!！。\s]*$"
)
_PRONOUN = lazy(r"他们|她们|他|她|这位|此人|这个人")
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class Conversation:
    """The last resolved question of a conversation and what its answer showed."""

    question: str = ""  # the whole question last answered (after resolving)
    time_words: str = ""  # the words that gave its time, if any ("去年")
    people: tuple[str, ...] = ()  # whom it asked about
    subject: str = ""  # whom the answer was about (a who-answer's name), for 他/她
    shown: tuple[str, ...] = ()  # article ids shown, in order
    oldest: dt.date | None = None  # date of the oldest article shown
    at: float = 0.0  # when it was answered (seconds, monotonic)

    def fresh(self, now: float) -> bool:
        """Tell whether the context is recent enough to read a fragment against."""
        return bool(self.question) and now - self.at <= CONTEXT_SECONDS


@dataclass(frozen=True, slots=True)
class Reading:
    """How a question is read in its context."""

    question: str  # the whole question to answer
    kind: str = "asked"  # "asked" | "rewritten" | "more" | "nth"
    nth: int = 0  # for "nth": the article number, from 1
    exclude: tuple[str, ...] = field(default=())  # for "more": articles already shown
    before: dt.date | None = None  # for 更早的呢: only articles dated on or before this day
    shown_as: str = ""  # how to say the reading, when it differs from ``question``

    @property
    def said(self) -> str:
        """The reading as the answer states it."""
        return self.shown_as or self.question


def resolve(
    question: str, context: Conversation | None, people: Sequence[Person], today: dt.date | None
) -> Reading:
    """Rewrite a follow-up into a whole question using the context (unchanged otherwise)."""
    text = question.strip()
    if context is None or not context.question:
        return Reading(text)
    for reader in (_listing, _timed, _personal):
        if reading := reader(text, context, people, today):
            return reading
    return Reading(text)


def _listing(
    text: str, context: Conversation, people: Sequence[Person], today: dt.date | None
) -> Reading | None:
    """还有吗, 第二条具体说说, 更早的呢: about the articles the last answer showed."""
    if _MORE.match(text):
        return Reading(context.question, "more", exclude=context.shown)
    if found := _NTH.match(text):
        return Reading(context.question, "nth", nth=ordinal(found["n"]))
    if _EARLIER.match(text) and context.oldest is not None:
        before = context.oldest - dt.timedelta(days=1)
        said = with_time(context, f"{before.year}年{before.month}月{before.day}日以前")
        return Reading(with_time(context, ""), "rewritten", before=before, shown_as=said)
    return None


def _timed(
    text: str, context: Conversation, people: Sequence[Person], today: dt.date | None
) -> Reading | None:
    """那去年呢, 三月份呢: the earlier question for another time."""
    core = _WRAP.sub("", text)
    when = find_time_range(core, today)
    if when is not None and not core.replace(when.words, "").strip():
        return Reading(with_time(context, when.words), "rewritten")
    return None


def _personal(
    text: str, context: Conversation, people: Sequence[Person], today: dt.date | None
) -> Reading | None:
    """那苏建设呢, 他呢, 他最近开了哪些会: the earlier question, or this one, about a person."""
    names, ambiguous, rest = find_people(_WRAP.sub("", text), people)
    if names and not _WRAP.sub("", rest).strip() and not ambiguous:
        return Reading(with_people(context, names), "rewritten")
    subject = context.subject or (context.people[0] if context.people else "")
    if not subject or not _PRONOUN.search(text):
        return None
    if _WRAP.sub("", _PRONOUN.sub("", text)).strip():
        return Reading(_PRONOUN.sub(subject, text), "rewritten")
    return Reading(with_people(context, (subject,)), "rewritten")


def ordinal(number: str) -> int:
    """第二 → 2, 第3 → 3 (1 to 10)."""
    return int(number) if number.isdigit() else _NUMERALS.index(number) + 1


def with_time(context: Conversation, words: str) -> str:
    """The earlier question with its time replaced by (or, without one, given) ``words``."""
    question = context.question
    if context.time_words and context.time_words in question:
        return question.replace(context.time_words, words, 1)
    for word in NEWEST_FIRST_WORDS:
        if word in question:
            return question.replace(word, words, 1)
    names = [n for n in context.people if n in question]
    if names:
        end = max(question.find(n) + len(n) for n in names)
        return question[:end] + words + question[end:]
    return words + question


def with_people(context: Conversation, names: Sequence[str]) -> str:
    """The earlier question about other people."""
    question = context.question
    present = [n for n in context.people if n in question]
    if not present:
        return "".join(names) + question
    question = question.replace(present[0], "和".join(names), 1)
    for name in present[1:]:
        question = question.replace(name, "", 1)
    return question
