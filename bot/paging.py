"""One results message per question: pages of its hits, turned in place by 上一页 / 下一页.

Nothing is stored per message: a page is rebuilt from the question (recalled by its digest)
and the page number carried in the button, so buttons keep working after a restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import deeplink, render

if TYPE_CHECKING:
    from retrieval.engine import Engine
    from retrieval.models import Answer

RESULT_CAP = 50  # results counted and paged per question, to bound work per press
ARTICLE_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")  # fits callback data and deep-link payloads


@dataclass(frozen=True, slots=True)
class Page:
    """One page of results: its message text and the articles its 原文 buttons open."""

    text: str
    sources: tuple[tuple[int, str], ...]  # (number shown, article id)
    number: int
    pages: int
    total: int
    no_answer: bool = False


def build_page(
    engine: Engine, question: str, number: int, size: int, asked: Answer | None = None
) -> Page | None:
    """Page `number` (from 1) of a question's results, or None when there is no such page.

    ``asked`` is the question's answer at ``size`` when the caller already has it (page 1).
    """
    if number == 1:
        first = asked if asked is not None else engine.ask(question, limit=size)
    else:
        first = None
    # A first page that is not full holds every result: no need to count them.
    full = first if first and len(first.hits) < size else engine.ask(question, limit=RESULT_CAP)
    total = len(full.hits)
    pages = max(1, -(-total // size))
    if not 1 <= number <= pages:
        return None
    footer = f"第 {number}/{pages} 页 · 共 {total} 条" if pages > 1 else ""
    if first is not None:
        chunks = render.render_answer(
            first, question, paper=engine.paper, words=engine.words, footer=footer
        )
        if len(chunks) == 1:  # else the compact list below, so the page stays one message
            numbered = tuple((n, c.article_id) for n, c in enumerate(first.citations, 1))
            return Page(chunks[0], numbered, number, pages, total, first.no_answer)
    start = (number - 1) * size
    hits = full.hits[start : start + size]
    text = render.render_page(
        question,
        hits,
        start,
        paper=engine.paper,
        words=engine.words,
        terms=asked_terms(full),
        footer=footer,
    )[0]
    numbered = tuple((n, h.article.article_id) for n, h in enumerate(hits, start + 1))
    return Page(text, numbered, number, pages, total)


def asked_terms(answer: Answer) -> tuple[str, ...]:
    """The terms an answer highlights anywhere (the question's people and topic words)."""
    return tuple(dict.fromkeys(term for block in answer.blocks for term in block.emphasis))


def page_markup(page: Page, key: str, link_to: str | None = None) -> InlineKeyboardMarkup | None:
    """原文 buttons for the page's items, then 上一页 / 下一页 when there are other pages.

    With ``link_to`` (the bot's username, for groups) 原文 is a deep link that opens the
    article in a private chat with the bot, so the group is not filled with articles.
    """
    made = (original(n, article_id, link_to) for n, article_id in page.sources)
    row = [button for button in made if button is not None]
    rows = [row[i : i + 5] for i in range(0, len(row), 5)]
    turn = []
    if page.number > 1:
        turn.append(InlineKeyboardButton("« 上一页", callback_data=f"p:{page.number - 1}:{key}"))
    if page.number < page.pages:
        turn.append(InlineKeyboardButton("下一页 »", callback_data=f"p:{page.number + 1}:{key}"))
    rows += [turn] if turn else []
    return InlineKeyboardMarkup(rows) if rows else None


def original(n: int, article_id: str, link_to: str | None) -> InlineKeyboardButton | None:
    """The 原文 button of item n: a callback, or a deep link; None for an unusable id."""
    payload = deeplink.article_payload(article_id)
    if not is_article_id(article_id) or payload is None:
        return None
    if link_to:
        return InlineKeyboardButton(f"原文 {n}", url=deeplink.link(link_to, payload))
    return InlineKeyboardButton(f"原文 {n}", callback_data=f"a:{article_id}")


def is_article_id(text: str) -> bool:
    """Whether text is shaped like an article id (fits callback data and deep links)."""
    return ARTICLE_ID.fullmatch(text) is not None
