"""Abbreviations (mined and curated) and synonyms expand a question both ways."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from retrieval.search.abbrev import in_order, mine_abbreviations
from retrieval.search.expand import VARIANT_WEIGHT, Expander, read_table

if TYPE_CHECKING:
    from retrieval.engine import Engine

DISTRICTS = Path(__file__).parent / "data" / "districts"


@pytest.fixture(scope="module")
def districts(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over invented pages of other districts (not the seeds)."""
    from retrieval.engine import Engine

    return Engine.open(DISTRICTS, tmp_path_factory.mktemp("cache"))


def test_in_order() -> None:
    assert in_order("安委会", "安全生产委员会")
    assert not in_order("委安会", "安全生产委员会")


def test_definitions_the_pages_give_are_mined() -> None:
    text = "12月10日，惠济经济开发区（以下简称惠济经开区）科创中心揭牌。"
    assert ("惠济经开区", "惠济经济开发区") in mine_abbreviations([text], [])


def test_an_in_order_short_form_of_a_body_is_mined_but_a_place_is_not() -> None:
    texts = ["召开金水区安全生产委员会会议，区安委会成员参加。金水经济技术开发区成立。"]
    pairs = mine_abbreviations(texts, ["区安委会", "金水区", "安置会"])
    assert ("区安委会", "区安全生产委员会") in pairs
    assert all(short != "金水区" for short, _ in pairs)  # a place, not an abbreviation


def test_curated_place_patterns_take_the_district_name_from_the_pages() -> None:
    pairs = mine_abbreviations(["共青团管城回族区委举办交流会。"], [])
    assert ("团区委", "共青团管城回族区委") in pairs


def test_tables_are_strict_groups_of_two_or_more_words() -> None:
    for name in ("synonyms.txt", "abbreviations.txt"):
        rows = read_table(name)
        assert len(rows) > 50
        assert all(len(row) >= 2 and len(set(row)) == len(row) for row in rows)


def test_variants_replace_phrases_both_ways_and_only_with_what_the_corpus_holds() -> None:
    expander = Expander()
    assert expander.variants("二七经济技术开发区有多少家企业", lambda p, a: True)[0] == (
        "二七经开区有多少家企业"
    )
    assert "安全生产委员会全体会议" in expander.variants("安委会全体会议", lambda p, a: True)
    assert "防汛物资" in expander.variants("防洪物资", lambda p, a: a == "防汛")
    assert expander.variants("防洪物资", lambda p, a: False) == []
    assert expander.variants("共青团二七区委开会", lambda p, a: True) == ["团区委开会"]


def test_longer_phrases_win_over_their_parts() -> None:
    phrases = [phrase for phrase, _ in Expander().matches("电信网络诈骗案")]
    assert phrases == ["电信网络诈骗"]


def test_an_expansion_weighs_less_than_the_word_asked(engine: Engine) -> None:
    exact = engine.index.search("防汛物资", limit=1)[0]
    expanded = engine.index.search("防洪物资", limit=1)[0]
    assert expanded.article == exact.article
    assert VARIANT_WEIGHT * exact.score <= expanded.score < exact.score


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("帮企业解决困难的活动", "万人助万企"),
        ("打击网络骗局的专项行动叫什么", "霹雳"),
    ],
)
def test_synonyms_answer_through_the_engine(engine: Engine, question: str, phrase: str) -> None:
    answer = engine.ask(question)
    assert not answer.no_answer
    assert phrase in answer.hits[0].article.text


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("区纪律检查委员会立案审查了多少件", "52件"),  # the page says 区纪委监委
        ("团区委办了什么活动", "志愿服务交流会"),  # the page says 共青团管城回族区委
        ("金水区安委会全体会议有多少人参加", "180余人"),
    ],
)
def test_abbreviations_answer_on_other_districts(
    districts: Engine, question: str, phrase: str
) -> None:
    answer = districts.ask(question)
    assert not answer.no_answer
    assert phrase in "\n".join(block.text for block in answer.blocks) + answer.hits[0].article.text


def test_what_only_a_variant_finds_never_outranks_what_the_words_asked_find(
    corpus_copy: Path,
) -> None:
    from retrieval.engine import Engine

    # 植树 and 绿化 share a synonym group; the seeds hold a long article on 园林绿化.
    (corpus_copy / "tree.txt").write_text(
        "二七区召开植树会议\n\n本报讯 3月1日,二七区召开植树会议,部署植树工作。记者 景静\n", "utf-8"
    )
    hits = Engine.open(corpus_copy, None).index.search("植树会议", limit=3)
    assert hits[0].article.title == "二七区召开植树会议"
    assert all(hit.score <= VARIANT_WEIGHT * hits[0].score for hit in hits[1:])
