"""What an intent declaration is made of: its name, cues, slots and claim rule.

The declarations themselves are in retrieval/query/intents.py; this module holds the
vocabulary they are written in, so a newcomer reads one intent as one block of data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from retrieval.text import vocab


class Intent(StrEnum):
    """What kind of answer a question wants."""

    MEETINGS = "meetings"  # the meetings or events of a person or topic, newest first
    ARTICLES = "articles"  # the articles by or about people, or of a period
    WHEN = "when"  # the date something happened or is due
    WHO = "who"  # the person a role or event names
    HOW_MANY = "how_many"  # a number with its counting word
    WHAT = "what"  # what something is: the best passages
    TOPIC = "topic"  # no question word: the best passages
    FRAGMENT = "fragment"  # a follow-up without its subject (那去年呢)
    LIVE = "live"  # live information no page holds (天气)
    FOREIGN = "foreign"  # not asked in Chinese (English, pinyin): a hint in both languages


Slots = Mapping[str, str]


@dataclass(frozen=True)
class Cue:
    """One way of asking for an intent: a pattern, where it applies, what it fills.

    ``rank`` orders cues of all intents (lower first); ``person`` limits a cue to questions
    that name someone (True) or no one (False); ``person_groups`` are named groups that count
    only when someone is named. ``keep`` names the group whose words stay in the topic (the
    meeting's subject), with ``drop`` removed from them.
    """

    pattern: str
    rank: int
    person: bool | None = None
    person_groups: tuple[str, ...] = ()
    whole: bool = False
    cut: bool = True
    keep: str = ""
    drop: str = ""
    read: Callable[[re.Match[str]], Slots] = field(default=lambda _: {})

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The pattern with its word lists filled in, compiled once."""
        return re.compile(vocab.expand(self.pattern))

    def find(self, text: str, has_person: bool) -> re.Match[str] | None:
        """The cue's match in the question, or None where it does not apply."""
        if self.person is not None and self.person != has_person:
            return None
        found = self.regex.fullmatch(text) if self.whole else self.regex.search(text)
        if found and not has_person and any(found[g] for g in self.person_groups):
            return None
        return found


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a claim rule sees: the question, the people and time found, the topic left."""

    text: str
    intent: Intent
    topic: str
    people: tuple[str, ...]
    timed: bool
    is_place: Callable[[str], bool]


@dataclass(frozen=True)
class IntentSpec:
    """An intent's declaration: its cues, its slots' defaults and its claim rule."""

    intent: Intent
    examples: tuple[str, ...]  # questions that ask for it (tests check each one does)
    cues: tuple[Cue, ...] = ()
    slots: Slots = field(default_factory=dict)
    newest_first: bool = False  # always list newest first, 最近 or not
    claims: Callable[[Parsed], bool] | None = None  # decided once the topic is known
    clears_topic: bool = False  # a claimed question has nothing left to search for


@dataclass(frozen=True, slots=True)
class Asked:
    """The intent a cue found, the question with its asking words cut, and the slots."""

    intent: Intent
    rest: str
    slots: Slots


def cut(text: str, match: re.Match[str]) -> str:
    """Remove a matched span from the text."""
    return text[: match.start()] + " " + text[match.end() :]


def first(match: re.Match[str], *groups: str) -> str:
    """The text of the first of these groups that matched ("" when none did)."""
    return next((match[g] for g in groups if match[g]), "")
