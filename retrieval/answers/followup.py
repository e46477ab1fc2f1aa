"""Answers to follow-ups read in context: 还有吗, 第二条具体说说, and the note saying how."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from retrieval.answers.extract import format_date
from retrieval.models import Answer, Article, Block, Citation, Hit, Passage
from retrieval.query.context import Conversation
from retrieval.search.people import Person

DETAIL_CHARS = 600  # characters of an article shown for 第二条具体说说


def read_as(answer: Answer, question: str) -> Answer:
    """The answer with a first note saying how the follow-up was read."""
    note = f"按“{question}”回答。"
    return dataclasses.replace(
        answer, blocks=(Block(note, "note"), *answer.blocks), notes=(note, *answer.notes)
    )


def without_shown(answer: Answer, shown: Sequence[str]) -> Answer:
    """The answer less the articles already shown (还有吗); a note when nothing is left."""
    seen = set(shown)
    hits = tuple(h for h in answer.hits if h.article.article_id not in seen)
    if not hits:
        note = Block("没有更多相关报道了。", "note")
        return dataclasses.replace(answer, blocks=(note,), citations=(), hits=(), no_answer=True)
    blocks = tuple(b for b in answer.blocks if b.article_id is None or b.article_id not in seen)
    citations = tuple(c for c in answer.citations if c.article_id not in seen)
    return dataclasses.replace(answer, blocks=blocks, citations=citations, hits=hits)


def article_detail(question: str, article: Article | None, nth: int) -> Answer:
    """The n-th article shown, in more detail (its first paragraphs); a note if none."""
    if article is None:
        note = f"上一个回答里没有第{nth}条。"
        return Answer(question, (Block(note, "note"),), (), (), no_answer=True, notes=(note,))
    blocks = [Block(f"{format_date(article)} · 《{article.title}》", "heading", article.article_id)]
    used = 0
    for paragraph in article.paragraphs:
        if used >= DETAIL_CHARS:
            break
        blocks.append(Block(paragraph, "passage", article.article_id))
        used += len(paragraph)
    hit = Hit(article, Passage(article.article_id, 0, article.paragraphs[0]), 1.0)
    return Answer(question, tuple(blocks), (Citation.of(article),), (hit,), False, "detail")


def remember(
    question: str, answer: Answer, *, time_words: str, names: Sequence[str],
    people: Sequence[Person], now: float,
) -> Conversation:  # fmt: skip
    """The context after answering ``question`` (already resolved) with ``answer``."""
    known = {p.name for p in people}
    first = next((b.text for b in answer.blocks if b.kind in ("heading", "item")), "")
    named = first.split(" · ")[0].split("、")[0]
    subject = named if answer.intent == "who" and named in known else ""
    dated = [h.article.date for h in answer.hits if h.article.date]
    return Conversation(
        question=question,
        time_words=time_words,
        people=tuple(names),
        subject=subject,
        shown=tuple(dict.fromkeys(h.article.article_id for h in answer.hits)),
        oldest=min(dated) if dated else None,
        at=now,
    )
