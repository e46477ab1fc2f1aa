"""Arbitrary input never crashes question parsing or answering."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.query.intents import REGISTRY
from retrieval.query.question import MAX_QUESTION_CHARS, parse_question
from retrieval.search.people import Person

if TYPE_CHECKING:
    from retrieval.engine import Engine

PEOPLE = (
    Person("陈红民", ("区委书记",), ("a1",)),
    Person("苏建设", ("区委副书记", "区长"), ("a2",)),
    Person("王传胜", ("副区长",), ("a3",)),
    Person("王明", ("副区长",), ("a4",)),
)
PIECES = st.sampled_from(
    ["陈书记", "王区长", "最近", "开了哪些会", "是谁", "多少家", "哪天", "今年", "12月",
     "2021年3月", "<b>", "</script>", "\u200b", "\x00", "😀", "？", "陳紅民", " ", "会议"]
)  # fmt: skip
# Every registered intent's own example questions, so each intent's cues and template run.
EXAMPLES = st.sampled_from([example for spec in REGISTRY.values() for example in spec.examples])
QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, EXAMPLES, st.text(max_size=5)), max_size=30).map("".join),
    st.tuples(st.text(max_size=4), EXAMPLES, st.text(max_size=4)).map("".join),
    st.just("会" * 5000),
)
TODAYS = st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))


@settings(deadline=None)  # a crash test: the first call loads lazily, timing is no criterion
@given(QUESTIONS, TODAYS)
def test_parse_question_never_crashes(question: str, today: dt.date | None) -> None:
    query = parse_question(question, PEOPLE, today=today)
    assert query.question == question
    assert len(query.text) <= MAX_QUESTION_CHARS
    assert query.intent in REGISTRY
    assert set(query.people) <= {p.name for p in PEOPLE}
    assert not any(ch in query.text for ch in "\x00\u200b")
    if query.date_from is not None:
        assert query.date_to is not None
        assert query.date_from <= query.date_to
        assert query.period


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(REGISTRY)), st.text(max_size=3), st.text(max_size=3))
def test_every_intent_parses_around_noise(intent: str, before: str, after: str) -> None:
    for example in REGISTRY[intent].examples:
        query = parse_question(before + example + after, PEOPLE, today=None)
        assert query.intent in REGISTRY
        assert all(isinstance(value, str) for _, value in query.slots)


@settings(max_examples=40, deadline=None)
@given(QUESTIONS)
def test_engine_answers_anything(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.blocks
    assert answer.no_answer == (not answer.hits)
    cited = {c.article_id for c in answer.citations}
    assert all(b.article_id is None or b.article_id in cited for b in answer.blocks)


@pytest.mark.parametrize(
    ("intent", "question"),
    [(spec.intent, example) for spec in REGISTRY.values() for example in spec.examples],
)
def test_engine_answers_each_intent_with_its_template(
    engine: Engine, intent: str, question: str
) -> None:
    answer = engine.ask(question)
    assert answer.intent == intent
    assert answer.blocks
    assert answer.no_answer == (not answer.hits)
