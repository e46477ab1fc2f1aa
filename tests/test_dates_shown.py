"""One date formatter: the CLI, the bot and the composer write an article's date alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.printer import answer_text, article_line
from bot.render import render_answer, render_latest
from retrieval.models import DatePrecision, describe_date

if TYPE_CHECKING:
    from retrieval.engine import Engine


def test_an_approximate_date_reads_the_same_everywhere(engine: Engine) -> None:
    article = next(a for a in engine.corpus.articles if a.date_precision is DatePrecision.APPROX)
    shown = describe_date(article.date, article.date_precision, article.date_note)
    assert article.date is not None
    assert shown == f"约{article.date.year}年{article.date.month}月（原文“{article.date_note}”）"
    assert shown in article_line(article)  # CLI listing
    assert shown in render_latest([article])  # bot /latest
    answer = engine.ask(article.title)
    assert answer.hits[0].article == article
    assert shown in answer_text(answer)  # composer's blocks and the CLI's sources
    assert shown in "".join(render_answer(answer, article.title))  # bot's sources


def test_an_exact_date_has_its_year_everywhere(engine: Engine) -> None:
    article = next(a for a in engine.corpus.articles if a.date_precision is DatePrecision.DAY)
    assert article.date is not None
    shown = f"{article.date.year}年{article.date.month}月{article.date.day}日"
    assert describe_date(article.date, article.date_precision) == shown
    assert shown in article_line(article)
    assert shown in render_latest([article])
