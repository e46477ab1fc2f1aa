"""The results message of a question, and which reply answered which message (for edits)."""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from typing import TYPE_CHECKING

from telegram import Chat, InlineKeyboardMarkup
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import paging, render
from bot.state import state_of

if TYPE_CHECKING:
    from retrieval.models import Answer

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
REPLIES_KEY = "replies"  # chat_data: question message id → the bot's results message id
REPLIES_KEPT = 50
GONE = "还没有收录任何文章。"


async def results_message(
    context: ContextTypes.DEFAULT_TYPE, q: str, chat: Chat, asked: Answer | None = None
) -> tuple[str | None, InlineKeyboardMarkup | None]:
    """The first page of a question's results and its buttons (composed in a worker thread).

    The text is None for a question in another language that found nothing: the caller then
    sends a hint instead of a Chinese "not found". ``asked``: the answer already composed
    for page 1 (at the settings' answer limit), so it is not composed twice.
    """
    state = state_of(context)
    page = await asyncio.to_thread(
        paging.build_page, state.engine, q, 1, state.settings.answer_limit, asked
    )
    if page is None:  # page 1 always exists; only a corpus emptied meanwhile gets here
        return render.html(GONE), None
    if page.no_answer and not_chinese(q):
        return None, None
    return page.text, paging.page_markup(page, state.questions.remember(q), link_to(context, chat))


def link_to(context: ContextTypes.DEFAULT_TYPE, chat: Chat) -> str | None:
    """The bot's username when 原文 should open articles privately (groups), else None."""
    return None if chat.type == ChatType.PRIVATE else context.bot.username


def not_chinese(text: str) -> bool:
    """Whether a question has letters but not one Chinese character (English, pinyin)."""
    return not CJK.search(text) and any(ch.isalpha() for ch in text)


def foreign_hint(context: ContextTypes.DEFAULT_TYPE) -> str:
    """A short bilingual hint with an example from this corpus, for a non-Chinese question."""
    examples = state_of(context).engine.summary().examples
    example = render.html(examples[0] if examples else "最近有哪些会议")
    return (
        f"请用中文提问，例如：<code>{example}</code>\n"
        f"Please ask in Chinese, for example: <code>{example}</code>"
    )


def remember_reply(context: ContextTypes.DEFAULT_TYPE, asked: int, reply: int) -> None:
    """Note which message answered which (bounded), so an edited question edits its answer."""
    if context.chat_data is None:
        return
    replies = context.chat_data.setdefault(REPLIES_KEY, OrderedDict())
    replies[asked] = reply
    while len(replies) > REPLIES_KEPT:
        replies.popitem(last=False)


def reply_to(context: ContextTypes.DEFAULT_TYPE, asked: int) -> int | None:
    """The bot's reply to a message of this chat, if it is still remembered."""
    replies = (context.chat_data or {}).get(REPLIES_KEY) or {}
    return replies.get(asked)
