"""What the handlers share: the engine, the limits and the gate, behind one typed accessor."""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram.ext import Application, ContextTypes

from bot.access import Gate
from bot.render import QUESTION_PREFIX
from bot.settings import Settings

if TYPE_CHECKING:
    from retrieval.engine import Engine
    from retrieval.refresh import Refresher

STATE_KEY = "newsbot"


def question_key(question: str) -> str:
    """A short, stable digest of a question for callback data (survives restarts)."""
    return hashlib.sha256(question.encode("utf-8")).hexdigest()[:12]


@dataclass
class QuestionMemory:
    """A bounded LRU of recent questions by digest; the message text is the fallback."""

    capacity: int = 2048
    _items: OrderedDict[str, str] = field(default_factory=OrderedDict)

    def remember(self, question: str) -> str:
        """Store a question and return its digest."""
        key = question_key(question)
        self._items[key] = question
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return key

    def recall(self, key: str, message_text: str | None) -> str | None:
        """The question for a digest, from memory or from the first line of the bot's message."""
        if key in self._items:
            return self._items[key]
        first_line = (message_text or "").split("\n", 1)[0]
        if first_line.startswith(QUESTION_PREFIX):
            candidate = first_line.removeprefix(QUESTION_PREFIX)
            if question_key(candidate) == key:  # a forged digest never matches
                return self.remember(candidate) and candidate
        return None

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class BotState:
    """Everything built once at start-up that the handlers need.

    ``engine`` is replaced whole by the live-reload watcher, so read it once per request.
    """

    engine: Engine
    settings: Settings
    gate: Gate
    questions: QuestionMemory = field(default_factory=QuestionMemory)
    refresher: Refresher | None = None  # which corpus version the engine came from
    watcher: asyncio.Task[None] | None = None


def store_state(application: Application, state: BotState) -> None:
    """Put the shared state where every handler can reach it."""
    application.bot_data[STATE_KEY] = state


def state_of(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    """The shared state (the one typed way handlers reach the engine)."""
    return checked(context.bot_data.get(STATE_KEY))


def application_state(application: Application) -> BotState:
    """The shared state, for start-up and shutdown hooks that get the Application."""
    return checked(application.bot_data.get(STATE_KEY))


def checked(state: object) -> BotState:
    """The state itself, or a clear error when the Application was built some other way."""
    if not isinstance(state, BotState):
        raise RuntimeError("newsbot state missing: build the Application with build_application()")
    return state
