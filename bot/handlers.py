"""Telegram handlers: unpack the update, call the engine off the event loop, render, reply."""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from typing import TYPE_CHECKING

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultsButton,
    Message,
    Update,
)
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot import deeplink, paging, render, replies
from bot.access import INLINE_THROTTLED, REFUSALS, Verdict
from bot.state import state_of
from retrieval.models import Answer, Article

if TYPE_CHECKING:
    from retrieval.engine import Engine

logger = logging.getLogger(__name__)
CONVERSATION = "conversation"  # chat_data key of the retrieval Conversation

MAX_INLINE_OFFSET = 200  # deepest inline page served, to bound work per query
ARTICLE_ID = paging.ARTICLE_ID
CALLBACK_LIMIT = 64  # bytes, Telegram's cap on callback_data
USAGE_ASK = "请在命令后写上问题，例如：/ask 陈红民最近开了哪些会"
USAGE_ARTICLE = "请在命令后写上文章编号，例如：/article 编号（编号见 /latest 的「原文」按钮）"
NOT_A_QUESTION = "请用文字提一个问题，例如：陈红民最近开了哪些会"
TOO_LONG = "问题太长了，请控制在 {limit} 字以内。"
NOT_FOUND = "没有找到这篇文章，请检查编号，或用 /latest 查看最新文章。"
STALE_BUTTON = "这个按钮已失效，请重新提问。"
APOLOGY = "抱歉，出了点问题，请稍后再试。"


def clean(text: str | None) -> str:
    """Drop control and zero-width characters and collapse whitespace."""
    kept = (" " if ch.isspace() else ch for ch in text or "")
    visible = "".join(ch for ch in kept if unicodedata.category(ch) not in ("Cc", "Cf"))
    return " ".join(visible.split())


def problem_with(question: str, limit: int) -> str | None:
    """Why a cleaned text cannot be asked (``limit``: most characters), or None when it can."""
    if not any(ch.isalnum() for ch in question):
        return NOT_A_QUESTION
    if len(question) > limit:
        return TOO_LONG.format(limit=limit)
    return None


async def admitted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Apply the allow-list and the per-user budgets; tell the user (once) when refused."""
    user, chat = update.effective_user, update.effective_chat
    browsing = bool(update.callback_query or update.inline_query)
    gate = state_of(context).gate
    verdict = gate.check(user.id if user else None, chat.id if chat else None, browsing=browsing)
    if verdict is Verdict.ALLOWED:
        return True
    refusal = REFUSALS.get(verdict)
    if update.callback_query:  # always answered, or the button keeps spinning
        await update.callback_query.answer(refusal, show_alert=refusal is not None)
    elif update.inline_query:
        await update.inline_query.answer(
            [], cache_time=0, is_personal=True, button=inline_refusal(verdict)
        )
    elif update.effective_message and refusal:
        await update.effective_message.reply_text(refusal)
    return False


def inline_refusal(verdict: Verdict) -> InlineQueryResultsButton | None:
    """A visible "稍后再试" above a throttled inline query's (empty) results."""
    if verdict is Verdict.FORBIDDEN:
        return None
    return InlineQueryResultsButton(text=INLINE_THROTTLED, start_parameter="help")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open the article a deep link names; otherwise greet with what the bot covers."""
    message = update.message
    if not (message and await admitted(update, context)):
        return
    article_id = deeplink.article_of(context.args[0]) if context.args else None
    if article_id is None:
        await send_help(message, context)
        return
    found = lookup(context, article_id)
    if found is None:
        await message.reply_text(NOT_FOUND)
        return
    for chunk in render.render_article(found, state_of(context).engine.paper):
        await message.reply_text(chunk)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain the corpus, the commands and some example questions."""
    if update.message and await admitted(update, context):
        await send_help(update.message, context)


async def send_help(message: Message, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the paper, what the corpus covers, example questions and every command."""
    state = state_of(context)
    engine = state.engine
    text = render.render_help(engine.summary(), state.settings.latest_max, engine.paper)
    await message.reply_text(text)


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the newest N articles, each with a 原文 button."""
    if not (update.message and await admitted(update, context)):
        return
    settings = state_of(context).settings
    count, correction = parse_count(context.args, settings.latest_default, settings.latest_max)
    articles = state_of(context).engine.latest(count)
    text = render.render_latest(articles)
    if correction:
        text = f"<i>{render.html(correction)}</i>\n\n{text}"
    await update.message.reply_text(text, reply_markup=article_buttons(articles))


def parse_count(args: list[str] | None, default: int, most: int) -> tuple[int, str]:
    """Read /latest's N, clamped to 1..most, with a note when the user's value was changed."""
    if not args:
        return default, ""
    try:
        wanted = int(args[0])
    except ValueError:
        return default, f"「{args[0][:20]}」不是数字，先列出最新 {default} 篇。"
    count = min(max(wanted, 1), most)
    return count, "" if count == wanted else f"N 应在 1 到 {most} 之间，已按 {count} 处理。"


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question written after /ask."""
    if not (update.message and await admitted(update, context)):
        return
    question = clean(" ".join(context.args or ()))
    if not question:
        await update.message.reply_text(USAGE_ASK)
        return
    await answer_question(update.message, context, question)


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat any text is a question."""
    message = update.message
    if message and await admitted(update, context):
        await answer_question(message, context, clean(message.text or message.caption))


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group answer only questions replying to the bot or @mentioning it; ignore chatter."""
    message = update.message
    if message is None:
        return
    question = addressed_question(message, context.bot.username, context.bot.id)
    if question is None or state_of(context).engine.is_chatter(question):
        return  # chatter, or thanks and laughter in reply to the bot: no reply
    if await admitted(update, context):
        await answer_question(message, context, clean(question))


def addressed_question(message: Message, username: str, bot_id: int) -> str | None:
    """The question in a group message meant for the bot, or None for chatter."""
    text = message.text or message.caption or ""
    mention = re.compile(re.escape(f"@{username}"), re.IGNORECASE)
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return mention.sub(" ", text)
    if mention.search(text):
        return mention.sub(" ", text)
    return None


async def answer_question(message: Message, context: ContextTypes.DEFAULT_TYPE, q: str) -> None:
    """Answer with one results message (page 1, turned in place by its buttons)."""
    problem = problem_with(q, state_of(context).settings.max_question_chars)
    if problem:
        await message.reply_text(problem)
        return
    state = state_of(context)
    chat = context.chat_data if context.chat_data is not None else {}
    answer, chat[CONVERSATION] = await asyncio.to_thread(
        state.engine.chat, q, chat.get(CONVERSATION), limit=state.settings.answer_limit
    )  # the chat's context: follow-ups (那去年呢, 他呢) are read against it
    if answer.read_as:  # a follow-up: its reading is this conversation's, so one message
        await send_followup(message, answer, q, state.engine)
        return
    text, markup = await replies.results_message(context, q, message.chat, answer)
    if text is None:
        text, markup = replies.foreign_hint(context), None
    sent = await message.reply_text(text, reply_markup=markup)
    replies.remember_reply(context, message.message_id, sent.message_id)


async def send_followup(message: Message, answer: Answer, q: str, engine: Engine) -> None:
    """Reply to a follow-up with its answer as read, 原文 buttons under the last chunk."""
    chunks = render.render_answer(answer, q, paper=engine.paper, words=engine.words)
    markup = article_buttons([hit.article for hit in answer.hits])
    for n, chunk in enumerate(chunks, 1):
        await message.reply_text(chunk, reply_markup=markup if n == len(chunks) else None)


def article_buttons(articles: list[Article]) -> InlineKeyboardMarkup | None:
    """One 原文 button per listed article, numbered like the list."""
    row = [
        InlineKeyboardButton(f"原文 {n}", callback_data=f"a:{a.article_id}")
        for n, a in enumerate(articles, 1)
        if ARTICLE_ID.fullmatch(a.article_id)
    ]
    return InlineKeyboardMarkup([row[i : i + 5] for i in range(0, len(row), 5)]) if row else None


async def article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send one article's full text by id."""
    if not (update.message and await admitted(update, context)):
        return
    if not context.args:
        await update.message.reply_text(USAGE_ARTICLE)
        return
    found = lookup(context, context.args[0])
    if found is None:
        await update.message.reply_text(NOT_FOUND)
        return
    for chunk in render.render_article(found, state_of(context).engine.paper):
        await update.message.reply_text(chunk)


def lookup(context: ContextTypes.DEFAULT_TYPE, article_id: str) -> Article | None:
    """An article by a user-supplied id; anything not shaped like an id is simply unknown."""
    if not ARTICLE_ID.fullmatch(article_id):
        return None
    return state_of(context).engine.article(article_id)


async def unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private user that only text questions are understood."""
    if update.message and await admitted(update, context):
        await update.message.reply_text("我只能读懂文字问题。发送 /help 查看用法。")


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point a private user at /help after a command the bot does not know."""
    if update.message and await admitted(update, context):
        await update.message.reply_text("没有这个命令。发送 /help 查看用法。")


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every handler error with context and send the user a short apology."""
    error = context.error
    where = describe_update(update)
    if isinstance(error, Forbidden):
        logger.warning("bot cannot write to %s (blocked or removed): %s", where, error)
        return
    if isinstance(error, NetworkError):  # includes TimedOut; the next update may succeed
        logger.warning("Telegram unreachable while handling %s: %s", where, error)
        return
    logger.error("error while handling %s", where, exc_info=error)
    await apologise(update)


def describe_update(update: object) -> str:
    """Say which update failed without logging what the user wrote."""
    if not isinstance(update, Update):
        return repr(type(update).__name__)
    chat, user = update.effective_chat, update.effective_user
    return f"update {update.update_id} (chat {chat and chat.id}, user {user and user.id})"


async def apologise(update: object) -> None:
    """Tell the user something went wrong; a failure to do so is only logged."""
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(APOLOGY)
        elif update.effective_message and update.effective_chat:
            await update.effective_message.reply_text(APOLOGY)
    except TelegramError as error:
        logger.warning("could not send the apology: %s", error)
