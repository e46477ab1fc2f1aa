"""Rendering to Telegram HTML: escaping, emphasis, dates, sources and the 4096 limit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot import packing, render
from bot.ratelimit import RateLimiter
from retrieval.models import Answer, Article, Block, Byline, Citation, DatePrecision, Paper

ARTICLE = Article(
    article_id="p0-a1",
    source="001_b2ed014fdcecdb36.txt",
    title="苏建设主持召开安置房建设工作专题会",
    subtitle="",
    title_derived=False,
    date=dt.date(2022, 3, 3),
    date_precision=DatePrecision.DAY,
    date_note="",
    year_inferred=False,
    byline=Byline(("王文",), ("李四",)),
    paragraphs=(
        "本报讯 3月3日，区长苏建设主持召开安置房建设工作专题会。",
        "会议要求<加快>进度 & 质量。",
    ),
)


def answer_of(blocks: tuple[Block, ...]) -> Answer:
    return Answer("q", blocks, (Citation.of(ARTICLE),), (), no_answer=False)


def test_format_date_by_precision() -> None:
    assert render.format_date(dt.date(2022, 3, 3)) == "2022年3月3日"
    assert render.format_date(dt.date(2022, 3, 3), DatePrecision.APPROX) == "约2022年3月"
    assert render.format_date(None) == "日期不详"


def test_emphasis_is_bold_and_everything_else_escaped() -> None:
    assert (
        render.emphasize("a<安置房>&安置房", ("安置房",))
        == "a&lt;<b>安置房</b>&gt;&amp;<b>安置房</b>"
    )
    assert render.emphasize("x", ("",)) == "x"
    assert render.emphasize("APP上线", ("app",)) == "<b>APP</b>上线"  # terms are case-folded


def cut(*pieces: str) -> Any:
    """A segmentation that cuts the text into the given words."""
    return lambda text: list(pieces) if "".join(pieces) == text else list(text)


def test_emphasis_never_cuts_a_word() -> None:
    terms = ("安置房建设", "安置", "房", "建设")
    words = cut("区长", "苏建设", "主持", "安置", "房", "建设", "会")
    assert render.emphasize("区长苏建设主持安置房建设会", terms, words) == (
        "区长苏建设主持<b>安置房建设</b>会"
    )
    words = cut("部署", "安置", "房", "开工")  # 安置 alone would cut 安置房
    assert render.emphasize("部署安置房开工", terms, words) == "部署<b>安置房</b>开工"
    words = cut("工作人员", "参加")  # 工作 asked, but inside a longer word
    assert render.emphasize("工作人员参加", ("工作",), words) == "工作人员参加"


def test_emphasis_with_the_engines_segmentation(engine: Any) -> None:
    text = "3月3日上午，二七区区长苏建设主持召开安置房建设工作专题会，安排部署安置房开工。"
    shown = render.emphasize(text, ("安置房建设", "安置", "房", "建设"), engine.words)
    assert "苏建设" in shown
    assert "苏<b>" not in shown
    assert shown.count("<b>安置房建设</b>") == 1
    assert "<b>安置房</b>开工" in shown
    assert "<b>安置</b>" not in shown


def test_answer_cites_date_and_page(html_ok: Any) -> None:
    blocks = (Block("会议情况", "heading"), Block("要<加快>进度", "item", "p0-a1", ("加快",)))
    (chunk,) = render.render_answer(answer_of(blocks), "安置房<b>")
    visible = html_ok(chunk)
    assert visible.startswith("🔎 安置房<b>")
    assert "• 要<加快>进度 [1]" in visible
    assert (
        "[1] 2022年3月3日 · 苏建设主持召开安置房建设工作专题会 · 记者 王文 通讯员 李四" in visible
    )
    assert ".txt" not in visible
    assert "<b>加快</b>" in chunk


def test_sources_are_cited_as_a_paper_and_items_do_not_repeat_them(html_ok: Any) -> None:
    item = f"2022年3月3日 · 《{ARTICLE.title}》"  # a topic answer's line: all in the source
    blocks = (
        Block(item, "item", "p0-a1"),
        Block("2022年3月3日 · 专题会 · 主持 · “要加快进度”", "item", "p0-a1", ("专题会",)),
        Block("要加快进度", "passage", "p0-a1"),
    )
    paper = Paper("郑州日报", "二七区")
    (chunk,) = render.render_answer(answer_of(blocks), "q", paper=paper)
    visible = html_ok(chunk)
    assert (
        "[1] 《郑州日报》2022年3月3日 · 苏建设主持召开安置房建设工作专题会 · 记者 王文" in visible
    )
    assert visible.count("2022年3月3日") == 1  # only in the source line
    assert visible.count(ARTICLE.title) == 1
    assert "• 专题会 · 主持 · “要加快进度” [1]" in visible
    nameless = render.render_citation(1, Citation.of(ARTICLE), Paper(None, "二七区"))
    assert nameless.startswith("[1] 2022年3月3日 · ")
    assert "《" not in nameless


def test_long_answers_split_on_block_boundaries(html_ok: Any) -> None:
    blocks = tuple(Block(f"第{i}段" + "安置房" * 300, "passage", "p0-a1") for i in range(12))
    chunks = render.render_answer(answer_of(blocks), "q")
    assert len(chunks) > 1
    for chunk in chunks:
        html_ok(chunk)
    assert sum(c.count("<blockquote>") for c in chunks) == 12


def test_an_over_long_block_is_cut_into_plain_pieces(html_ok: Any) -> None:
    (part,) = ("<&>" * 3000,)
    chunks = packing.pack([render.html(part)])
    assert "".join(packing.strip_tags(c).replace("\n\n", "") for c in chunks) == part
    for chunk in chunks:
        html_ok(chunk)


def test_article_shows_provenance_and_every_paragraph(html_ok: Any) -> None:
    (chunk,) = render.render_article(ARTICLE)
    visible = html_ok(chunk)
    assert "2022年3月3日 · 记者 王文 通讯员 李四" in visible
    assert ".txt" not in visible
    assert "会议要求<加快>进度 & 质量。" in visible


def test_an_approximate_date_says_which_words_made_it_so(html_ok: Any) -> None:
    vague = dataclasses.replace(ARTICLE, date_precision=DatePrecision.APPROX, date_note="近日")
    (chunk,) = render.render_article(vague)
    assert "约2022年3月（原文“近日”）" in html_ok(chunk)
    assert "约2022年3月（原文“近日”）" in render.render_latest([vague])


@given(st.text(max_size=3000), st.lists(st.text(max_size=5), max_size=3))
def test_any_text_renders_to_valid_html(text: str, terms: list[str]) -> None:
    from tests.bot.conftest import check_html

    for chunk in render.render_answer(
        answer_of((Block(text, "item", None, tuple(terms)),)), text[:300]
    ):
        check_html(chunk)


def test_rate_limiter_window_and_memory_bound() -> None:
    now = [0.0]
    limiter = RateLimiter(2, 60, max_keys=3, clock=lambda: now[0])
    assert [limiter.allow(1) for _ in range(3)] == [True, True, False]
    now[0] = 61
    assert limiter.allow(1)
    for user in range(100):
        limiter.allow(user)
    assert len(limiter) == 3
    assert RateLimiter(0, 60).allow(5)


def test_citation_of_an_approximate_date_keeps_the_papers_word() -> None:
    cite = Citation(
        "x-01", "标题<b>", dt.date(2022, 3, 4), DatePrecision.APPROX, "p.txt", Byline(), "近日"
    )
    line = render.render_citation(1, cite)
    assert line.startswith("[1] 约2022年3月（原文“近日”） · 标题&lt;b&gt;")
    assert "4日" not in line
