"""Pages laid out the way other papers print them: datelines, bylines, wraps, relative dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.errors import ManifestError
from retrieval.models import Article, DatePrecision
from retrieval.pages.corpus import Corpus, load_corpus
from retrieval.pages.parse import parse_page

VARIANTS = Path(__file__).parent / "data" / "pages" / "variants"
D, A, U = DatePrecision.DAY, DatePrecision.APPROX, DatePrecision.UNKNOWN

# Established by reading the pages: (title, date, precision, how the date was found,
# reporters, correspondents). Pages without a manifest date take their inferred year (2023).
DAY_ONLY, TODAY = "13日 in the page's month", "今天, from the page date"
Row = tuple[str, str, DatePrecision, str, tuple[str, ...], tuple[str, ...]]
GOLDEN: dict[str, list[Row]] = {
    # 本网讯, （记者 王浩江） after the dateline, (记者 …) closing the text, ASCII commas
    "201_benwangxun.txt": [
        ("中原区召开城市更新工作推进会", "2023-05-12", D, "lead", ("王浩江",), ()),
        ("中原区开展夏季消防安全大检查", "2023-05-11", D, "lead", ("王浩江",), ()),
    ],
    "202_traditional.txt": [  # 本報訊, 記者 … 通訊員 …
        ("管城區舉行重點項目集中開工儀式", "2023-03-08", D, "lead", ("陳思遠",), ("黃曉",)),
        ("管城區召開春季植樹動員會", "2023-03-09", D, "lead", ("陳思遠",), ()),
    ],
    "203_benbaoxiaoxi.txt": [  # 本报消息(本网记者:李晓东)
        ("上街区举办首届航空文化节", "2023-09-16", D, "lead", ("李晓东",), ()),
    ],
    "204_site_dateline.txt": [  # 金水网4月28日讯: the date is in the dateline; 全媒体记者:…
        ("金水区部署防汛备汛工作", "2023-04-28", D, "dateline", ("王俊", "刘丽娟"), ()),
    ],
    "205_bracket_dateline.txt": [  # 【惠济網訊】, a headline wrapped after 全区, 文/摄
        ("惠济区召开全区安全生产工作会议", "2023-06-03", D, "lead", ("李明远",), ()),
    ],
    "206_today_site.txt": [  # 今日中原网消息 昨日 (page date 2023-05-20), （赵一鸣） at the end
        ("中原区举办社区邻里节", "2023-05-19", D, "昨日, from the page date", ("赵一鸣",), ()),
        ("中原区图书馆开展读书分享会", "2023-05-13", D, DAY_ONLY, ("王浩江",), ()),
    ],
    "207_no_byline.txt": [  # no byline; date only in the second sentence; 主持召开 wrapped
        ("崔立新主持召开县委常委会会议", "2023-06-15", D, "second sentence", (), ()),
    ],
    "208_relative_days.txt": [  # 今天 and 前天 against the page date 2021-07-23
        ("登封市举行少林武术进校园启动仪式", "2021-07-23", D, TODAY, ("孙明",), ()),
        ("登封市召开文旅市场整治会议", "2021-07-21", D, "前天, from the page date", ("孙明",), ()),
    ],
}
CASES = [(page, i, *row) for page, rows in GOLDEN.items() for i, row in enumerate(rows)]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """The variant pages loaded as a corpus, with their manifest."""
    return load_corpus(VARIANTS)


def of(corpus: Corpus, page: str) -> list[Article]:
    """The articles of one page, in page order."""
    return [a for a in corpus.articles if a.source == page]


def test_every_variant_page_is_in_the_table(corpus: Corpus) -> None:
    assert sorted(GOLDEN) == sorted(p.name for p in VARIANTS.glob("*.txt"))
    assert corpus.problems == ()


@pytest.mark.parametrize(
    ("page", "index", "title", "date", "precision", "how", "reporters", "helpers"), CASES
)
def test_variant_article(
    corpus: Corpus,
    page: str,
    index: int,
    title: str,
    date: str,
    precision: DatePrecision,
    how: str,
    reporters: tuple[str, ...],
    helpers: tuple[str, ...],
) -> None:
    articles = of(corpus, page)
    assert len(articles) == len(GOLDEN[page])
    article = articles[index]
    assert (article.title, article.subtitle, article.title_derived) == (title, "", False)
    assert (article.iso_date, article.date_precision, article.date_how) == (date, precision, how)
    assert (article.byline.reporters, article.byline.correspondents) == (reporters, helpers)


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_bylines_leave_the_text(corpus: Corpus, page: str) -> None:
    for article in of(corpus, page):
        text = article.text
        assert not any(mark in text for mark in ("记者", "記者", "通訊員", "文/摄", "赵一鸣"))


def test_lead_keeps_its_dateline_without_the_bracketed_byline(corpus: Corpus) -> None:
    first = of(corpus, "201_benwangxun.txt")[0]
    assert first.paragraphs[0].startswith("本网讯 5月12日上午,中原区召开城市更新工作推进会")


def test_relative_dates_without_a_page_date_stay_approximate_and_say_so() -> None:
    text = (VARIANTS / "208_relative_days.txt").read_text("utf-8")
    today, before = parse_page(text, "208.txt", 2021)
    assert (today.date_precision, today.date_note) == (U, "今天")
    assert (before.date_precision, before.date_note) == (U, "前天")
    assert today.date is None
    assert today.date_how == "no date on the page"


def test_day_only_date_after_the_page_date_is_of_the_month_before() -> None:
    text = (VARIANTS / "206_today_site.txt").read_text("utf-8").replace("13日", "25日")
    article = parse_page(text, "206.txt", None, published=dt.date(2023, 5, 20))[1]
    assert article.iso_date == "2023-04-25"


def test_a_manifest_date_gives_the_page_its_year(tmp_path: Path) -> None:
    page = (VARIANTS / "208_relative_days.txt").read_text("utf-8")
    (tmp_path / "p.txt").write_text(page.replace("今天上午", "7月20日上午"), "utf-8")
    (tmp_path / "manifest.toml").write_text('[pages."p.txt"]\ndate = 2019-07-23\n', "utf-8")
    first = load_corpus(tmp_path).articles[0]
    assert (first.iso_date, first.year_inferred) == ("2019-07-20", False)


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('date = "yesterday"', 'pages."p.txt".date must be a date such as 2021-11-30'),
        ("date = 2021-11-30T08:00:00", 'pages."p.txt".date must be a date such as 2021-11-30'),
        ("year = 2020\ndate = 2021-11-30", 'pages."p.txt".date 2021-11-30 is not in its year 2020'),
    ],
)
def test_a_bad_manifest_date_names_the_field(tmp_path: Path, entry: str, problem: str) -> None:
    (tmp_path / "p.txt").write_text((VARIANTS / "208_relative_days.txt").read_text("utf-8"))
    (tmp_path / "manifest.toml").write_text(f'[pages."p.txt"]\n{entry}\n', "utf-8")
    with pytest.raises(ManifestError) as caught:
        load_corpus(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'manifest.toml'}: {problem}"


@pytest.mark.parametrize("ending", ["（待续）", "(未完)", "（全文完）"])
def test_a_bracketed_closing_mark_is_not_a_reporter(ending: str) -> None:
    text = (VARIANTS / "206_today_site.txt").read_text("utf-8").replace("（赵一鸣）", ending)
    first = parse_page(text, "206.txt", 2023)[0]
    assert first.byline.people == ()
    assert first.paragraphs[-1].endswith(ending)
