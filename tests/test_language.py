"""Questions in English or pinyin get a bilingual hint naming whom they meant."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from retrieval.query.language import is_foreign, people_in_pinyin, spelled
from retrieval.search.people import Person

if TYPE_CHECKING:
    from retrieval.engine import Engine

PEOPLE = (Person("陈红民", ("区委书记",), ()), Person("吕安民", ("区人大常委会主任",), ()))


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        ("What meetings did Chen Hongmin attend?", True),
        ("chen hongmin zuijin kai le naxie hui", True),
        ("国家反诈中心APP推广", False),
        ("PM2.5浓度", False),
        ("陈红民最近开了哪些会", False),
    ],
)
def test_is_foreign(text: str, foreign: bool) -> None:
    assert is_foreign(text) is foreign


def test_names_in_pinyin_map_to_people() -> None:
    assert spelled("吕安民") == "luanmin"
    assert people_in_pinyin("What did Chen Hongmin say?", PEOPLE) == ("陈红民",)
    assert people_in_pinyin("hongmin chen", PEOPLE) == ("陈红民",)
    assert people_in_pinyin("Lv Anmin", PEOPLE) == ("吕安民",)
    assert people_in_pinyin("the weather today", PEOPLE) == ()


def test_an_english_question_gets_a_bilingual_hint_with_an_example(engine: Engine) -> None:
    answer = engine.ask("What meetings did Chen Hongmin attend recently?")
    assert answer.no_answer
    assert not answer.hits
    assert answer.intent == "foreign"
    text = "\n".join(block.text for block in answer.blocks)
    assert "请用中文提问" in text
    assert "Please ask in Chinese" in text
    assert "“陈红民最近开了哪些会”" in text


def test_an_english_question_without_a_name_gets_the_leading_official(engine: Engine) -> None:
    text = "\n".join(b.text for b in engine.ask("what happened last week").blocks)
    assert "最近开了哪些会" in text
