"""Plain-text and JSON forms of retrieval's data, for the terminal and other tools."""

from __future__ import annotations

from typing import Any

from retrieval.items import item_json, plain
from retrieval.models import Answer, Article, Block, Citation, Hit, describe_date


def citation_line(citation: Citation) -> str:
    """One source line: date · headline · page file · byline."""
    parts = [
        describe_date(citation.date, citation.date_precision, citation.date_note),
        f"《{citation.title}》",
        citation.source,
    ]
    if str(citation.byline):
        parts.append(str(citation.byline))
    return " · ".join(parts)


def answer_text(answer: Answer) -> str:
    """The composed answer as plain text: its blocks, then its sources."""
    numbers = {c.article_id: n for n, c in enumerate(answer.citations, 1)}
    lines = [
        block_line(
            plain(block.item) if block.item else block.text, numbers.get(block.article_id or "")
        )
        for block in answer.blocks
    ]
    if answer.citations:
        lines.append("")
        lines.append("来源：")
        lines.extend(f"[{n}] {citation_line(c)}" for n, c in enumerate(answer.citations, 1))
    return "\n".join(lines)


def block_text(block: Block) -> str:
    """A block as plain text: a typed item from its fields, other blocks as written."""
    return plain(block.item) if block.item is not None else block.text


def block_line(text: str, number: int | None) -> str:
    """A block of an answer, followed by the number of its source when it has one."""
    return f"{text} [{number}]" if number else text


def article_line(article: Article) -> str:
    """One line per article for listings: id, date, headline, source."""
    date = describe_date(article.date, article.date_precision, article.date_note)
    return f"{article.article_id}  {date}  {article.title}  ({article.source})"


def article_json(article: Article) -> dict[str, Any]:
    """The stable JSON object of `newsbot articles --json`."""
    return {
        "article_id": article.article_id,
        "title": article.title,
        "subtitle": article.subtitle,
        "date": article.iso_date,
        "date_precision": str(article.date_precision),
        "byline": article.byline.as_dict(),
        "source": article.source,
        "text": article.text,
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    """One hit of `newsbot ask --json`."""
    return {
        "article_id": hit.article.article_id,
        "title": hit.article.title,
        "date": hit.article.iso_date,
        "date_precision": str(hit.article.date_precision),
        "source": hit.article.source,
        "byline": hit.article.byline.as_dict(),
        "passage": hit.passage.text,
        "score": round(hit.score, 4),
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    """The stable JSON object of `newsbot ask --json`, one per question."""
    return {
        "question": answer.question,
        "answer": answer_text(answer),
        "no_answer": answer.no_answer,
        "intent": answer.intent,
        "period": answer.period,
        "hits": [hit_json(hit) for hit in answer.hits],
        "items": [item_json(item) for item in answer.items],
    }


def article_full(article: Article) -> str:
    """An article in full: headline, subtitle, date, source, byline, then its text."""
    date = describe_date(article.date, article.date_precision, article.date_note)
    head = [article.title]
    if article.subtitle:
        head.append(article.subtitle)
    meta = " · ".join(part for part in (date, article.source, str(article.byline)) if part)
    return "\n".join([*head, meta, "", *article.paragraphs])
