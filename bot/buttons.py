"""Inline-keyboard presses: 原文 opens an article, 上一页 / 下一页 turn a results message."""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import alerts, deeplink, paging, render, replies
from bot.handlers import (
    CALLBACK_LIMIT,
    MAX_INLINE_OFFSET,
    NOT_FOUND,
    STALE_BUTTON,
    admitted,
    lookup,
)
from bot.state import state_of

logger = logging.getLogger(__name__)

KINDS = ("a", "p", "m", "u")  # article, page, 更多 of older messages (an offset), unsubscribe


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle 原文 and page presses; anything stale or forged gets a polite answer."""
    query = update.callback_query
    if query is None or not await admitted(update, context):
        return
    data = query.data or ""
    kind, _, rest = data.partition(":")
    if len(data.encode("utf-8")) > CALLBACK_LIMIT or kind not in KINDS:
        await query.answer(STALE_BUTTON)
    elif kind == "u":
        await alerts.cancel_button(update, context, rest)
    elif query.message is None:
        await query.answer("请在私聊中使用这个按钮。", show_alert=True)
    elif kind == "a":
        await show_article(update, context, rest)
    else:
        await show_page(update, context, kind, rest)


async def show_article(update: Update, context: ContextTypes.DEFAULT_TYPE, article_id: str) -> None:
    """Send the article in a private chat; in a group, a short preview with a deep link."""
    query, chat = update.callback_query, update.effective_chat
    found = lookup(context, article_id)
    if query is None or chat is None or found is None:
        await answer_query(update, NOT_FOUND)
        return
    await query.answer()
    paper = state_of(context).engine.paper
    if chat.type != ChatType.PRIVATE:
        markup = deeplink.read_button(context.bot.username, found.article_id)
        await context.bot.send_message(
            chat.id, render.render_preview(found, paper), reply_markup=markup
        )
        return
    for chunk in render.render_article(found, paper):
        await context.bot.send_message(chat.id, chunk)


async def show_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, kind: str, rest: str
) -> None:
    """Turn a results message to the page a button names, editing it in place."""
    query, state = update.callback_query, state_of(context)
    number_text, _, key = rest.partition(":")
    message = query.message if query else None
    text = message.text if isinstance(message, Message) else None
    question = state.questions.recall(key, text)
    if query is None or question is None or not number_text.isdecimal():
        await answer_query(update, STALE_BUTTON)
        return
    size = state.settings.answer_limit
    number = (
        int(number_text) if kind == "p" else min(int(number_text), MAX_INLINE_OFFSET) // size + 1
    )
    page = await asyncio.to_thread(paging.build_page, state.engine, question, number, size)
    if page is None:
        await query.answer("没有更多结果了。")
        return
    await query.answer()
    chat = update.effective_chat
    link = replies.link_to(context, chat) if chat else None
    await edit_in_place(message, page.text, paging.page_markup(page, key, link))


async def edit_in_place(message: object, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replace a message's text and buttons; pressing the page already shown changes nothing."""
    if not isinstance(message, Message):
        return
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
        logger.debug("page unchanged: %s", error)


async def answer_query(update: Update, text: str) -> None:
    """Answer a callback query with a short notice, if there is one."""
    if update.callback_query:
        await update.callback_query.answer(text)
