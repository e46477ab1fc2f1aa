"""Edited questions: answered again by editing the bot's earlier reply."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.handlers import addressed_question, admitted, answer_question, clean, problem_with
from bot.replies import foreign_hint, reply_to, results_message
from bot.state import state_of


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an edited question again, editing the bot's earlier reply when it is known."""
    message = update.edited_message
    if message is None or message.chat.type == ChatType.CHANNEL:
        return
    question: str | None = message.text or message.caption
    if message.chat.type != ChatType.PRIVATE:
        question = addressed_question(message, context.bot.username, context.bot.id)
        if question is None or state_of(context).engine.is_chatter(question):
            return
    reply = reply_to(context, message.message_id)
    if question is None or not await admitted(update, context):
        return
    q = clean(question)
    if reply is None or problem_with(q, state_of(context).settings.max_question_chars):
        await answer_question(message, context, q)
        return
    text, markup = await results_message(context, q, message.chat)
    try:
        await context.bot.edit_message_text(
            text or foreign_hint(context),
            chat_id=message.chat_id,
            message_id=reply,
            reply_markup=markup,
        )
    except BadRequest as error:  # unchanged answer, or the reply was deleted meanwhile
        if "not modified" not in str(error).lower():
            await answer_question(message, context, q)
