"""Colloquial phrases (骗子打电话骗钱, 泡坏的房子) are read as the pages' official words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval.search.colloquial import Colloquial
from retrieval.search.expand import Expander, read_table

if TYPE_CHECKING:
    from retrieval.engine import Engine


def test_a_colloquial_span_with_a_gap_is_read_as_one_official_word() -> None:
    matches = dict(Expander().matches("骗子天天打电话来骗钱怎么办"))
    assert matches["骗子天天打电话来骗钱"][0] == "电信网络诈骗"
    assert "电诈" in matches["骗子天天打电话来骗钱"]  # then the official word's own synonyms


def test_the_lexicon_is_one_scan_that_reads_every_phrase_it_lists() -> None:
    lexicon = Colloquial([["住改商", "住房改…门面", "改成门面房"], ["游园", "小公园"]])
    assert lexicon.spans("把住房改成门面") == [(1, 7, "住改商")]
    assert lexicon.read("家门口的小公园和改成门面房的楼") == "家门口的游园和住改商的楼"
    assert Colloquial([]).read("小公园") == "小公园"


def test_a_gap_never_crosses_a_clause_or_swallows_an_asking_word() -> None:
    expander = Expander()
    assert all(p != "打电话，骗钱" for p, _ in expander.matches("打电话，骗钱"))
    variant = expander.variants("干部去看了什么片子", lambda p, a: True)
    assert all("什么" in v for v in variant)


def test_a_word_two_phrases_stand_for_is_put_in_once() -> None:
    variants = Expander().variants("骗子打电话骗钱的行动", lambda p, a: True)
    assert variants[0] == "电信网络诈骗的行动"


def test_colloquial_rows_name_an_official_word_and_its_everyday_phrases() -> None:
    rows = read_table("colloquial.txt")
    assert len(rows) > 40
    assert all(len(set(row)) == len(row) for row in rows)


def test_colloquial_questions_find_the_article_the_exact_words_find(engine: Engine) -> None:
    exact = engine.index.search("电信网络诈骗 动员", limit=1)[0].article
    assert engine.index.search("骗子打电话骗钱 动员", limit=1)[0].article == exact
    assert engine.index.search("骗子打电话骗钱 动员", limit=1)[0].score < (
        engine.index.search("电信网络诈骗 动员", limit=1)[0].score
    )


def test_a_colloquial_question_is_answered_and_an_unrelated_one_is_not(engine: Engine) -> None:
    answered = engine.ask("被水泡坏的房子啥时候能修好")
    assert not answered.no_answer
    assert engine.ask("区里给退休老人发多少养老金").no_answer


def test_a_clause_is_weighed_by_the_official_words_its_colloquial_phrases_mean(
    engine: Engine,
) -> None:
    from retrieval.query.content import weigh

    clause = "想问问泡坏的房子重建是怎么要求的"
    assert weigh(clause, engine.index.information, engine.words) > weigh(
        "想问问房子重建是怎么要求的", engine.index.information, engine.words
    )
