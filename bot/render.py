"""Answers and articles → Telegram HTML: escaping, emphasis, dates, sources, the 4096 limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from bot.commands import COMMANDS, Command
from bot.highlight import Words, emphasize
from bot.packing import pack
from retrieval.models import (
    Answer,
    Article,
    Block,
    Citation,
    DatePrecision,
    Hit,
    Paper,
    describe_date,
)

if TYPE_CHECKING:
    from retrieval.engine import CorpusSummary
    from retrieval.items import Item

QUESTION_PREFIX = "🔎 "  # first line of results: lets the page buttons recover the question
DESCRIPTION_LIMIT = 120  # inline result descriptions are cut by clients near here
SNIPPET_LIMIT = 600
PREVIEW_LIMIT = 200  # characters of an article's opening shown in a group
PAGE_SNIPPET = 200  # characters of each passage on a results page


def html(text: str) -> str:
    """Escape text for Telegram HTML (quotes too, so it is safe inside attributes)."""
    return escape(text, quote=True)


def format_date(date: dt.date | None, precision: DatePrecision = DatePrecision.DAY) -> str:
    """Write a date the way the paper does: 2022年3月3日, or 约2022年3月 when approximate."""
    return describe_date(date, precision)


def article_date(article: Article) -> str:
    """An article's date in words, saying which words made an approximate one (原文“近日”)."""
    return describe_date(article.date, article.date_precision, article.date_note)


def render_block(block: Block, marker: str = "", words: Words | None = None) -> str:
    """One answer block as HTML, with its citation marker; typed items from their fields."""
    if block.item is not None:
        return render_item(block.item, block, marker, words)
    body = emphasize(block.text, block.emphasis, words) + marker
    if block.kind == "heading":
        return f"<b>{html(block.text)}</b>{marker}"
    if block.kind == "item":
        return f"• {body}"
    if block.kind == "passage":
        return f"<blockquote>{body}</blockquote>"
    if block.kind == "note":
        return f"<i>{body}</i>"
    return body


def render_item(item: Item, block: Block, marker: str, words: Words | None = None) -> str:
    """A meeting, article, person or fact: its parts joined by " · ", as a heading or a bullet."""
    if block.kind == "heading":
        return f"<b>{html(' · '.join(item.parts()))}</b>{marker}"
    parts = " · ".join(emphasize(part, block.emphasis, words) for part in item.parts())
    return f"• {parts}{marker}"


def source_line(
    citation: Citation | Article, paper: Paper | None = None, *, title: bool = True
) -> str:
    """A source as papers are cited: 《郑州日报》2022年3月4日 · 标题 · 记者 景静 (plain text)."""
    date = describe_date(citation.date, citation.date_precision, citation.date_note)
    name = f"《{paper.name}》" if paper and paper.name else ""
    parts = [f"{name}{date}", citation.title if title else "", str(citation.byline)]
    return " · ".join(part for part in parts if part)


def render_citation(number: int, citation: Citation, paper: Paper | None = None) -> str:
    """A numbered source line as HTML."""
    return f"[{number}] {html(source_line(citation, paper))}"


def without_source(block: Block, citation: Citation | None) -> Block | None:
    """The block without the parts its source line already says (date, headline, byline).

    None when nothing else is left (a topic answer's "date · 《headline》" line).
    """
    if citation is None or block.kind != "item":
        return block
    shown = block.item.parts() if block.item is not None else block.text.split(" · ")
    said = {
        describe_date(citation.date, citation.date_precision, citation.date_note),
        citation.title,
        f"《{citation.title}》",
        str(citation.byline),
    }
    parts = [part for part in shown if part.strip() not in said]
    if not parts:
        return None
    text = " · ".join(parts)
    return Block(text, block.kind, block.article_id, tuple(t for t in block.emphasis if t in text))


def render_answer(
    answer: Answer,
    question: str,
    *,
    paper: Paper | None = None,
    words: Words | None = None,
    footer: str = "",
) -> list[str]:
    """An answer as message chunks: the question, the blocks, then the numbered sources."""
    numbers = {c.article_id: i for i, c in enumerate(answer.citations, 1)}
    sources = {c.article_id: c for c in answer.citations}
    parts = [f"{QUESTION_PREFIX}{html(question)}"]
    for block in answer.blocks:
        number = numbers.get(block.article_id or "")
        shown = without_source(block, sources.get(block.article_id or ""))
        if shown is not None:
            parts.append(render_block(shown, f" [{number}]" if number else "", words))
    if answer.citations:
        lines = [render_citation(n, c, paper) for c, n in cited(answer)]
        parts.append("<b>来源</b>\n" + "\n".join(lines))
    if footer:
        parts.append(f"<i>{html(footer)}</i>")
    return pack(parts)


def cited(answer: Answer) -> list[tuple[Citation, int]]:
    """Citations with their display numbers."""
    return [(citation, n) for n, citation in enumerate(answer.citations, 1)]


def render_article(article: Article, paper: Paper | None = None) -> list[str]:
    """An article's full text as message chunks, headline and provenance first."""
    head = [f"<b>{html(article.title)}</b>"]
    if article.subtitle:
        head.append(f"<i>{html(article.subtitle)}</i>")
    head.append(html(source_line(article, paper, title=False)))
    return pack(["\n".join(head), *(html(p) for p in article.paragraphs)])


def render_preview(article: Article, paper: Paper | None = None) -> str:
    """An article's headline, source line and opening, for a group (the full text is a tap away)."""
    opening = shorten(article.paragraphs[0] if article.paragraphs else "", PREVIEW_LIMIT)
    dated = html(source_line(article, paper, title=False))
    return f"<b>{html(article.title)}</b>\n{dated}\n\n{html(opening)}"


def render_latest(articles: Sequence[Article]) -> str:
    """A numbered list of articles: date and headline."""
    if not articles:
        return "还没有收录任何文章。"
    lines = [f"<b>最新 {len(articles)} 篇文章</b>"]
    for n, article in enumerate(articles, 1):
        lines.append(f"{n}. {html(article_date(article))} <b>{html(article.title)}</b>")
    return "\n".join(lines)


def render_page(
    question: str,
    hits: Sequence[Hit],
    start: int,
    *,
    paper: Paper | None = None,
    words: Words | None = None,
    terms: Sequence[str] = (),
    footer: str = "",
) -> list[str]:
    """One page of a question's results: each passage (asked terms bold) and its source line."""
    parts = [f"{QUESTION_PREFIX}{html(question)}"]
    for n, hit in enumerate(hits, start + 1):
        passage = emphasize(shorten(hit.passage.text, PAGE_SNIPPET), terms, words)
        parts.append(f"{n}. {passage}\n<i>{html(source_line(hit.article, paper))}</i>")
    if footer:
        parts.append(f"<i>{html(footer)}</i>")
    return pack(parts)


def render_alert(
    keyword: str, hit: Hit, *, paper: Paper | None = None, words: Words | None = None
) -> str:
    """An alert for a new article: what it matched, headline, date and the matching passage."""
    article = hit.article
    dated = source_line(article, paper, title=False)
    passage = emphasize(hit.passage.text, keyword.split(), words)
    return (
        f"🔔 订阅提醒：{html(keyword)}\n<b>{html(article.title)}</b>\n{html(dated)}\n"
        f"<blockquote>{passage}</blockquote>"
    )


def render_help(
    summary: CorpusSummary,
    latest_max: int,
    paper: Paper | None = None,
    commands: Sequence[Command] = COMMANDS,
) -> str:
    """What the bot knows and how to ask it (/latest takes 1..latest_max)."""
    first = format_date(summary.first)
    last = format_date(summary.last)
    paper = paper or summary.paper
    examples = "\n".join(f"• <code>{html(q)}</code>" for q in summary.examples)
    name = f"《{paper.name}》" if paper.name else ""
    section = paper.section or ""
    return (
        f"我是{html(name + section)}新闻问答机器人，回答关于{html(name or '报纸')}"
        f"{html(section)}版面的问题，每句话都引自原文，并注明日期和来源。\n\n"
        f"目前收录 <b>{summary.pages}</b> 个版面、<b>{summary.articles}</b> 篇文章，"
        f"时间从 {first} 到 {last}。\n\n"
        f"可以这样问：\n{examples}\n\n"
        f"命令：\n{command_lines(commands, latest_max)}\n\n"
        "在群聊里用 /ask@机器人名 问题，或回复机器人的消息提问；"
        "在任何聊天里输入 @机器人名 关键词 也可以搜索文章。"
    )


def command_lines(commands: Sequence[Command], latest_max: int) -> str:
    """One line per command: /name usage — what it does."""
    lines = []
    for command in commands:
        usage = f" {command.usage}" if command.usage else ""
        extra = f"（1–{latest_max}）" if command.name == "latest" else ""
        lines.append(f"/{command.name}{html(usage)} — {html(command.summary)}{extra}")
    return "\n".join(lines)


def render_passage(article: Article, passage: str, paper: Paper | None = None) -> str:
    """An inline result's message: headline, the passage and the source line."""
    return (
        f"<b>{html(article.title)}</b>\n\n{html(shorten(passage, SNIPPET_LIMIT))}\n\n"
        f"<i>{html(source_line(article, paper))}</i>"
    )


def describe(article: Article, passage: str) -> str:
    """An inline result's one-line description: date and the start of the passage."""
    return shorten(f"{article_date(article)} · {passage}", DESCRIPTION_LIMIT)


def shorten(text: str, limit: int) -> str:
    """Cut text to at most limit characters, marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
