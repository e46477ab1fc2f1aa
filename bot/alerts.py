"""Keyword alerts on Telegram: /subscribe, /subscriptions, /unsubscribe, and the pushes.

Subscriptions live in bot/subscriptions.py's database; without a writable data folder alerts
are off and the bot still answers questions. bot/pushes.py sends the alerts.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import render
from bot.handlers import admitted, clean
from bot.settings import Settings
from bot.state import BotState, state_of
from bot.subscriptions import Added, AlertStore, StoreError, Subscription
from bot.subscriptions_solr import SolrAlertStore
from retrieval.search.solr_client import SolrClient

logger = logging.getLogger(__name__)

ALERTS_KEY = "newsbot-alerts"
MAX_KEYWORD = 50  # characters of a subscription keyword
OFF = "提醒功能未开启（数据目录不可写），问答不受影响。"
USAGE = "请在命令后写上要订阅的人名或话题，例如：/subscribe 安置房"
NOT_UNDERSTOOD = "没看出要订阅的人名或话题，请换个说法，例如：/subscribe 陈红民"
ADMINS_ONLY = "群聊中只有管理员可以管理订阅。"
OUTCOMES = {
    Added.ADDED: "已订阅“{}”。有新文章提到它时，我会在这里提醒。",
    Added.EXISTS: "已经订阅过“{}”了。",
    Added.FULL: "订阅已满（最多 {} 个），请先用 /subscriptions 取消一些。",
}
ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


@dataclass
class Alerts:
    """The open database (None when alerts are off) and the lock that orders pushes."""

    store: AlertStore | None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def open_store(settings: Settings) -> AlertStore:
    """The subscriptions: in the Solr collection that replicas share, else in data_dir."""
    target = settings.solr_target()
    if target is not None:
        return SolrAlertStore.open_solr(SolrClient(target))
    return AlertStore.open(settings.data_dir)


def alerts_of(bot_data: Any, state: BotState) -> Alerts:
    """The alerts of this bot, opening the database on first use.

    A fresh database takes the articles already served as seen: they are not news.
    """
    found = bot_data.get(ALERTS_KEY)
    if isinstance(found, Alerts):
        return found
    try:
        store: AlertStore | None = open_store(state.settings)
    except StoreError as error:
        logger.warning("alerts are off, the data folder is not usable: %s", error)
        store = None
    if store is not None and not store.has_seen():
        store.see(a.article_id for a in state.engine.corpus.articles)
    bot_data[ALERTS_KEY] = found = Alerts(store)
    return found


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe this chat to a person or topic, read as a question would be."""
    message, state = update.message, state_of(context)
    store = await managing_store(update, context)
    if message is None or store is None:
        return
    keyword = clean(" ".join(context.args or ()))[:MAX_KEYWORD]
    if not keyword:
        await message.reply_text(USAGE)
        return
    subject = await asyncio.to_thread(state.engine.subject, keyword)
    if not subject:
        await message.reply_text(NOT_UNDERSTOOD)
        return
    outcome = store.add(message.chat_id, subject, state.settings.alert_limit)
    detail = state.settings.alert_limit if outcome is Added.FULL else subject
    await message.reply_text(render.html(OUTCOMES[outcome].format(detail)))


async def subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List this chat's subscriptions, each with a 取消 button."""
    message = update.message
    if message is None or not await admitted(update, context):
        return
    store = alerts_of(context.bot_data, state_of(context)).store
    if store is None:
        await message.reply_text(OFF)
        return
    text, markup = listing(store.of_chat(message.chat_id))
    await message.reply_text(text, reply_markup=markup)


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Cancel a subscription by its keyword; without one, list them with 取消 buttons."""
    message = update.message
    if message is None or not context.args:
        await subscriptions(update, context)
        return
    store = await managing_store(update, context)
    if store is None:
        return
    keyword = clean(" ".join(context.args))[:MAX_KEYWORD]
    subject = await asyncio.to_thread(state_of(context).engine.subject, keyword)
    gone = store.remove(message.chat_id, keyword) or store.remove(message.chat_id, subject)
    reply = (
        f"已取消订阅“{keyword}”。" if gone else f"没有订阅“{keyword}”。发送 /subscriptions 查看。"
    )
    await message.reply_text(render.html(reply))


async def cancel_button(update: Update, context: ContextTypes.DEFAULT_TYPE, rest: str) -> None:
    """A 取消 press: cancel that subscription and show the list that is left."""
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    if query is None or chat is None or user is None:
        return
    store = alerts_of(context.bot_data, state_of(context)).store
    if store is None or not rest.isdecimal():
        await query.answer(OFF if store is None else "这个按钮已失效。")
        return
    if chat.type != ChatType.PRIVATE and not await is_admin(context, chat.id, user.id):
        await query.answer(ADMINS_ONLY, show_alert=True)
        return
    removed = store.remove_id(chat.id, int(rest))
    await query.answer("已取消订阅。" if removed else "这个订阅已经取消了。")
    text, markup = listing(store.of_chat(chat.id))
    await query.edit_message_text(text, reply_markup=markup)


def listing(subscribed: list[Subscription]) -> tuple[str, InlineKeyboardMarkup | None]:
    """A chat's subscriptions as a message, with one 取消 button each."""
    if not subscribed:
        return "还没有订阅。发送 /subscribe 关键词 订阅一个人名或话题。", None
    lines = [f"{n}. {render.html(s.keyword)}" for n, s in enumerate(subscribed, 1)]
    rows = [
        [InlineKeyboardButton(f"取消 {n}. {s.keyword}"[:60], callback_data=f"u:{s.id}")]
        for n, s in enumerate(subscribed, 1)
    ]
    return "<b>订阅的关键词</b>（有新文章时提醒）\n" + "\n".join(lines), InlineKeyboardMarkup(rows)


async def managing_store(update: Update, context: ContextTypes.DEFAULT_TYPE) -> AlertStore | None:
    """The store when this user may change the chat's subscriptions; else say why, None."""
    message, user = update.message, update.effective_user
    if message is None or user is None or not await admitted(update, context):
        return None
    store = alerts_of(context.bot_data, state_of(context)).store
    if store is None:
        await message.reply_text(OFF)
        return None
    if message.chat.type != ChatType.PRIVATE and not await is_admin(
        context, message.chat_id, user.id
    ):
        await message.reply_text(ADMINS_ONLY)
        return None
    return store


async def is_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    """Whether the user administers the group (a failed look-up counts as no)."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as error:
        logger.warning("could not look up a member of chat %s: %s", chat_id, error)
        return False
    return member.status in ADMINS
