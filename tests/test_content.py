"""A long question is reduced to the clauses carrying its content, not refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval.query.content import LONG_QUESTION, reduce_question

if TYPE_CHECKING:
    from retrieval.engine import Engine

CHATTER = "您好，我是侯寨乡的村民，今年六十多岁了，这是孙子帮我打的字，大家心里都没底，"
LONG = CHATTER * 3 + "郭家咀水库加固什么时候能完成？谢谢你们，辛苦了，祝你们工作顺利！"
RARE = {"郭家咀": 4.0, "水库": 3.0, "加固": 3.0, "村民": 0.5}


def test_short_questions_are_read_whole() -> None:
    question = "郭家咀水库加固什么时候完成，谢谢"
    assert len(question) <= LONG_QUESTION
    assert reduce_question(question, RARE.get, list) == question  # type: ignore[arg-type]


def test_a_long_question_keeps_the_asking_clause_with_the_most_information(
    engine: Engine,
) -> None:
    cut = engine.segmenter.query_terms
    kept = reduce_question(LONG, lambda t: RARE.get(t, 0.0), cut)
    assert kept == "郭家咀水库加固什么时候能完成？"


def test_a_question_with_no_known_word_is_left_alone(engine: Engine) -> None:
    assert reduce_question(LONG, lambda t: 0.0, engine.segmenter.query_terms) == LONG


def test_a_long_chatty_question_is_answered(engine: Engine) -> None:
    answer = engine.ask(LONG)
    assert not answer.no_answer
    assert answer.question == LONG
    assert "汛期前" in "\n".join(block.text for block in answer.blocks)
