"""Inline mode: `@bot 关键词` lists matching articles, a page at a time; empty lists the newest."""

from __future__ import annotations

import asyncio
import hashlib

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import deeplink, render
from bot.handlers import CALLBACK_LIMIT, MAX_INLINE_OFFSET, admitted, clean
from bot.state import state_of
from retrieval.models import Article, Paper


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List matching articles (or the newest for an empty query), a page at a time."""
    query = update.inline_query
    if query is None or not await admitted(update, context):
        return
    state = state_of(context)
    text = clean(query.query)[: state.settings.max_question_chars]
    size = state.settings.inline_page_size
    # isdecimal, not isdigit: "²".isdigit() holds, yet int("²") raises.
    offset = int(query.offset) if query.offset.isdecimal() else 0
    if offset >= MAX_INLINE_OFFSET:
        await query.answer([], cache_time=30)
        return
    pairs = await asyncio.to_thread(inline_matches, context, text, offset, size)
    engine, username = state.engine, context.bot.username
    results = [inline_result(a, passage, engine.paper, username) for a, passage in pairs]
    done = len(results) < size or offset + size >= MAX_INLINE_OFFSET
    # None, not "": with Defaults set, PTB 22.8 turns an empty-string argument into "[]"
    # (ExtBot._insert_defaults treats "" as an empty sequence of poll options).
    await query.answer(results, next_offset=None if done else str(offset + size), cache_time=30)


def inline_matches(
    context: ContextTypes.DEFAULT_TYPE, text: str, offset: int, size: int
) -> list[tuple[Article, str]]:
    """Articles and the passage to show: search hits, or the newest articles' leads."""
    engine = state_of(context).engine
    if any(ch.isalnum() for ch in text):
        hits = engine.find(text, offset=offset, limit=size)
        return [(h.article, h.passage.text) for h in hits]
    newest = engine.latest(offset + size)[offset:]
    return [(a, a.paragraphs[0] if a.paragraphs else a.title) for a in newest]


def inline_result(
    found: Article, passage: str, paper: Paper | None = None, username: str | None = None
) -> InlineQueryResultArticle:
    """One inline result: headline, date + snippet; the message links back to the full text."""
    return InlineQueryResultArticle(
        id=result_id(found.article_id),
        title=render.shorten(found.title, 64) or "（无标题）",
        description=render.describe(found, passage),
        input_message_content=InputTextMessageContent(
            render.render_passage(found, passage, paper), parse_mode=ParseMode.HTML
        ),
        reply_markup=deeplink.read_button(username, found.article_id),
    )


def result_id(article_id: str) -> str:
    """An inline result id: the article id, or its digest if it would pass 64 bytes."""
    if len(article_id.encode("utf-8")) <= CALLBACK_LIMIT:
        return article_id
    return hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:32]
