"""Answers and articles → Telegram HTML: escaping, emphasis, dates, sources, the 4096 limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from retrieval.models import (
    Answer,
    Article,
    Block,
    Citation,
    DatePrecision,
    Hit,
    describe_date,
)

if TYPE_CHECKING:
    from retrieval.engine import CorpusSummary
    from retrieval.items import Item

QUESTION_PREFIX = "🔎 "  # first line of answers: lets the "更多" button recover the question
MESSAGE_LIMIT = 4096  # Telegram's cap on one message's text, counted after entity parsing
DESCRIPTION_LIMIT = 120  # inline result descriptions are cut by clients near here
SNIPPET_LIMIT = 600


def html(text: str) -> str:
    """Escape text for Telegram HTML (quotes too, so it is safe inside attributes)."""
    return escape(text, quote=True)


def format_date(date: dt.date | None, precision: DatePrecision = DatePrecision.DAY) -> str:
    """Write a date the way the paper does: 2022年3月3日, or 约2022年3月 when approximate."""
    return describe_date(date, precision)


def article_date(article: Article) -> str:
    """An article's date in words, saying which words made an approximate one (原文“近日”)."""
    return describe_date(article.date, article.date_precision, article.date_note)


def emphasize(text: str, terms: Iterable[str]) -> str:
    """Escape text and bold every occurrence of the given terms (overlaps merged)."""
    spans: list[tuple[int, int]] = []
    for term in {t for t in terms if t}:
        start = text.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = text.find(term, start + len(term))
    out, cursor = [], 0
    for start, end in merge_spans(spans):
        out += [html(text[cursor:start]), "<b>", html(text[start:end]), "</b>"]
        cursor = end
    out.append(html(text[cursor:]))
    return "".join(out)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that touch or overlap."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def render_block(block: Block, marker: str = "") -> str:
    """One answer block as HTML, with its citation marker; typed items from their fields."""
    if block.item is not None:
        return render_item(block.item, block, marker)
    body = emphasize(block.text, block.emphasis) + marker
    if block.kind == "heading":
        return f"<b>{html(block.text)}</b>{marker}"
    if block.kind == "item":
        return f"• {body}"
    if block.kind == "passage":
        return f"<blockquote>{body}</blockquote>"
    if block.kind == "note":
        return f"<i>{body}</i>"
    return body


def render_item(item: Item, block: Block, marker: str) -> str:
    """A meeting, article, person or fact: its parts joined by " · ", as a heading or a bullet."""
    if block.kind == "heading":
        return f"<b>{html(' · '.join(item.parts()))}</b>{marker}"
    return "• " + " · ".join(emphasize(part, block.emphasis) for part in item.parts()) + marker


def render_citation(number: int, citation: Citation) -> str:
    """A numbered source line: date, headline and page file."""
    date = html(describe_date(citation.date, citation.date_precision, citation.date_note))
    return f"[{number}] {date} · {html(citation.title)} · <code>{html(citation.source)}</code>"


def render_answer(answer: Answer, question: str) -> list[str]:
    """An answer as message chunks: the question, the blocks, then the numbered sources."""
    numbers = {c.article_id: i for i, c in enumerate(answer.citations, 1)}
    parts = [f"{QUESTION_PREFIX}{html(question)}"]
    for block in answer.blocks:
        number = numbers.get(block.article_id or "")
        parts.append(render_block(block, f" [{number}]" if number else ""))
    if answer.citations:
        parts.append("<b>来源</b>\n" + "\n".join(render_citation(n, c) for c, n in cited(answer)))
    return pack(parts)


def cited(answer: Answer) -> list[tuple[Citation, int]]:
    """Citations with their display numbers."""
    return [(citation, n) for n, citation in enumerate(answer.citations, 1)]


def render_article(article: Article) -> list[str]:
    """An article's full text as message chunks, headline and provenance first."""
    head = [f"<b>{html(article.title)}</b>"]
    if article.subtitle:
        head.append(f"<i>{html(article.subtitle)}</i>")
    facts = [html(article_date(article)), html(str(article.byline))]
    head.append(" · ".join([f for f in facts if f] + [f"<code>{html(article.source)}</code>"]))
    return pack(["\n".join(head), *(html(p) for p in article.paragraphs)])


def render_latest(articles: Sequence[Article]) -> str:
    """A numbered list of articles: date and headline."""
    if not articles:
        return "还没有收录任何文章。"
    lines = [f"<b>最新 {len(articles)} 篇文章</b>"]
    for n, article in enumerate(articles, 1):
        lines.append(f"{n}. {html(article_date(article))} <b>{html(article.title)}</b>")
    return "\n".join(lines)


def render_hits(question: str, hits: Sequence[Hit], start: int) -> list[str]:
    """Further results for a question: numbered headlines with a short passage each."""
    parts = [f"{QUESTION_PREFIX}{html(question)}"]
    parts.append(f"<b>更多结果（第 {start + 1}–{start + len(hits)} 条）</b>")
    for n, hit in enumerate(hits, start + 1):
        title = f"<b>{html(hit.article.title)}</b>"
        snippet = html(shorten(hit.passage.text, 160))
        parts.append(f"{n}. {html(article_date(hit.article))} {title}\n{snippet}")
    return pack(parts)


def render_help(summary: CorpusSummary, latest_max: int) -> str:
    """What the bot knows and how to ask it (/latest takes 1..latest_max)."""
    first = format_date(summary.first)
    last = format_date(summary.last)
    examples = "\n".join(f"• <code>{html(q)}</code>" for q in summary.examples)
    section, name = summary.paper.section or "", summary.paper.name or "报纸"
    return (
        f"我是{html(section)}新闻问答机器人，回答关于{html(name + section)}版面的问题，"
        "每句话都引自原文，并注明日期和来源。\n\n"
        f"目前收录 <b>{summary.pages}</b> 个版面、<b>{summary.articles}</b> 篇文章，"
        f"时间从 {first} 到 {last}。\n\n"
        f"可以这样问：\n{examples}\n\n"
        "命令：\n/ask 问题 — 提问（群聊里用 /ask@机器人名 问题）\n"
        f"/latest [N] — 最新 N 篇文章（1–{latest_max}）\n"
        "/article 编号 — 阅读全文\n/help — 本说明\n\n"
        "在任何聊天里输入 @机器人名 关键词 也可以搜索文章。"
    )


def render_passage(article: Article, passage: str) -> str:
    """An inline result's message: headline, date, the passage and the source."""
    return (
        f"<b>{html(article.title)}</b>\n{html(article_date(article))}\n\n"
        f"{html(shorten(passage, SNIPPET_LIMIT))}\n\n"
        f"来源：<code>{html(article.source)}</code>"
    )


def describe(article: Article, passage: str) -> str:
    """An inline result's one-line description: date and the start of the passage."""
    return shorten(f"{article_date(article)} · {passage}", DESCRIPTION_LIMIT)


def shorten(text: str, limit: int) -> str:
    """Cut text to at most limit characters, marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pack(parts: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join HTML parts with blank lines into as few chunks ≤ limit as possible."""
    chunks: list[str] = []
    current = ""
    for part in (piece for p in parts for piece in fit(p, limit)):
        candidate = f"{current}\n\n{part}" if current else part
        if units(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def fit(part: str, limit: int) -> list[str]:
    """Return a part whole, or split an over-long one into plain escaped pieces."""
    if units(part) <= limit:
        return [part]
    plain = strip_tags(part)
    step = limit // 12  # worst case: an astral character is 2 units, "&quot;" is 6
    return [html(plain[i : i + step]) for i in range(0, len(plain), step)]


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def strip_tags(fragment: str) -> str:
    """Undo our own markup: drop tags and unescape entities."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.texts)


class _TextOnly(HTMLParser):
    """Collect the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        """Keep text, drop tags."""
        self.texts.append(data)
