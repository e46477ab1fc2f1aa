"""The page parser: a golden table of every seed article, and one tiny page per layout trait."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from retrieval.models import Article, DatePrecision
from retrieval.pages.parse import infer_year, parse_page

D, A = DatePrecision.DAY, DatePrecision.APPROX
J = ("景静",)
Z = ("张改华",)

# Established by reading the five seed pages: (title, subtitle, date, precision,
# reporters, correspondents, title derived from the lead?)
GOLDEN: dict[
    str, list[tuple[str, str, str, DatePrecision, tuple[str, ...], tuple[str, ...], bool]]
] = {
    "000_b59d7a4146e6a0ea.txt": [
        ("二七区委常委会召开会议", "", "2021-11-29", D, J, (), True),
        ("区十六届人大常委会召开第三十七次会议", "", "2021-11-26", D, J, ("左学彬", "周祎"), False),
        ("二七区疫情防控工作电视电话会议召开", "", "2021-11-25", D, J, (), False),
        ("二七区召开2021~2022年秋冬季大气污染防治攻坚动员会", "", "2021-11-30", A, J, (), True),
        ("二七区学习贯彻党的十九届六中全会精神", "", "2021-11-25", D, J, ("胡伟",), False),
        ("二七区召开2021年人才工作领导小组会议", "", "2021-11-30", D, J, (), True),
    ],
    "001_b2ed014fdcecdb36.txt": [
        (
            "二七区召开安置房建设工作专题会",
            "确保项目快推进、群众早回迁",
            "2022-03-03",
            D,
            J,
            (),
            False,
        ),
        ("二七区委常委会召开", "推动重点工作落实见效", "2022-03-04", D, J, (), False),
        (
            "二七商圈区域城市复兴工作推进会召开",
            "精耕细作每一平方米土地 精准化推进每一项工作",
            "2022-03-04",
            A,
            J,
            (),
            False,
        ),
        ("二七区开展“万人助万企”走访调研活动", "服务助力企业发展", "2022-03-04", A, J, (), False),
        (
            "二七区召开疫情防控常态化监督检查工作推进会",
            "重点提升“五种能力”做深做细做实防控工作",
            "2022-03-01",
            D,
            J,
            (),
            False,
        ),
        (
            "二七区打造基层社会治理新样板",
            "党建引领 多元共治",
            "2022-03-04",
            A,
            J,
            ("徐克镜", "刘晓静"),
            False,
        ),
    ],
    "002_cd3e0aed241bcc9d.txt": [
        (
            "二七区委常委会召开(扩大)会议",
            "传达学习中央经济工作会议精神",
            "2021-12-14",
            D,
            J,
            (),
            False,
        ),
        (
            "二七区召开灾后恢复重建工作领导小组会议",
            "确保在规定时间内完成各项目标任务",
            "2021-12-06",
            D,
            J,
            (),
            False,
        ),
        (
            "二七经济技术开发区新添一所研究院",
            "“政产学研用”合作助力高质量创新发展",
            "2021-12-10",
            D,
            J,
            (),
            False,
        ),
        ("二七区“霹雳”行动启动", "打击治理电信网络诈骗", "2021-12-11", D, J, ("李慧",), False),
        ("二七区构建优秀年轻干部选育管用工作体系", "", "2021-12-14", A, J, (), False),
    ],
    "003_c691d486a3cfc023.txt": [
        ("二七区建立企业“问题台账”", "精准做好“三送一强”", "2020-05-07", D, Z, ("郭佳星",), False),
        ("统筹谋划道路改造和住改商工作", "推动老城区有机更新", "2020-05-05", D, Z, (), False),
        (
            "为“三个二七”高质量发展提供坚强保证",
            "夯实基础 建强队伍 凝心聚力",
            "2020-05-08",
            A,
            Z,
            (),
            False,
        ),
        ("二七区领导实地督导辖区防汛抗旱工作", "", "2020-05-08", D, Z, ("马鹏迪",), False),
        ("健全八项机制", "提升全区人才工作合力", "2020-05-08", A, Z, (), False),
    ],
    "004_84ebe029d2cf1232.txt": [
        (
            "二七区召开生态建设工作推进会",
            "珍惜今冬明春关键时节,确保生态项目绿化建设完成",
            "2018-11-22",
            D,
            J,
            (),
            False,
        ),
        ("二七区组织党员干部观看廉政教育片", "", "2018-11-23", A, J, (), False),
        (
            "区领导调研生态园林绿化工作",
            "为郑州创建国家生态园林城市做出应有贡献",
            "2018-11-20",
            D,
            J,
            (),
            False,
        ),
        (
            "二七区坚决打赢秋冬季环境污染防治攻坚战",
            "集全区之力 聚万众之心",
            "2018-11-23",
            D,
            J,
            ("郭佳星",),
            False,
        ),
        ("二七区组织召开安委会第四次全体(扩大)会议", "", "2018-11-23", A, J, (), False),
        ("团区委召开智慧团建工作推进会", "", "2018-11-20", D, J, (), False),
        (
            "二七区将加大对基层卫生医疗服务的建设投入",
            "打通健康服务“最后一公里”",
            "2018-11-23",
            A,
            J,
            (),
            False,
        ),
    ],
}
CASES = [(page, i, *row) for page, rows in GOLDEN.items() for i, row in enumerate(rows)]


def seed_articles(seeds_dir: Path, page: str) -> list[Article]:
    """Parse one seed page with its manifest year."""
    manifest = tomllib.loads((seeds_dir / "manifest.toml").read_text(encoding="utf-8"))
    text = (seeds_dir / page).read_text(encoding="utf-8")
    return parse_page(text, page, manifest["pages"][page]["year"])


def test_golden_table_covers_every_seed_article() -> None:
    assert len(CASES) == 29
    assert [len(rows) for rows in GOLDEN.values()] == [6, 6, 5, 5, 7]


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_each_seed_page_yields_its_articles(seeds_dir: Path, page: str) -> None:
    assert len(seed_articles(seeds_dir, page)) == len(GOLDEN[page])


@pytest.mark.parametrize(
    ("page", "index", "title", "subtitle", "date", "precision", "reporters", "helpers", "derived"),
    CASES,
)
def test_golden_article(
    seeds_dir: Path,
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
    article = seed_articles(seeds_dir, page)[index]
    assert (article.title, article.subtitle) == (title, subtitle)
    assert (article.iso_date, article.date_precision) == (date, precision)
    assert (article.byline.reporters, article.byline.correspondents) == (reporters, helpers)
    assert article.title_derived is derived
    assert article.source == page
    assert article.position == index
    assert not article.year_inferred


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_no_byline_or_markup_left_in_text(seeds_dir: Path, page: str) -> None:
    for article in seed_articles(seeds_dir, page):
        for paragraph in article.paragraphs:
            assert "记者" not in paragraph.replace("记者了解", "")
            assert "通讯员" not in paragraph
            assert not paragraph.startswith("#")
            assert "  " not in paragraph


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_every_character_of_the_page_is_kept(seeds_dir: Path, page: str) -> None:
    """Nothing but spacing, markup, labels and byline words may go missing or be added."""
    raw = (seeds_dir / page).read_text(encoding="utf-8")
    kept = "".join(
        ("" if a.title_derived else a.title)
        + a.subtitle
        + "".join(a.paragraphs)
        + "".join(a.byline.people)
        for a in seed_articles(seeds_dir, page)
    )
    dropped = "记者通讯员■短讯#"
    assert sorted(re.sub(rf"[\s{dropped}]", "", raw)) == sorted(re.sub(rf"[\s{dropped}]", "", kept))


def test_column_breaks_are_joined(seeds_dir: Path) -> None:
    first = seed_articles(seeds_dir, "000_b59d7a4146e6a0ea.txt")[0]
    assert "全区各单位要认真抓好" in first.text
    assert "11月29日" in first.text
    assert "收官战。" in seed_articles(seeds_dir, "000_b59d7a4146e6a0ea.txt")[3].paragraphs[2]
    assert "魏锋等4名同志" in seed_articles(seeds_dir, "000_b59d7a4146e6a0ea.txt")[1].text
    assert "加大重大项目" in seed_articles(seeds_dir, "002_cd3e0aed241bcc9d.txt")[0].text


def test_sentence_final_lines_in_a_block_start_paragraphs(seeds_dir: Path) -> None:
    air = seed_articles(seeds_dir, "000_b59d7a4146e6a0ea.txt")[3]
    assert air.paragraphs[2].endswith("收官战。")
    assert air.paragraphs[3].startswith("责任要再压实。")


def test_mid_article_byline_is_removed_and_text_continues(seeds_dir: Path) -> None:
    meeting = seed_articles(seeds_dir, "002_cd3e0aed241bcc9d.txt")[0]
    assert meeting.paragraphs[1].endswith("提供了根本遵循。")
    assert meeting.paragraphs[2].startswith("要坚持学用结合。")


def test_ids_are_short_ascii_unique_and_stable(seeds_dir: Path) -> None:
    ids = [a.article_id for page in GOLDEN for a in seed_articles(seeds_dir, page)]
    assert len(set(ids)) == 29
    assert all(len(i) <= 24 and i.isascii() for i in ids)
    assert ids == [a.article_id for page in GOLDEN for a in seed_articles(seeds_dir, page)]


def test_id_does_not_depend_on_the_file_name() -> None:
    page = "本报讯 3月1日，二七区召开会议。记者 景静\n"
    assert [a.article_id for a in parse_page(page, "a.txt", 2022)] == [
        a.article_id for a in parse_page(page, "b.txt", 2022)
    ]


def test_lead_without_headline_gets_a_derived_title() -> None:
    (article,) = parse_page("本报讯 5月8日下午，二七区召开防汛会议，部署工作。", "p.txt", 2020)
    assert article.title == "二七区召开防汛会议"
    assert article.title_derived


def test_headline_after_body_goes_to_the_article_it_describes() -> None:
    page = (
        "本报讯 3月3日，二七区召开安置房建设专题会。记者 景静\n\n"
        "二七区召开安置房建设专题会\n\n"
        "本报讯 3月4日，二七区召开防汛会议。记者 景静\n"
    )
    first, second = parse_page(page, "p.txt", 2022)
    assert first.title == "二七区召开安置房建设专题会"
    assert not first.title_derived
    assert second.title_derived


def test_headline_before_lead_goes_to_the_next_article() -> None:
    page = (
        "本报讯 3月3日，二七区召开安置房建设专题会。记者 景静\n\n"
        "二七区召开防汛工作会议\n\n"
        "本报讯 3月4日，二七区召开防汛工作会议。记者 景静\n"
    )
    first, second = parse_page(page, "p.txt", 2022)
    assert first.title_derived
    assert second.title == "二七区召开防汛工作会议"


def test_markdown_heading_splits_title_and_subtitle() -> None:
    page = "## 二七区召开防汛会议 确保安全度汛\n\n本报讯 6月1日,二七区召开防汛会议。\n"
    (article,) = parse_page(page, "p.txt", 2021)
    assert (article.title, article.subtitle) == ("二七区召开防汛会议", "确保安全度汛")


def test_markdown_heading_without_lead_marks_an_article() -> None:
    page = "# 二七区召开防汛会议\n\n6月1日,二七区召开防汛会议,部署工作。\n"
    (article,) = parse_page(page, "p.txt", 2021)
    assert article.title == "二七区召开防汛会议"
    assert article.iso_date == "2021-06-01"


def test_section_label_is_not_a_headline() -> None:
    page = "■ 短讯\n\n二七区召开防汛会议\n\n本报讯 6月1日,二七区召开防汛会议。\n"
    (article,) = parse_page(page, "p.txt", 2021)
    assert article.title == "二七区召开防汛会议"
    assert "短讯" not in article.text


def test_byline_on_two_lines() -> None:
    page = "本报讯 6月1日,二七区召开会议。\n记者 景静\n通讯员 左学彬 周祎\n"
    (article,) = parse_page(page, "p.txt", 2021)
    assert article.byline.reporters == ("景静",)
    assert article.byline.correspondents == ("左学彬", "周祎")
    assert article.paragraphs == ("本报讯 6月1日,二七区召开会议。",)


def test_word_that_merely_starts_with_reporter_is_not_a_byline() -> None:
    page = "本报讯 6月1日,二七区召开会议。记者从区委了解到\n会议部署了工作。\n"
    (article,) = parse_page(page, "p.txt", 2021)
    assert article.byline.people == ()
    assert "记者从区委了解到会议部署了工作。" in article.text


def test_spaces_go_inside_chinese_and_stay_between_latin_words() -> None:
    page = "本报讯 11月 29日，魏锋等 4名同志参加 open source 活动。\n"
    (article,) = parse_page(page, "p.txt", 2021)
    assert article.paragraphs == ("本报讯 11月29日，魏锋等4名同志参加open source活动。",)


@pytest.mark.parametrize(
    ("lead", "date", "precision", "note"),
    [
        ("本报讯 为贯彻5月8日上午会议精神,5月8日下午,二七区检查防汛。", "2020-05-08", D, ""),
        ("本报讯 近日,二七区组织观看教育片,自5月3日起持续观看。", "2020-05-09", A, "近日"),
        ("本报讯 二七区日前召开会议。", "2020-05-09", A, "日前"),
        ("本报讯 近年来,二七区打造治理新样板。", "2020-05-09", A, "近年来"),
        ("本报讯 二七区召开会议。", "2020-05-09", A, "未注明日期"),
    ],
)
def test_article_dates(lead: str, date: str, precision: DatePrecision, note: str) -> None:
    page = f"{lead}\n\n本报讯 5月9日,二七区召开另一次会议。\n"
    article = parse_page(page, "p.txt", 2020)[0]
    assert (article.iso_date, article.date_precision, article.date_note) == (date, precision, note)


def test_page_without_any_date_has_unknown_dates() -> None:
    (article,) = parse_page("本报讯 近日,二七区召开会议。\n", "p.txt", 2020)
    assert article.date is None
    assert article.date_precision is DatePrecision.UNKNOWN


def test_impossible_date_is_not_a_date() -> None:
    (article,) = parse_page("本报讯 2月30日,二七区召开会议。\n", "p.txt", 2021)
    assert article.date is None


def test_missing_year_is_inferred_and_marked() -> None:
    page = "本报讯 12月14日,会议指出,2022年是党的二十大召开之年,要超前布局2022年各项工作。\n"
    (article,) = parse_page(page, "p.txt", None)
    assert article.date == dt.date(2021, 12, 14)
    assert article.year_inferred


def test_missing_year_without_mentions_uses_the_default() -> None:
    (article,) = parse_page("本报讯 11月22日,二七区召开会议。\n", "p.txt", None, default_year=2019)
    assert article.date == dt.date(2019, 11, 22)
    assert article.year_inferred


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2022年是党的二十大召开之年", 2021),
        ("谋划2023年工作", 2022),
        ("召开 2021~2022\n年秋冬季攻坚会", 2021),
        ("2021年汛情; 2022年安置房", 2022),
        ("2020年工作; 力争2020年全覆盖, 2021年亮点, 2022年品牌", 2020),
        ("解决诉求1000余个", None),
        ("", None),
    ],
)
def test_infer_year(text: str, year: int | None) -> None:
    assert infer_year(text) == year


def test_seed_years_are_inferred_without_the_manifest(seeds_dir: Path) -> None:
    manifest = tomllib.loads((seeds_dir / "manifest.toml").read_text(encoding="utf-8"))["pages"]
    right = [
        page
        for page in GOLDEN
        if infer_year((seeds_dir / page).read_text(encoding="utf-8")) == manifest[page]["year"]
    ]
    assert len(right) >= 4


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "二七区召开会议。\n",
        "■ 短讯\n",
        "记者 景静\n",
        "本报讯。",
    ],
)
def test_text_without_lead_has_no_article(text: str) -> None:
    assert parse_page(text, "p.txt", 2021) == []
