"""Arbitrary text never crashes the page parser, and ids stay short, ASCII and unique."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.pages.parse import infer_year, parse_page

PIECES = st.sampled_from(
    [
        "本报讯",
        "本报讯 ",
        "本报讯 11月29日，",
        "近日,",
        "2022年是党的二十大召开之年",
        "2021~2022年",
        "记者 景静",
        "通讯员 左学彬 周祎",
        "## 二七区召开会议 副题",
        "# ",
        "■ 短讯",
        "二七区学习贯彻",
        "。",
        "，",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\u3000",
        "\u200b",
        "\x00",
        "\x1b",
        "😀",
        "<b>&amp;</b>",
        "*_`",
        "13月45日",
    ]
)
PAGES = st.one_of(st.text(), st.lists(st.one_of(PIECES, st.text(max_size=8))).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES, st.one_of(st.none(), st.integers(min_value=1900, max_value=2100)))
def test_parse_page_never_crashes_and_ids_are_sound(text: str, year: int | None) -> None:
    articles = parse_page(text, "p.txt", year)
    ids = [a.article_id for a in articles]
    assert len(set(ids)) == len(ids)
    assert all(len(i) <= 24 and i.isascii() for i in ids)
    assert [a.position for a in articles] == list(range(len(articles)))
    for article in articles:
        assert article.title
        assert article.paragraphs
        assert all(p == p.strip() and p for p in article.paragraphs)


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_infer_year_never_crashes(text: str) -> None:
    year = infer_year(text)
    assert year is None or 1900 <= year <= 2100


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["本报讯 近日，二七区召开会议。", "记者 景静", "\n\n"]), max_size=150)
)
def test_many_articles_on_one_page_keep_unique_ids(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    ids = [a.article_id for a in parse_page(text, "p.txt", 2021)]
    assert len(set(ids)) == len(ids)
    assert all(len(i) <= 24 for i in ids)
