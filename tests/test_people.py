"""People and set phrases mined from article text: role patterns, lists, bylines, quotes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.models import Article, Byline, DatePrecision
from retrieval.pages.corpus import load_corpus
from retrieval.search.bm25 import Overrides, mine_words, read_overrides
from retrieval.search.people import Person, mine_people, mine_terms

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NO_BYLINE = Byline()


def article(
    *paragraphs: str, article_id: str = "a-00", title: str = "标题", byline: Byline = NO_BYLINE
) -> Article:
    """A one-off article around some paragraphs."""
    return Article(
        article_id=article_id,
        source="t.txt",
        title=title,
        subtitle="",
        title_derived=False,
        date=dt.date(2021, 11, 29),
        date_precision=DatePrecision.DAY,
        date_note="",
        year_inferred=False,
        byline=byline,
        paragraphs=paragraphs,
    )


def by_name(people: tuple[Person, ...]) -> dict[str, Person]:
    """Index people by name."""
    return {p.name: p for p in people}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("区委书记陈红民表示，将坚持不懈。", "陈红民", "区委书记"),
        ("二七区区长苏建设主持召开安置房建设工作专题会。", "苏建设", "区长"),
        ("区人大常委会主任吕安民主持会议。", "吕安民", "区人大常委会主任"),
        ("区委常委、纪委书记汤晓义领学了意见。", "汤晓义", "纪委书记"),
        ("区人民法院院长王炅及区监委相关同志列席会议。", "王炅", "区人民法院院长"),
        ("区委副书记、区长、防汛抗旱指挥部指挥长苏建设一行实地检查。", "苏建设", "区委副书记"),
    ],
)
def test_role_patterns_name_people(text: str, name: str, role: str) -> None:
    people = by_name(mine_people([article(text)]))
    assert set(people) == {name}
    assert role in people[name].roles


def test_leader_lists_name_everyone_in_them() -> None:
    text = "区领导陈红民、姚志伟、崔世英、王升建等出席。区领导苏建设、时博、王波等出席。"
    people = by_name(mine_people([article(text)]))
    assert set(people) == {"陈红民", "姚志伟", "崔世英", "王升建", "苏建设", "时博", "王波"}
    assert people["时博"].roles == ("区领导",)


def test_appointments_and_comrades() -> None:
    text = "关于提请区人大常委会任免常淼等2名同志职务的议案。常淼同志被任命为副区长。"
    assert set(by_name(mine_people([article(text)]))) == {"常淼"}


def test_bylines_give_reporters_and_correspondents() -> None:
    byline = Byline(reporters=("景静",), correspondents=("左学彬", "周祎"))
    people = by_name(mine_people([article("本报讯 会议召开。", byline=byline)]))
    assert people["景静"].roles == ("记者",)
    assert people["周祎"].roles == ("通讯员",)
    assert people["左学彬"].article_ids == ("a-00",)


@pytest.mark.parametrize(
    "text",
    [
        "真正让“市场的归市场、区长的归区长”。",
        "完善联审联批、领导包保、分析调度等工作机制。",
        "各乡镇团(工)委书记参加了会议。",
        "区直各部门负责人参加会议。",
        "",
    ],
)
def test_prose_that_names_nobody(text: str) -> None:
    assert mine_people([article(text)]) == ()


def test_article_ids_list_every_article_naming_the_person() -> None:
    first = article("区委书记陈红民表示要抓落实。", article_id="a-01")
    second = article("陈红民强调，要统筹推进。", article_id="a-02")
    other = article("区长苏建设主持会议。", article_id="a-03")
    people = by_name(mine_people([first, second, other]))
    assert people["陈红民"].article_ids == ("a-01", "a-02")


def test_traditional_text_gives_simplified_names() -> None:
    people = by_name(mine_people([article("區委書記陳紅民表示，要抓落實。")]))
    assert set(people) == {"陈红民"}


def test_terms_are_quoted_phrases_book_titles_and_short_names() -> None:
    text = (
        "精准做好“三送一强”，深化“万人助万企”活动。观看《兴衰之鉴》。"
        "二七经济技术开发区(以下简称二七经开区)。打造“整洁、有序、舒适、愉悦”的环境。"
        "《关于加强巡视整改和成果运用的意见》"
    )
    assert mine_terms([article(text)]) == ("万人助万企", "三送一强", "二七经开区", "兴衰之鉴")


def test_overrides_add_and_forget(tmp_path: Path) -> None:
    path = tmp_path / "userdict.dict"
    path.write_text("# comment\n霹雳行动\n左学彬 name\n-三送一强\n\n", encoding="utf-8")
    overrides = read_overrides(path)
    assert overrides == Overrides(terms=("霹雳行动",), names=("左学彬",), remove=("三送一强",))
    texts = article("通讯员左学彬报道“三送一强”和“霹雳”行动。")
    people, terms = mine_words([texts], overrides)
    assert [p.name for p in people] == ["左学彬"]
    assert terms == ("霹雳", "霹雳行动")


def test_missing_override_file_is_empty(tmp_path: Path) -> None:
    assert read_overrides(tmp_path / "userdict.dict") == Overrides()


def test_seed_people_are_exactly_the_people_on_the_pages() -> None:
    from tests.test_segment import SEED_PEOPLE

    people = mine_people(load_corpus(SEEDS).articles)
    assert sorted(p.name for p in people) == sorted(SEED_PEOPLE)
    su = by_name(people)["苏建设"]
    assert {"区长", "区委副书记"} <= set(su.roles)
    assert len(su.article_ids) >= 6


def test_an_appointment_gives_the_role_it_names() -> None:
    people = by_name(
        mine_people(
            [article("经投票表决，常淼同志被任命为二七区政府副区长。", "王小明当选为区政协主席。")]
        )
    )
    assert people["常淼"].roles == ("区政府副区长",)
    assert people["王小明"].roles == ("区政协主席",)
