"""Pages from other issues, with no manifest entry: a golden table read from the fixtures."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from retrieval.models import Article, DatePrecision
from retrieval.pages.corpus import load_corpus
from retrieval.pages.parse import infer_year, parse_page

D, A = DatePrecision.DAY, DatePrecision.APPROX
J, Z = ("景静",), ("张改华",)
PAGES = Path(__file__).parent / "data" / "pages"

# Established by reading the fixture pages: (title, subtitle, date, precision, reporters,
# correspondents, title derived from the lead?). Interns (实习生) count as reporters.
GOLDEN: dict[
    str, list[tuple[str, str, str, DatePrecision, tuple[str, ...], tuple[str, ...], bool]]
] = {
    "101_jan_year_turn.txt": [
        ("二七区召开经济工作会议", "", "2022-01-04", D, ("景静", "张改华"), (), False),
        (
            "二七区人大常委会召开第四十一次会议",
            "聚焦民生实事 听取审议区政府专项工作报告",
            "2021-12-30",
            D,
            J,
            ("左学彬", "周祎"),
            False,
        ),
        (
            "二七区开展元旦春节走访慰问困难群众",
            "",
            "2022-01-04",
            A,
            ("张改华", "王一帆"),
            (),
            False,
        ),
        ("二七区召开安全生产工作会议", "", "2021-12-31", D, J, (), True),
        ("《二七区城市精细化管理办法》正式施行", "", "2022-01-01", D, Z, (), True),
        ("二七区图书馆“新年读书月”活动启动", "", "2022-01-03", D, ("刘畅",), (), True),
    ],
    "102_markdown_fullwidth.txt": [
        ("二七区召开防汛工作会议", "压实责任确保安全度汛", "2021-06-10", D, Z, (), False),
        ("二七区启动“夏季百日行动”", "城市精细化管理再升级", "2021-06-10", A, J, (), False),
        ("区领导调研重点项目建设", "坚持项目为王 加快建设进度", "2021-06-10", A, (), (), False),
        (
            "二七区举办首届“二七杯”青年创新创业大赛",
            "",
            "2021-06-08",
            D,
            J,
            ("郭佳星", "李慧"),
            False,
        ),
    ],
    "103_crlf_shortnews.txt": [
        ("二七区召开秋季开学工作部署会", "", "2020-08-27", D, J, ("胡伟",), False),
        ("二七区举行退役军人就业专场招聘会", "", "2020-08-25", D, Z, (), True),
        ("二七区新建的12处口袋公园全部建成开放", "", "2020-08-27", A, J, (), True),
        (
            "二七区开展防范电信网络诈骗宣传进社区活动",
            "",
            "2020-08-26",
            D,
            ("景静", "王一帆"),
            (),
            True,
        ),
        ("二七区老旧小区改造完成年度任务九成", "", "2020-08-27", A, Z, (), False),
    ],
    "104_header_footer.txt": [
        ("二七区召开疫情防控工作调度会", "", "2022-01-04", D, J, (), False),
        ("二七区举行新年第一批重点项目集中开工", "", "2022-01-03", D, Z, ("徐克镜",), False),
        ("二七区京广路街道“暖心驿站”正式投用", "", "2022-01-04", A, J, (), True),
    ],
    "105_stacked_headlines.txt": [
        (
            "二七区召开专题推进会",
            "深化“万人助万企”活动 推动惠企政策直达快享",
            "2022-09-15",
            D,
            ("景静", "张改华"),
            (),
            False,
        ),
        ("二七区举办“中国农民丰收节”庆祝活动", "", "2022-09-23", D, Z, ("郭佳星",), False),
        ("二七区部署第四季度安全生产工作", "", "2022-09-26", D, J, ("马鹏迪",), False),
    ],
}
YEARS = {"101": 2022, "102": 2021, "103": 2020, "104": 2022, "105": 2022}
CASES = [(page, i, *row) for page, rows in GOLDEN.items() for i, row in enumerate(rows)]


def raw(page: str) -> str:
    """Read a fixture page exactly as stored (line endings kept)."""
    return (PAGES / page).read_bytes().decode("utf-8")


def articles(page: str) -> list[Article]:
    """Parse a fixture page as a page without a manifest entry."""
    return parse_page(raw(page), page, None, default_year=1999)


def test_table_covers_every_fixture_page() -> None:
    assert sorted(GOLDEN) == sorted(p.name for p in PAGES.glob("*.txt"))
    assert len(CASES) == 21


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_each_page_yields_its_articles(page: str) -> None:
    assert len(articles(page)) == len(GOLDEN[page])


@pytest.mark.parametrize(
    ("page", "index", "title", "subtitle", "date", "precision", "reporters", "helpers", "derived"),
    CASES,
)
def test_golden_article(
    page: str,
    index: int,
    title: str,
    subtitle: str,
    date: str,
    precision: DatePrecision,
    reporters: tuple[str, ...],
    helpers: tuple[str, ...],
    derived: bool,
) -> None:
    article = articles(page)[index]
    assert (article.title, article.subtitle) == (title, subtitle)
    assert (article.iso_date, article.date_precision) == (date, precision)
    assert (article.byline.reporters, article.byline.correspondents) == (reporters, helpers)
    assert article.title_derived is derived
    assert article.year_inferred


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_year_is_inferred_from_the_page(page: str) -> None:
    assert infer_year(raw(page)) == YEARS[page[:3]]


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_no_byline_furniture_or_markup_left_in_text(page: str) -> None:
    for article in articles(page):
        for paragraph in article.paragraphs:
            assert not re.search(r"记者(?!从)|通讯员|实习生|文/图|星期|责编|二七新闻", paragraph)
            assert not paragraph.startswith("#")
            assert "\r" not in paragraph
            assert "  " not in paragraph


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_every_character_but_furniture_is_kept(page: str) -> None:
    text = re.sub(r"^(二七新闻|2022年1月5日 星期三).*$", "", raw(page), flags=re.M)
    kept = "".join(
        ("" if a.title_derived else a.title)
        + a.subtitle
        + "".join(a.paragraphs)
        + "".join(a.byline.people)
        for a in articles(page)
    )
    dropped = r"\s记者通讯员实习生本报文/图■□短简讯#"
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    assert sorted(re.sub(f"[{dropped}]", "", text)) == sorted(re.sub(f"[{dropped}]", "", kept))


def test_fixture_really_has_windows_line_endings() -> None:
    assert b"\r\n" in (PAGES / "103_crlf_shortnews.txt").read_bytes()


def test_full_width_digits_read_as_dates_and_text() -> None:
    first = articles("102_markdown_fullwidth.txt")[0]
    assert first.paragraphs[0].startswith("本报讯 6月10日上午")


def test_reporter_hearing_news_is_kept_in_the_text() -> None:
    visit = articles("101_jan_year_turn.txt")[2]
    assert visit.paragraphs[1].startswith("记者从区民政局获悉")
    assert articles("102_markdown_fullwidth.txt")[1].paragraphs[1].startswith("记者从区城市管理局")


def test_corpus_without_manifest_loads_every_fixture() -> None:
    corpus = load_corpus(PAGES)
    assert len(corpus.articles) == 21
    assert all(p.year_inferred for p in corpus.pages)
    assert corpus.newest_date == dt.date(2022, 9, 26)


def test_turn_of_year_page_dates_december_in_the_year_before() -> None:
    page = "本报讯 1月2日,二七区召开会议。\n\n本报讯 12月31日,二七区召开另一次会议。\n"
    first, second = parse_page(page, "p.txt", 2022)
    assert (first.date, second.date) == (dt.date(2022, 1, 2), dt.date(2021, 12, 31))


def test_late_page_keeps_january_mentions_in_its_own_year() -> None:
    page = "本报讯 12月20日,二七区部署工作,办法自1月1日起施行。\n"
    (article,) = parse_page(page, "p.txt", 2021)
    assert article.date == dt.date(2021, 12, 20)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2022年1月5日 星期三\n本报讯 12月30日,谋划2023年工作。", 2022),
        ("2022年1月6日 星期三\n本报讯 11月30日,谋划2023年工作。", 2022),
        ("本报讯 1月4日,会议指出,2022年是关键之年,要谋划2022年工作。", 2022),
    ],
)
def test_infer_year_reads_datelines_and_the_turn_of_year(text: str, year: int) -> None:
    assert infer_year(text) == year


def test_dateline_whose_weekday_is_wrong_is_not_trusted() -> None:
    text = "2022年1月6日 星期三\n本报讯 1月5日,二七区召开2020年总结会,回顾2020年工作。"
    assert infer_year(text) == 2020


def test_page_header_is_not_an_article_or_a_title() -> None:
    page = "二七新闻\n2022年1月5日 星期三 责编 李娜\n\n本报讯 1月4日,二七区召开会议。\n\n二七新闻\n"
    (article,) = parse_page(page, "p.txt", None)
    assert article.title_derived
    assert article.paragraphs == ("本报讯 1月4日,二七区召开会议。",)


@pytest.mark.parametrize(
    ("tail", "reporters", "helpers"),
    [
        ("记者 景静 通讯员\n胡伟", J, ("胡伟",)),
        ("本报记者 景静", J, ()),
        ("文/图 本报记者 景静 实习生 刘畅", ("景静", "刘畅"), ()),
        ("记者 景静 张改华", ("景静", "张改华"), ()),
        ("记者 景静\n张改华", ("景静", "张改华"), ()),
    ],
)
def test_byline_variants(tail: str, reporters: tuple[str, ...], helpers: tuple[str, ...]) -> None:
    page = f"本报讯 6月1日,二七区召开会议。\n{tail}\n\n本报讯 6月2日,二七区召开另一次会议。\n"
    first, second = parse_page(page, "p.txt", 2021)
    assert (first.byline.reporters, first.byline.correspondents) == (reporters, helpers)
    assert first.paragraphs == ("本报讯 6月1日,二七区召开会议。",)
    assert second.title_derived


def test_slogan_after_a_byline_is_a_headline_not_names() -> None:
    page = (
        "本报讯 6月1日,二七区召开会议。\n记者 景静\n党建引领 多元共治\n二七区打造治理新样板\n\n"
        "本报讯 6月2日,二七区打造治理新样板。\n"
    )
    first, second = parse_page(page, "p.txt", 2021)
    assert first.byline.people == ("景静",)
    assert (second.title, second.subtitle) == ("二七区打造治理新样板", "党建引领 多元共治")
