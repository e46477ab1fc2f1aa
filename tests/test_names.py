"""People the pages never name: recognised by shape, answered with who holds the title."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from retrieval.query.names import unknown_candidates

if TYPE_CHECKING:
    from retrieval.engine import Engine


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("李国强区长最近开了哪些会", (("李国强", "区长"),)),
        ("区长李国强是谁", (("李国强", "区长"),)),
        ("王建华书记参加了什么活动", (("王建华", "书记"),)),
        ("张伟是谁", (("张伟", ""),)),
        ("刘德华来二七区了吗", (("刘德华", ""),)),
    ],
)
def test_names_are_recognised_by_their_shape(question: str, expected: tuple) -> None:
    assert unknown_candidates(question, ()) == expected


@pytest.mark.parametrize(
    "question",
    [
        "常务副区长是谁",
        "纪委书记是谁",
        "区人民法院的院长是哪位",
        "安置房什么时候建好",
        "苏区长去了哪",
    ],
)
def test_titles_and_topics_are_no_names(question: str) -> None:
    assert unknown_candidates(question, ()) == ()


def test_known_people_are_not_candidates() -> None:
    assert unknown_candidates("高岩是谁", ["高岩"]) == ()


def test_an_unknown_person_with_a_title_gets_who_holds_it_and_no_hits(engine: Engine) -> None:
    answer = engine.ask("李国强区长最近开了哪些会")
    assert answer.no_answer
    assert not answer.hits
    text = "\n".join(block.text for block in answer.blocks)
    assert "报道中没有提到李国强" in text
    assert "苏建设" in text  # who the pages call 区长
    assert "陈红民" not in text  # no meetings of anyone else


def test_an_unknown_bare_name_says_only_that(engine: Engine) -> None:
    answer = engine.ask("张伟是谁")
    assert answer.no_answer
    assert [block.text for block in answer.blocks] == ["报道中没有提到张伟。"]


def test_a_name_the_pages_hold_is_answered(engine: Engine) -> None:
    answer = engine.ask("高岩是谁")
    assert not answer.no_answer
    assert "高岩" in answer.blocks[0].text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("市委书记安伟来二七区调研了吗", (("安伟", "书记"),)),  # 来 after a titled name
        ("区政协主席黄永刚讲了什么", (("黄永刚", "主席"),)),  # 讲 after a titled name
        ("欧阳娜娜是谁", (("欧阳娜娜", ""),)),  # a compound surname and two characters
        ("司马光来二七区了吗", (("司马光", ""),)),
    ],
)
def test_more_forms_of_unknown_names(question: str, expected: tuple[tuple[str, str], ...]) -> None:
    assert unknown_candidates(question, ()) == expected
