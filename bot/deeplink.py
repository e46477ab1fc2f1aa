"""Deep links t.me/<bot>?start=<payload>: open an article in a private chat with the bot."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

ARTICLE = "a-"  # payload prefix of an article link
PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what Telegram allows after ?start=
READ_LABEL = "在私聊中阅读全文"


def article_payload(article_id: str) -> str | None:
    """The /start payload that opens an article, or None when its id cannot be carried."""
    payload = ARTICLE + article_id
    return payload if PAYLOAD.fullmatch(payload) else None


def article_of(payload: str) -> str | None:
    """The article id a /start payload names, or None for any other payload."""
    if not PAYLOAD.fullmatch(payload) or not payload.startswith(ARTICLE):
        return None
    return payload.removeprefix(ARTICLE) or None


def link(username: str, payload: str) -> str:
    """The URL that starts a private chat with the bot, passing payload to /start."""
    return f"https://t.me/{username}?start={payload}"


def read_button(username: str | None, article_id: str) -> InlineKeyboardMarkup | None:
    """A one-button keyboard that opens the article in a private chat with the bot."""
    payload = article_payload(article_id)
    if not username or payload is None:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(READ_LABEL, url=link(username, payload))]])
