"""The terminal printer: dates, source numbers and the JSON contract's values."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.printer import answer_text, citation_line
from retrieval.models import Answer, Block, Byline, Citation, DatePrecision, describe_date

DAY = dt.date(2022, 3, 4)


@pytest.mark.parametrize(
    ("precision", "note", "expected"),
    [
        (DatePrecision.DAY, "", "2022年3月4日"),
        (DatePrecision.APPROX, "近日", "约2022年3月（原文“近日”）"),
        (DatePrecision.APPROX, "", "约2022年3月"),
        (DatePrecision.UNKNOWN, "", "日期不详"),
    ],
)
def test_describe_date(precision: DatePrecision, note: str, expected: str) -> None:
    assert describe_date(DAY, precision, note) == expected


def test_approximate_citation_never_claims_a_day() -> None:
    cite = Citation("x-01", "标题", DAY, DatePrecision.APPROX, "p.txt", Byline(("景静",)), "近日")
    line = citation_line(cite)
    assert "4日" not in line
    assert line == "约2022年3月（原文“近日”） · 《标题》 · p.txt · 记者 景静"


def test_answer_lines_carry_their_source_number() -> None:
    cite = Citation("x-01", "标题", DAY, DatePrecision.DAY, "p.txt", Byline())
    answer = Answer(
        question="问",
        blocks=(Block("标题行", kind="heading"), Block("引文", article_id="x-01")),
        citations=(cite,),
        hits=(),
        no_answer=False,
    )
    assert answer_text(answer).splitlines() == [
        "标题行",
        "引文 [1]",
        "",
        "来源：",
        "[1] 2022年3月4日 · 《标题》 · p.txt",
    ]
