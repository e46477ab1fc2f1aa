"""Answers carry typed items that the CLI printer, the bot and `ask --json` lay out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from bot.printer import answer_json, answer_text
from bot.render import render_answer
from retrieval.items import (
    ArticleItem,
    DateItem,
    FactItem,
    MeetingItem,
    PersonItem,
    WriterItem,
    item_json,
    plain,
)
from retrieval.models import Answer, Block, Byline, Citation, DatePrecision

if TYPE_CHECKING:
    from retrieval.engine import Engine

CITE = Citation(
    "a-01", "二七区召开防汛会", dt.date(2022, 3, 1), DatePrecision.APPROX, "p.txt", Byline(), "近日"
)
MEETING = MeetingItem(CITE, "防汛工作会议", ("主持", "讲话"), "要压实责任。")


def test_a_meeting_list_is_made_of_meeting_items(engine: Engine) -> None:
    answer = engine.ask("陈红民最近开了哪些会")
    items = answer.items
    assert len(items) == 5
    assert all(isinstance(item, MeetingItem) for item in items)
    first = items[0]
    assert isinstance(first, MeetingItem)
    assert first.meeting
    assert first.roles
    assert first.quote
    assert first.citation.article_id == answer.citations[0].article_id
    dates = [item.citation.date for item in items if item.citation.date]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("陈红民最近开了哪些会", MeetingItem),
        ("景静写了哪些报道", ArticleItem),
        ("霹雳行动是什么", ArticleItem),
        ("常淼是谁", PersonItem),
        ("二七经开区有多少家高新技术企业", FactItem),
        ("安置房建设工作专题会是哪天开的", DateItem),
    ],
)
def test_each_template_gives_its_item_type(engine: Engine, question: str, kind: type) -> None:
    items = engine.ask(question).items
    assert items
    assert isinstance(items[0], kind)


def test_a_writer_item_counts_the_bylines(engine: Engine) -> None:
    items = [i for i in engine.ask("景静是谁").items if isinstance(i, WriterItem)]
    assert items
    assert (items[0].name, items[0].count > 1) == ("景静", True)


def test_renderers_lay_out_the_item_not_the_block_text() -> None:
    block = Block("stale text", "item", "a-01", ("防汛",), MEETING)
    answer = Answer("q", (block,), (CITE,), (), no_answer=False, intent="meetings")
    expected = "约2022年3月（原文“近日”） · 防汛工作会议 · 主持、讲话 · “要压实责任。”"
    assert plain(MEETING) == expected
    assert answer_text(answer).splitlines()[0] == expected + " [1]"
    html = render_answer(answer, "q")[0]
    assert "stale text" not in html
    # The bot says the date once, in the source line, not again in the item.
    assert "• <b>防汛</b>工作会议 · 主持、讲话 · “要压实责任。” [1]" in html
    assert "[1] 约2022年3月（原文“近日”）" in html


def test_json_items_keep_their_fields() -> None:
    assert item_json(MEETING) == {
        "type": "meeting",
        "meeting": "防汛工作会议",
        "roles": ["主持", "讲话"],
        "quote": "要压实责任。",
        "article_id": "a-01",
        "title": "二七区召开防汛会",
        "date": "2022-03-01",
        "date_precision": "approx",
        "date_text": "约2022年3月（原文“近日”）",
        "source": "p.txt",
    }


def test_ask_json_lists_the_items(engine: Engine) -> None:
    data = answer_json(engine.ask("陈红民最近开了哪些会"))
    assert {"answer", "hits", "no_answer", "items"} <= data.keys()
    assert [item["type"] for item in data["items"]] == ["meeting"] * 5
    assert all(item["quote"] in data["answer"] for item in data["items"])


def test_a_no_answer_has_no_items(engine: Engine) -> None:
    assert answer_json(engine.ask("今天北京天气怎么样"))["items"] == []
