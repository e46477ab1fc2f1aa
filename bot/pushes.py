"""Alert pushes: when new pages land, each new article matching a subscription goes out once.

Runs after every live reload and at start-up (pages ingested while the bot was down). Sends
go through the application's bot, so through its flood-limit rate limiter.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application

from bot import render
from bot.alerts import alerts_of
from bot.state import BotState, application_state
from bot.subscriptions import AlertStore, Subscription
from retrieval.models import Hit

logger = logging.getLogger(__name__)


async def push_new(application: Application[Any, Any, Any, Any, Any, Any]) -> int:
    """Send every subscription its matches among the articles not seen before; count them."""
    state = application_state(application)
    alerts = alerts_of(application.bot_data, state)
    if alerts.store is None:
        return 0
    async with alerts.lock:  # a reload during a push waits: no article is matched twice
        try:
            return await push_unseen(application.bot, alerts.store, state)
        except sqlite3.Error as error:  # a full disk, say: the next reload tries again
            logger.error("alerts not sent, the database failed: %s", error)
            return 0


async def push_unseen(bot: Bot, store: AlertStore, state: BotState) -> int:
    """Match the articles not seen before against every subscription; send; mark them seen."""
    engine = state.engine
    fresh = store.unseen(a.article_id for a in engine.corpus.articles)
    sent = 0
    for subscription in store.every() if fresh else ():
        hits = await asyncio.to_thread(engine.alerts, subscription.keyword, fresh)
        for hit in hits:
            delivered = await deliver(bot, store, subscription, hit, state)
            if delivered is None:  # the chat blocked the bot: its subscriptions are gone
                break
            sent += delivered
    store.see(fresh)
    return sent


async def deliver(
    bot: Bot, store: AlertStore, subscription: Subscription, hit: Hit, state: BotState
) -> int | None:
    """Send one alert at most once: 1 sent, 0 not (sent before, or failed), None blocked."""
    chat_id, article = subscription.chat_id, hit.article
    if not store.claim(chat_id, article.article_id):  # recorded first: never twice
        return 0
    engine = state.engine
    text = render.render_alert(subscription.keyword, hit, paper=engine.paper, words=engine.words)
    button = InlineKeyboardButton("原文", callback_data=f"a:{article.article_id}")
    try:
        await bot.send_message(chat_id, text, reply_markup=InlineKeyboardMarkup([[button]]))
    except Forbidden as error:
        logger.info("chat %s blocked the bot (%s); dropping its subscriptions", chat_id, error)
        store.drop_chat(chat_id)
        return None
    except TelegramError as error:  # recorded already: this alert is lost, never repeated
        logger.warning("could not send an alert to chat %s: %s", chat_id, error)
        return 0
    return 1
