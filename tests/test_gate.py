"""The relevance gate: unseen everyday words do not veto a strong match; off-topic stays out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from retrieval.search.gate import ACTION_SHARE, EVERYDAY_SHARE, unseen_information
from retrieval.search.general import lookup

if TYPE_CHECKING:
    from retrieval.engine import Engine


def test_general_dictionary_knows_everyday_words_names_and_function_words() -> None:
    assert lookup("防洪").known
    assert not lookup("防洪").function
    assert lookup("怎么").function
    assert lookup("刘德华").name
    assert not lookup("霹雳行动启动了吗").known
    assert not lookup("").known
    assert not lookup("a b").known


@pytest.mark.parametrize(
    ("word", "share"),
    [
        ("防洪", ACTION_SHARE),  # an everyday verbal noun (vn)
        ("老房子", EVERYDAY_SHARE),
        ("搞", 0.0),  # one character carries nothing
        ("那个", 0.0),  # a function word
        ("到底", 0.0),
        ("治理", ACTION_SHARE),  # an everyday verb
        ("刘德华", 1.0),  # a name: the most
        ("霹雳行动启动", 1.0),  # a word the general language does not list
    ],
)
def test_unseen_word_weight_follows_what_the_word_is(word: str, share: float) -> None:
    assert unseen_information(word, 6.0) == pytest.approx(6.0 * share)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("听说区里在搞霹雳行动，是干嘛的", "二七区“霹雳”行动启动"),
        ("老房子在水灾里受损了怎么重建", "二七区召开灾后恢复重建工作领导小组会议"),
    ],
)
def test_an_everyday_word_the_pages_never_use_does_not_sink_a_match(
    engine: Engine, question: str, title: str
) -> None:
    answer = engine.ask(question)
    assert not answer.no_answer
    assert answer.hits[0].article.title == title


@pytest.mark.parametrize("question", ["今年高考分数线是多少", "明天郑州限行尾号是多少"])
def test_off_topic_questions_still_get_no_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.no_answer
    assert not answer.hits


def test_an_unlisted_word_of_everyday_parts_weighs_no_more_than_its_parts() -> None:
    assert unseen_information("能建好", 4.0) == pytest.approx(ACTION_SHARE * 4.0)  # 能 + 建好
    assert unseen_information("东西呀", 4.0) == pytest.approx(EVERYDAY_SHARE * 4.0)  # 东西 + 呀


def test_a_chatty_question_with_an_unlisted_word_still_answers(engine: Engine) -> None:
    answer = engine.ask("你好，我家在二七区，想问问安置房什么时候能建好，政府开会是怎么说的")
    assert not answer.no_answer
    assert "安置房" in answer.hits[0].article.title
