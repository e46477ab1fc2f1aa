"""Inline-keyboard presses: 原文 sends an article, 更多 the next page of a question's results."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot import render
from bot.handlers import (
    CALLBACK_LIMIT,
    MAX_INLINE_OFFSET,
    NOT_FOUND,
    STALE_BUTTON,
    admitted,
    lookup,
)
from bot.state import state_of


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle 原文 and 更多 presses; anything stale or forged gets a polite answer."""
    query = update.callback_query
    if query is None or not await admitted(update, context):
        return
    data = query.data or ""
    kind, _, rest = data.partition(":")
    if len(data.encode("utf-8")) > CALLBACK_LIMIT or kind not in ("a", "m"):
        await query.answer(STALE_BUTTON)
    elif query.message is None:
        await query.answer("请在私聊中使用这个按钮。", show_alert=True)
    elif kind == "a":
        await show_article(update, context, rest)
    else:
        await show_more(update, context, rest)


async def show_article(update: Update, context: ContextTypes.DEFAULT_TYPE, article_id: str) -> None:
    """Answer a 原文 press with the article's full text."""
    query, chat = update.callback_query, update.effective_chat
    found = lookup(context, article_id)
    if query is None or chat is None or found is None:
        await answer_query(update, NOT_FOUND)
        return
    await query.answer()
    for chunk in render.render_article(found):
        await context.bot.send_message(chat.id, chunk)


async def show_more(update: Update, context: ContextTypes.DEFAULT_TYPE, rest: str) -> None:
    """Answer a 更多 press with the next page of results for the same question."""
    query, chat, state = update.callback_query, update.effective_chat, state_of(context)
    offset_text, _, key = rest.partition(":")
    message = query.message if query else None
    text = message.text if isinstance(message, Message) else None
    question = state.questions.recall(key, text)
    if query is None or chat is None or question is None or not offset_text.isdecimal():
        await answer_query(update, STALE_BUTTON)
        return
    offset, size = min(int(offset_text), MAX_INLINE_OFFSET), state.settings.answer_limit
    # ask(), not find(): the next page keeps the question's own ranking (a person's meetings)
    answer = await asyncio.to_thread(state.engine.ask, question, limit=offset + size)
    hits = answer.hits[offset:]
    if not hits:
        await query.answer("没有更多结果了。")
        return
    await query.answer()
    more = [[InlineKeyboardButton("更多 »", callback_data=f"m:{offset + size}:{key}")]]
    markup = InlineKeyboardMarkup(more) if len(hits) == size else None
    chunks = render.render_hits(question, hits, offset)
    for n, chunk in enumerate(chunks, 1):
        last = n == len(chunks)
        await context.bot.send_message(chat.id, chunk, reply_markup=markup if last else None)


async def answer_query(update: Update, text: str) -> None:
    """Answer a callback query with a short notice, if there is one."""
    if update.callback_query:
        await update.callback_query.answer(text)
